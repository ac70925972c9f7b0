/**
 * Issue 10: destructive runs on a real node do the work and leave the node as found. A sim addressed
 * as a real node (tests/support/sim-as-node.ts: every real-node code path, isSim false), starting
 * fresh, ARCHY_ALLOW_DESTRUCTIVE=1:
 *   - unprotected: every cell of the chosen apps runs (dependencies installed first), the only skips
 *     are the ones the report classes as missing setting (L3: ARCHY_SSH_HOST), 0 failures, and
 *     afterwards package-data (ids and states) equals the snapshot taken before;
 *   - bitcoin-knots protected (and installed, as on a node whose chain is precious): bitcoin-core's
 *     cells are "not covered on <node>: protected bitcoin-knots …" (policy), everything else runs.
 * The runs are narrowed to a few apps (--grep) that exercise the dependency walk and the bitcoin swap;
 * the whole suite was run the same way by hand (numbers in the branch's report).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { runPlaywright, type PlaywrightRun } from './support/run-playwright';
import { failures, startSimAsNode, unexplainedSkips, type SimAsNode } from './support/sim-as-node';
import type { GateResult } from '../reporters/gate-model';

const DESTRUCTIVE = { ARCHY_ALLOW_DESTRUCTIVE: '1' };

/** Installs `id` and waits until it runs and nothing on the node is still changing (its companion installs too). */
async function installAndWait(node: SimAsNode, id: string): Promise<void> {
  await node.call('package.install', { id });
  const deadline = Date.now() + 60_000;
  for (;;) {
    const states = await node.states();
    if (states[id] === 'running' && Object.values(states).every((s) => s === 'running' || s === 'stopped')) break;
    if (Date.now() > deadline)
      throw new Error(`${id} did not reach running on the test sim: ${JSON.stringify(states)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('a fresh sim as a real node, destructive, nothing protected', { timeout: 900_000 }, () => {
  let node: SimAsNode;
  let run: PlaywrightRun;
  let result: GateResult;
  let before_: Record<string, string>;
  let after_: Record<string, string>;

  before(async () => {
    node = await startSimAsNode('node-rn');
    before_ = await node.states();
    // archy-lnd-ui needs lnd needs bitcoin (none installed: ARCHY_BITCOIN_NODE, bitcoin-knots); bitcoin-core swaps it out.
    run = await runPlaywright(
      ['--project=node-rn', '--grep', '@app:(archy-lnd-ui|bitcoin-core)\\b'],
      node.env({ ...DESTRUCTIVE, ARCHY_UNPROTECT: 'bitcoin-knots,bitcoin-core' }),
      840_000,
    );
    result = node.passRate();
    after_ = await node.states();
  });
  after(async () => {
    await node?.stop();
  });

  test('the run passes: 0 failures (setup and teardown included)', () => {
    assert.equal(run.code, 0, run.output.slice(-4000));
    assert.deepEqual(failures(result), []);
    assert.ok(
      result.tests.filter((t) => t.passed > 0).length >= 15,
      `expected the apps' cells to run: ${result.tests.length} tests`,
    );
  });

  test('nothing is skipped except what the report classes (missing setting ARCHY_SSH_HOST for L3)', () => {
    assert.deepEqual(unexplainedSkips(result), []);
    const skipped = result.tests.filter((t) => t.skipped > 0);
    assert.ok(
      skipped.length > 0 && skipped.every((t) => t.layer === 'L3' && t.setting === 'ARCHY_SSH_HOST'),
      skipped.map((t) => `${t.title}: ${t.skipReason}`).join('\n'),
    );
    assert.match(skipped[0]!.skipReason ?? '', /^not covered: set ARCHY_SSH_HOST /);
  });

  test('dependencies were installed first, and the node is left as found', () => {
    assert.deepEqual(after_, before_);
    assert.match(run.output, /teardown: the node is left as the run found it/);
  });
});

describe('a sim as a real node whose bitcoin-knots is protected', { timeout: 900_000 }, () => {
  let node: SimAsNode;
  let run: PlaywrightRun;
  let result: GateResult;
  let before_: Record<string, string>;
  let after_: Record<string, string>;

  before(async () => {
    node = await startSimAsNode('node-rp');
    await installAndWait(node, 'bitcoin-knots'); // a node with its (protected) chain
    before_ = await node.states();
    run = await runPlaywright(
      ['--project=node-rp', '--grep', '@app:(bitcoin-core|bitcoin-knots|lnd)\\b'],
      node.env(DESTRUCTIVE),
      840_000,
    );
    result = node.passRate();
    after_ = await node.states();
  });
  after(async () => {
    await node?.stop();
  });

  test("bitcoin-core's cells are not covered on the node: protected bitcoin-knots (policy), not run, not failed", () => {
    assert.equal(run.code, 0, run.output.slice(-4000));
    const core = result.notCovered.filter((n) => n.app === 'bitcoin-core');
    assert.ok(core.length >= 8, `bitcoin-core's L1/L2/L4 tests are policy-excluded, got ${core.length}`);
    for (const n of core) {
      assert.equal(n.class, 'policy');
      // reinstall says its own reason first (bitcoin-core is protected too, by the catalogue)
      // the L6 cold install names its own reason (bitcoin-core is protected too, by the catalogue)
      const why = /L6 cold install/.test(n.title ?? '')
        ? /^not covered on node-rp: protected bitcoin-core: a cold install would uninstall it/
        : n.cell === 'reinstall'
          ? /^not covered on node-rp: protected bitcoin-core is never uninstalled/
          : /^not covered on node-rp: protected bitcoin-knots would have to be uninstalled/;
      assert.match(n.reason, why);
    }
    assert.equal(
      result.tests.filter((t) => t.app === 'bitcoin-core' && t.layer !== 'L3' && t.layer !== 'L5').length,
      0,
    );
    assert.ok(
      result.notCovered.some((n) => n.app === 'bitcoin-knots' && n.cell === 'reinstall' && n.class === 'policy'),
      'knots reinstall: protected',
    );
  });

  test('everything else runs: 0 failures, no unexplained skip, the node left as found', () => {
    assert.deepEqual(failures(result), []);
    assert.deepEqual(unexplainedSkips(result), []);
    const lnd = result.tests.filter((t) => t.app === 'lnd' && t.layer !== 'L3' && t.layer !== 'L5'); // L3/L5: no control channel, no chaos allowed
    assert.ok(lnd.length >= 9 && lnd.every((t) => t.passed === 1), lnd.map((t) => `${t.title} ${t.passed}`).join('\n'));
    assert.deepEqual(after_, before_);
    assert.equal(after_['bitcoin-knots'], 'running');
  });
});
