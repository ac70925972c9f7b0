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

/** What a destructive run on a sim-as-node left: the run, its pass-rate result, package-data states before and after. */
interface NodeRun {
  node: SimAsNode;
  run: PlaywrightRun;
  result: GateResult;
  before: Record<string, string>;
  after: Record<string, string>;
}

/**
 * Registers the describe's hooks: start a sim as node `name`, `prepare` it, snapshot its states, run
 * project `name` destructively narrowed to `grep` (with `env` on top), snapshot again; stop it after.
 * The returned object is filled in by the time the describe's tests run.
 */
function destructiveRun(
  name: string,
  grep: string,
  env: Record<string, string> = {},
  prepare: (node: SimAsNode) => Promise<void> = async () => {},
): NodeRun {
  const r = {} as NodeRun;
  before(async () => {
    r.node = await startSimAsNode(name);
    await prepare(r.node);
    r.before = await r.node.states();
    r.run = await runPlaywright([`--project=${name}`, '--grep', grep], r.node.env({ ...DESTRUCTIVE, ...env }), 840_000);
    r.result = r.node.passRate();
    r.after = await r.node.states();
  });
  after(async () => {
    await r.node?.stop();
  });
  return r;
}

describe('a fresh sim as a real node, destructive, nothing protected', { timeout: 900_000 }, () => {
  // archy-lnd-ui needs lnd needs bitcoin (none installed: ARCHY_BITCOIN_NODE, bitcoin-knots); bitcoin-core swaps it out.
  const r = destructiveRun('node-rn', '@app:(archy-lnd-ui|bitcoin-core)\\b', {
    ARCHY_UNPROTECT: 'bitcoin-knots,bitcoin-core',
  });

  test('the run passes: 0 failures (setup and teardown included)', () => {
    assert.equal(r.run.code, 0, r.run.output.slice(-4000));
    assert.deepEqual(failures(r.result), []);
    assert.ok(
      r.result.tests.filter((t) => t.passed > 0).length >= 15,
      `expected the apps' cells to run: ${r.result.tests.length} tests`,
    );
  });

  test('nothing is skipped except what the report classes (missing setting ARCHY_SSH_HOST for L3)', () => {
    assert.deepEqual(unexplainedSkips(r.result), []);
    const skipped = r.result.tests.filter((t) => t.skipped > 0);
    assert.ok(
      skipped.length > 0 && skipped.every((t) => t.layer === 'L3' && t.setting === 'ARCHY_SSH_HOST'),
      skipped.map((t) => `${t.title}: ${t.skipReason}`).join('\n'),
    );
    assert.match(skipped[0]!.skipReason ?? '', /^not covered: set ARCHY_SSH_HOST /);
  });

  test('dependencies were installed first, and the node is left as found', () => {
    assert.deepEqual(r.after, r.before);
    assert.match(r.run.output, /teardown: the node is left as the run found it/);
  });
});

describe('a sim as a real node whose bitcoin-knots is protected', { timeout: 900_000 }, () => {
  // bitcoin-knots installed first: a node with its (protected) chain
  const r = destructiveRun('node-rp', '@app:(bitcoin-core|bitcoin-knots|lnd)\\b', {}, (node) =>
    installAndWait(node, 'bitcoin-knots'),
  );

  test("bitcoin-core's cells are not covered on the node: protected bitcoin-knots (policy), not run, not failed", () => {
    assert.equal(r.run.code, 0, r.run.output.slice(-4000));
    const core = r.result.notCovered.filter((n) => n.app === 'bitcoin-core');
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
      r.result.tests.filter((t) => t.app === 'bitcoin-core' && t.layer !== 'L3' && t.layer !== 'L5').length,
      0,
    );
    assert.ok(
      r.result.notCovered.some((n) => n.app === 'bitcoin-knots' && n.cell === 'reinstall' && n.class === 'policy'),
      'knots reinstall: protected',
    );
  });

  test('everything else runs: 0 failures, no unexplained skip, the node left as found', () => {
    assert.deepEqual(failures(r.result), []);
    assert.deepEqual(unexplainedSkips(r.result), []);
    const lnd = r.result.tests.filter((t) => t.app === 'lnd' && t.layer !== 'L3' && t.layer !== 'L5'); // L3/L5: no control channel, no chaos allowed
    assert.ok(lnd.length >= 9 && lnd.every((t) => t.passed === 1), lnd.map((t) => `${t.title} ${t.passed}`).join('\n'));
    assert.deepEqual(r.after, r.before);
    assert.equal(r.after['bitcoin-knots'], 'running');
  });
});
