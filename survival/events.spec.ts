/**
 * L3 lifecycle survival of the bitcoin-core stack: bitcoin-core and every app that runs on a bitcoin
 * node, each with its `daemon-restart` and `reboot` cells (fixtures/stack-survival.ts says how an event
 * is suffered once per stack and judged per app).
 *
 * It is queued after api-specs/, whose dependants leave bitcoin-core running. The bitcoin-knots stack
 * is queued first of all, at the head of api-specs/apps.spec.ts, so one install of bitcoin-knots serves
 * its events and its chain (why: fixtures/stack-events.ts, STACKS).
 */
import { describeStackSurvival } from '../fixtures/stack-survival';
import { CORE_STACK } from '../fixtures/stack-events';

describeStackSurvival(CORE_STACK);
