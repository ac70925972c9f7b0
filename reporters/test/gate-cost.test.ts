/** Issue 13's pure parts: the release verdict over nodes, the run's estimate and ETA, node-op totals, p50/p95, the locks. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { GateResult, RunCounts } from '../gate-model';
import { failingNodes, releaseVerdict } from '../gate-release';
import {
  budgetGuessMs,
  describeCost,
  estimatePlan,
  etaMs,
  rpcCallsGuess,
  sumNodeOps,
  timingsOf,
  withRpcLatency,
} from '../gate-timing';
import { percentile, summariseSamples } from '../perf-reporter';
import { nodeOpsOf } from '../../lib/node-ops';
import { ALL_APP_LOCKS, cellLocks, LOGIN_LOCK, SECURITY_READER_LOCKS } from '../../lib/cells/locks';
import { appById } from '../../config/apps';
import type { PlannedRun } from '../gate-summary';
import { runCounts as c } from './planned-runs';

function result(node: string, cells: Record<string, RunCounts>, iterations = 20): GateResult {
  return {
    node,
    iterations,
    cells,
    verdict: 'pass',
    layers: ['L1'],
    generatedAt: '2026-12-01T00:00:00Z',
    reasons: [],
    passRate: {},
    failureClasses: {
      product: 0,
      infrastructure: 0,
      'schema-drift': 0,
      'install-timeout': 0,
    } as GateResult['failureClasses'],
    tests: [],
    notCovered: [],
    runErrors: [],
  };
}

test('release: each bitcoin row covered by one node, all 20/20 → pass; a node skipping a cell does not cover it', () => {
  const a = result('node-a', { 'bitcoin-knots/state': c(20), 'bitcoin-core/state': c(0, 0, 0, 20), 'lnd/stop': c(20) });
  const b = result('node-b', { 'bitcoin-knots/state': c(0, 0, 0, 20), 'bitcoin-core/state': c(20), 'lnd/stop': c(20) });
  const r = releaseVerdict([a, b], { required: 20 });
  assert.equal(r.verdict, 'pass', r.reasons.join('\n'));
  assert.deepEqual(
    r.cells['bitcoin-core/state'].coveredBy.map((x) => x.node),
    ['node-b'],
  );
  assert.deepEqual(
    r.cells['lnd/stop'].coveredBy.map((x) => x.node),
    ['node-a', 'node-b'],
  );
});

test('release: a failure on one node fails it naming that node; an uncovered cell fails; infra alone is inconclusive', () => {
  const a = result('node-a', { 'lnd/stop': c(20) });
  const b = result('node-b', { 'lnd/stop': c(19, 1) });
  const failed = releaseVerdict([a, b], { required: 20 });
  assert.equal(failed.verdict, 'fail');
  assert.deepEqual(failingNodes(failed), ['node-b']);
  assert.match(failed.reasons[0], /^lnd\/stop on node-b: 1 of 20 runs failed/);
  const uncovered = releaseVerdict([result('node-a', { 'lnd/stop': c(0, 0, 0, 20) })], {
    required: 20,
    requiredCells: ['lnd/stop', 'lnd/start'],
  });
  assert.equal(uncovered.verdict, 'fail');
  assert.ok(uncovered.reasons.some((x) => /^lnd\/start: covered by no node/.test(x)));
  assert.equal(
    releaseVerdict([result('node-a', { 'lnd/stop': c(19, 0, 1) })], { required: 20 }).verdict,
    'inconclusive',
  );
  assert.equal(
    releaseVerdict([result('node-a', { 'lnd/stop': c(2) }, 2)], { required: 20 }).verdict,
    'fail',
    'fewer iterations than a release needs',
  );
});

const run = (key: string, rep: number, cell?: string): PlannedRun => ({
  key,
  title: key,
  file: 'f',
  tags: { app: cell ? 'lnd' : undefined, cell: cell as PlannedRun['tags']['cell'], destructive: false, chaos: false },
  repetition: rep,
});

test('estimate: from the last durations when known, the budgets otherwise; ETA at the pace so far', () => {
  const planned = [run('a', 0), run('a', 1), run('b', 0, 'start'), run('b', 1, 'start')];
  const durations = new Map([
    ['a#0', 1000],
    ['a#1', 3000],
    ['b#0', 10_000],
    ['b#1', 10_000],
  ]);
  const timings = timingsOf('sim', planned, durations, 12_000, 1);
  assert.deepEqual(timings.tests, { a: 2000, b: 10_000 });
  assert.equal(timings.overlap, 2);
  const est = estimatePlan(planned, timings, 0.05, 4);
  assert.equal(est.wallMs, 24_000 / 2);
  const rough = estimatePlan(planned, undefined, 1, 1);
  assert.equal(rough.perRun.get('b#0'), budgetGuessMs(planned[2], 1));
  assert.match(rough.source, /catalogue's budgets/);
  assert.equal(etaMs(est, new Set(), 0), est.wallMs);
  // all but one 10 s run done in 14 s (estimated 14 s): 10 s left at that pace
  assert.equal(Math.round(etaMs(est, new Set(['a#0', 'a#1', 'b#0']), 14_000)), 10_000);
});

test("estimate with the preflight's get-state time: the catalogue's guesses pay all of it, measured durations the difference", () => {
  const planned = [run('a', 0), run('b', 0, 'start')];
  const timings = { ...timingsOf('sim', planned, new Map([['a#0', 1000]]), 1000, 1), getStateP50Ms: 10 };
  const est = estimatePlan(planned, timings, 1, 1);
  const slow = withRpcLatency(est, planned, timings, 3010);
  // a was measured at 10 ms: it gains (3010 - 10) per call; b was guessed from the budgets: all 3010 per call
  assert.equal(slow.perRun.get('a#0'), 1000 + rpcCallsGuess(planned[0]) * 3000);
  assert.equal(slow.perRun.get('b#0'), est.perRun.get('b#0')! + rpcCallsGuess(planned[1]) * 3010);
  assert.equal(slow.wallMs, (slow.perRun.get('a#0')! + slow.perRun.get('b#0')!) / (est.overlap ?? 1));
  assert.match(slow.source, /get-state p50 3010 ms/);
  // durations from a gate that recorded no latency: taken to include the answer time already
  const unknown = withRpcLatency(est, planned, { ...timings, getStateP50Ms: undefined }, 3010);
  assert.equal(unknown.perRun.get('a#0'), 1000);
  // a node as fast as the last gate's: no change to the measured runs
  assert.equal(withRpcLatency(est, planned, timings, 10).perRun.get('a#0'), 1000);
});

test('node-op annotations sum per op; the cost line sets them against wall time', () => {
  const ops = nodeOpsOf([
    { type: 'node-op', description: 'stop 1500ms' },
    { type: 'node-op', description: 'stay-up 15000ms' },
    { type: 'node-op', description: 'stop 500ms' },
    { type: 'other', description: 'x' },
  ]);
  assert.deepEqual(ops, { stop: 2000, 'stay-up': 15_000 });
  const totals = sumNodeOps([ops, { install: 3000 }]);
  assert.equal(totals.totalMs, 20_000);
  assert.match(
    describeCost(10_000, totals),
    /wall 0m10s · node operations asked 0m20s \(stay-up 0m15s, install 0m03s, stop 0m02s\) · ratio 2\.00/,
  );
});

test('p50/p95 of KPI samples, over-budget counted for gating KPIs only', () => {
  assert.equal(percentile([5, 1, 3, 2, 4], 50), 3);
  assert.equal(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 100], 95), 19);
  const s = summariseSamples([
    { id: 'cold-install:lnd', value: 2000, unit: 'ms', timeScale: 0.05, budget: 3000, gating: true },
    { id: 'cold-install:lnd', value: 4000, unit: 'ms', timeScale: 0.05, budget: 3000, gating: true },
    { id: 'podman-calls-per-install', value: 7, unit: 'count', timeScale: 0.05, budget: 2, gating: false },
  ]);
  assert.deepEqual(
    { value: s['cold-install:lnd'].value, unit: s['cold-install:lnd'].unit, over: s['cold-install:lnd'].over },
    { value: 2, unit: 's', over: 1 },
  );
  assert.equal(s['podman-calls-per-install'].over, 0);
});

test('locks: lnd and electrumx share nothing; a bitcoin cell and an lnd stop exclude each other; read-only cells lock their app', () => {
  const meet = (x: string[], y: string[]): boolean => x.some((l) => y.includes(l));
  assert.ok(!meet(cellLocks(appById('lnd'), 'stop'), cellLocks(appById('electrumx'), 'stop')));
  assert.ok(meet(cellLocks(appById('bitcoin-knots'), 'present'), cellLocks(appById('lnd'), 'present')));
  assert.ok(meet(cellLocks(appById('lnd'), 'stop'), cellLocks(appById('archy-lnd-ui'), 'present')));
  assert.deepEqual(cellLocks(appById('mempool'), 'ui'), ['mempool']);
  assert.ok(meet(cellLocks(appById('bitcoin-knots'), 'stop'), cellLocks(appById('bitcoin-core'), 'present')));
});

test('locks: the read-only security checks overlap the app cells and each other, never an all-locks spec (a daemon restart)', () => {
  const meet = (x: readonly string[], y: readonly string[]): boolean => x.some((l) => y.includes(l));
  const readers = [[LOGIN_LOCK], ...Object.values(SECURITY_READER_LOCKS).map((l) => [l])];
  for (const locks of readers) {
    assert.ok(meet(locks, ALL_APP_LOCKS), `${locks.join()} must wait for a daemon restart`);
    assert.ok(!meet(locks, cellLocks(appById('bitcoin-knots'), 'stop')), `${locks.join()} need not wait for app cells`);
  }
  for (const [i, a] of readers.entries())
    for (const b of readers.slice(i + 1)) assert.ok(!meet(a, b), `${a.join()} and ${b.join()} may overlap`);
});
