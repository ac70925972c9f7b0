/**
 * The tools around sim variants: the fault matrix's seeded sample and the variants table.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FAULT_EXPECTATIONS, sampleFaults } from '../scripts/fault-matrix';
import { variantsTable } from '../scripts/variants';

test('fault-matrix --sample N --seed S: the same seed picks the same N distinct known faults', () => {
  const all = Object.keys(FAULT_EXPECTATIONS);
  const a = sampleFaults(all, 5, 'c0ffee');
  assert.deepEqual(a, sampleFaults(all, 5, 'c0ffee'));
  assert.equal(new Set(a).size, 5);
  for (const f of a) assert.ok(all.includes(f), f);
  const seeds = ['a', 'b', 'c', 'd', 'e', 'f'];
  assert.ok(new Set(seeds.map((s) => sampleFaults(all, 5, s).join())).size > 1, 'other seeds rotate the sample');
  assert.equal(sampleFaults(all, 999, 'x').length, all.length);
});

test('variants table: one row per seed with counts, the differing choices, and failing tests listed', () => {
  const row = (key: string, outcome: 'passed' | 'failed' | 'skipped') => ({
    key,
    title: key,
    file: 'api-specs/apps.spec.ts',
    project: 'sim',
    outcome,
    error: outcome === 'failed' ? 'Error: boom | here' : null,
    durationMs: 1,
  });
  const md = variantsTable([
    {
      seed: 'default',
      differs: [],
      rows: [row('a/state', 'passed'), row('b/state', 'skipped')],
      wallMs: 61_000,
      exitCode: 0,
      runErrors: [],
    },
    {
      seed: '7',
      differs: ['test-ids=absent'],
      rows: [row('a/state', 'passed'), row('lnd/rpc', 'failed')],
      wallMs: 90_000,
      exitCode: 1,
      runErrors: [],
    },
  ]);
  assert.match(md, /^\| default \| 1 \| 0 \| 1 \| 61 s \| \(none\) \|$/m);
  assert.match(md, /^\| 7 \| 1 \| 1 \| 0 \| 90 s \| test-ids=absent \|$/m);
  assert.match(md, /- \*\*7\*\*\n {2}- `lnd\/rpc` \(sim\): Error: boom \\\| here/);
});
