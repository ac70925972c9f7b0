/**
 * Issue 24 item 6: the security cells judge what the node offers. A sim addressed as a real node
 * (tests/support/sim-as-node.ts) over plain http, started without its signer methods
 * (--no-signer-methods: no auth.signer.*, so none of §1.6's dashboard-only methods): the run's report
 * lists the Secure-cookie check as not covered ("node served over http") and every origin check as not
 * covered ("… has no dashboard-only method: the origin rule cannot be tried"); none of them fails, and
 * the other cookie checks still run.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CHECKS } from '../lib/security/checks';
import type { GateResult } from '../reporters/gate-model';
import { runPlaywright, type PlaywrightRun } from './support/run-playwright';
import { failures, startSimAsNode, type SimAsNode } from './support/sim-as-node';

const NODE = 'node-offers';
const ORIGIN_CHECKS = [CHECKS.originAbsent, CHECKS.originSameHost, CHECKS.originForeign, CHECKS.originAppPort];

describe(
  'a node over http without signer methods: the checks it cannot take are not covered, with the reason',
  { timeout: 600_000 },
  () => {
    let node: SimAsNode;
    let run: PlaywrightRun;
    let result: GateResult;

    before(async () => {
      node = await startSimAsNode(NODE, [], { flags: ['--no-signer-methods'] });
      run = await runPlaywright(
        [`--project=${NODE}`, '--grep', 'cookie attributes|dashboard-only origin rule'],
        node.env(),
        300_000,
      );
      result = node.passRate();
    });
    after(async () => {
      await node?.stop();
    });

    const detail = (title: string) => result.tests.find((t) => t.title === title);
    /** The report's not-covered entry of a check (a policy skip is listed there, not among the run tests). */
    const notCovered = (title: string) => result.notCovered.find((n) => n.title === title);

    test('the node is reached over http', () => {
      assert.match(node.sim.ready.baseUrl, /^http:/);
    });

    test('the run has no failure', () => {
      assert.equal(run.code, 0, run.output.slice(-3000));
      assert.deepEqual(failures(result), []);
    });

    test('the Secure-cookie check is not covered: node served over http', () => {
      const secure = notCovered(CHECKS.cookiesSecure.title);
      assert.ok(secure, `not listed as not covered: ${JSON.stringify(result.notCovered)}`);
      assert.equal(secure.class, 'policy');
      assert.equal(secure.reason, `not covered on ${NODE}: node served over http`);
      assert.equal(detail(CHECKS.cookiesSecure.title), undefined, 'and it did not run');
    });

    test('every origin check is not covered: the node has no dashboard-only method', () => {
      for (const check of ORIGIN_CHECKS) {
        const n = notCovered(check.title);
        assert.ok(n, `${check.title}: not listed as not covered: ${JSON.stringify(result.notCovered)}`);
        assert.equal(n.class, 'policy', check.title);
        assert.equal(detail(check.title), undefined, `${check.title} did not run`);
        assert.match(
          n.reason,
          new RegExp(`^${NODE} has no dashboard-only method: the origin rule cannot be tried`),
          check.title,
        );
      }
    });

    test('the other cookie checks ran and passed', () => {
      for (const check of [CHECKS.cookiesIssued, CHECKS.cookiesHttpOnly, CHECKS.cookiesSameSite, CHECKS.cookiesPath])
        assert.equal(detail(check.title)?.passed, 1, check.title);
    });
  },
);
