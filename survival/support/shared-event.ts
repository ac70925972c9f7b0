/**
 * One node event, many observations. A host reboot or an archipelago restart hits every app at once,
 * so L3 suffers each event once per "stack" (the apps that can run side by side) and repetition, and
 * every app's cell then judges what that event did to it:
 *
 *   - the first test of a stack and event (in one repetition, in one worker) brings every app of the
 *     stack to running, triggers the event, waits for the daemon, and takes a snapshot of each app's
 *     state once it settled (for a reboot: once it is running and healthy again, within its budget),
 *     then watches that every app seen running stays running for STAY_UP_MS (scaled);
 *   - the other tests of that stack and event reuse that outcome, so each cell still sees its own app
 *     as it was right after the event, then checks the app's live surfaces itself.
 *
 * On a real node this is what one would do by hand (reboot once, look at everything) and it makes
 * the 20× gate affordable. The outcome lives in the worker's memory: when a test fails Playwright
 * starts a new worker, and the next test suffers the event again (never a stale result).
 */
import { APPS, appById, type AppEntry } from '../../config/apps';
import { isSettled } from '../../lib/rpc/schemas';
import type { NodeConfig, NodeControl, RpcClient } from '../../fixtures';
import { ensureAppRunning } from '../../lib/ensure-app';
import type { NotCoveredNote } from '../../fixtures/not-covered';
import { waitForAppState } from '../../lib/waiters';
import { describeLeft, stayUpMs, watchStaysRunning } from '../../lib/stay-up';
import { EVENT_TITLES, sufferEvent, type NodeEvent } from './node-events';

/** A stack: apps that run side by side (the two bitcoin nodes exclude each other). */
export interface Stack {
  name: string;
  apps: AppEntry[];
}

/**
 * bitcoin-core with every app that runs on a bitcoin node — the same bitcoin node the L1/L2 cells of
 * those apps run on (api-specs/ installs bitcoin-core after bitcoin-knots), so a fault of one bitcoin
 * node shows in that node's cells only — then bitcoin-knots alone. In that order: the L3 events come
 * after api-specs/, whose dependants leave bitcoin-core running, so the first stack needs no swap of
 * the bitcoin node and a run swaps once (~30 s at real timings), not twice.
 */
export const STACKS: Stack[] = [
  { name: 'bitcoin-core stack', apps: APPS.filter((a) => a.id !== 'bitcoin-knots') },
  { name: 'bitcoin-knots stack', apps: [appById('bitcoin-knots')] },
];

/** What one app looked like after the event. */
export interface AppAfterEvent {
  /** The app could not be brought to running before the event (test skipped with this reason). */
  notReady?: NotCoveredNote;
  /** State once settled after the event ('absent' when the entry is gone). */
  state?: string;
  /** Why waiting for it after the event failed (e.g. not healthy again within its budget). */
  error?: string;
}

export interface EventOutcome {
  event: NodeEvent;
  stack: string;
  /** The event itself went wrong (daemon did not come back, precondition failed): every cell fails with it. */
  error?: string;
  apps: Record<string, AppAfterEvent>;
  /** How long bringing the stack up, the event and the settling took (ms), for the report. */
  timings: { precondition: number; event: number; settle: number; stayUp: number };
}

export interface EventDeps {
  rpc: RpcClient;
  node: NodeConfig;
  control: NodeControl;
  /** Repetition and project: one event per (project, repetition, stack, event). */
  key: string;
}

const outcomes = new Map<string, Promise<EventOutcome>>();

/** The apps a stack's cell looks at: those of the stack plus the UI companions they bring along. */
export function observedApps(stack: Stack, companionsOf: (app: AppEntry) => AppEntry[]): AppEntry[] {
  const seen = new Map<string, AppEntry>();
  for (const app of stack.apps) for (const one of [app, ...companionsOf(app)]) seen.set(one.id, one);
  return [...seen.values()];
}

async function suffer(deps: EventDeps, event: NodeEvent, stack: Stack, observed: AppEntry[]): Promise<EventOutcome> {
  const outcome: EventOutcome = {
    event,
    stack: stack.name,
    apps: {},
    timings: { precondition: 0, event: 0, settle: 0, stayUp: 0 },
  };
  let t = Date.now();
  try {
    for (const app of observed) {
      const ready = await ensureAppRunning(deps.rpc, deps.node, app.id);
      if (!ready.ready) outcome.apps[app.id] = { notReady: ready.note };
    }
  } catch (error) {
    outcome.error = `precondition (every app of the ${stack.name} running before ${EVENT_TITLES[event]}) failed: ${(error as Error).message}`;
    return outcome;
  }
  outcome.timings.precondition = Date.now() - t;
  t = Date.now();
  try {
    await sufferEvent(deps.control, deps.rpc, deps.node, event);
  } catch (error) {
    outcome.error = (error as Error).message;
    return outcome;
  }
  outcome.timings.event = Date.now() - t;
  t = Date.now();
  for (const app of observed) {
    if (outcome.apps[app.id]?.notReady) continue;
    const after: AppAfterEvent = {};
    try {
      const entry = await waitForAppState(deps.rpc, app.id, (e) => isSettled(e?.state), {
        budget: event === 'reboot' ? 'install' : 'action',
        cell: event,
        message: `settling after ${EVENT_TITLES[event]}`,
      });
      after.state = entry?.state ?? 'absent';
      if (event === 'reboot' && after.state === 'running') {
        await waitForAppState(deps.rpc, app.id, 'running-healthy', {
          budget: 'install',
          cell: event,
          message: 'healthy again after the reboot',
        });
      }
    } catch (error) {
      after.error = (error as Error).message;
    }
    outcome.apps[app.id] = after;
  }
  outcome.timings.settle = Date.now() - t;
  // Came back and stays up: every app seen running after the event is still running a hold later.
  t = Date.now();
  const up = observed
    .filter((a) => outcome.apps[a.id]?.state === 'running' && !outcome.apps[a.id]?.error)
    .map((a) => a.id);
  const hold = stayUpMs(deps.node);
  try {
    for (const left of await watchStaysRunning(deps.rpc, deps.node.name, up, t, hold)) {
      outcome.apps[left.app] = { state: left.state, error: `${describeLeft(left, hold)} after ${EVENT_TITLES[event]}` };
    }
  } catch (error) {
    outcome.error = `watching the apps stay up after ${EVENT_TITLES[event]} failed: ${(error as Error).message}`;
  }
  outcome.timings.stayUp = Date.now() - t;
  return outcome;
}

/** The outcome of `event` on `stack` in this repetition: suffered now by the first cell that asks. */
export function eventOutcome(
  deps: EventDeps,
  event: NodeEvent,
  stack: Stack,
  observed: AppEntry[],
): Promise<EventOutcome> {
  const key = `${deps.key}#${stack.name}#${event}`;
  let outcome = outcomes.get(key);
  if (!outcome) {
    outcome = suffer(deps, event, stack, observed);
    outcomes.set(key, outcome);
  }
  return outcome;
}
