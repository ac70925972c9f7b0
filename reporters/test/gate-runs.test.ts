import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mergeGateRuns, offsetRepetitions, type GateRuns } from '../gate-runs';
import { summariseGate } from '../gate-summary';
import type { TestTags } from '../../config/tags';

const tags: TestTags = { destructive: false, chaos: false, layer: 'L1', app: 'lnd', cell: 'present' };
const KEY = 'api-specs/apps.spec.ts › lnd › lnd present';

/** A shard that ran `iterations` whole iterations of one test, failing the repetitions in `failed`. */
function shard(iterations: number, failed: number[] = []): GateRuns {
  const reps = Array.from({ length: iterations }, (_, r) => r);
  return {
    node: 'sim',
    iterations,
    layers: ['L1'],
    planned: reps.map((r) => ({ key: KEY, title: 'lnd present', file: 'api-specs/apps.spec.ts', tags, repetition: r })),
    outcomes: reps.map((r) => [
      `${KEY}#${r}`,
      failed.includes(r) ? { kind: 'failed', class: 'product', message: `broke in ${r}` } : { kind: 'passed' },
    ]),
    runErrors: [],
    notCovered: [],
    durations: reps.map((r) => [`${KEY}#${r}`, 100 + r]),
    nodeOps: reps.map((r) => [`${KEY}#${r}`, { install: r }]),
  };
}

test('shards of whole iterations are numbered apart: the merged plan counts every run once', () => {
  const a = offsetRepetitions(shard(3), 0);
  const b = offsetRepetitions(shard(2, [1]), 3);
  assert.deepEqual(
    b.planned.map((p) => p.repetition),
    [3, 4],
  );
  assert.deepEqual(
    b.outcomes.map(([id]) => id),
    [`${KEY}#3`, `${KEY}#4`],
  );
  assert.deepEqual(
    b.durations?.map(([id]) => id),
    [`${KEY}#3`, `${KEY}#4`],
  );
  assert.deepEqual(
    b.nodeOps?.map(([id]) => id),
    [`${KEY}#3`, `${KEY}#4`],
  );
  const merged = mergeGateRuns([a, b], 5);
  assert.equal(merged.iterations, 5);
  assert.equal(merged.outcomes.size, 5, 'no two shards share a run id');
  const summary = summariseGate({ ...merged, wallMs: 1 });
  assert.equal(summary.verdict, 'fail');
  assert.deepEqual(
    { passed: summary.cells['lnd/present']?.passed, failed: summary.cells['lnd/present']?.failed },
    { passed: 4, failed: 1 },
  );
});

test('all shards green: the cell is 5/5 over the 5 iterations of the gate', () => {
  const merged = mergeGateRuns([offsetRepetitions(shard(3), 0), offsetRepetitions(shard(2), 3)], 5);
  const summary = summariseGate({ ...merged, wallMs: 1 });
  assert.equal(summary.cells['lnd/present']?.passed, 5);
});

test('shards of another node are refused', () => {
  assert.throws(() => mergeGateRuns([shard(1), { ...shard(1), node: 'node-228' }], 2), /disagree on the node/);
});
