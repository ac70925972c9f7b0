/**
 * The tools around sim variants: the fault matrix's seeded sample and the variants table.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { blockedList, expectedRed, FAULT_EXPECTATIONS, sampleFaults, verdict } from '../scripts/fault-matrix';
import { JOURNEY_TITLES } from '../journeys/support/titles';
import { JOURNEY_APPS } from '../journeys/support/journey-apps';
import { testRows } from '../reporters/json-report';
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

test('fault matrix: a blocked test is its own outcome, red (not passed) and listed apart with what blocked it', () => {
  const spec = (
    title: string,
    cell: string,
    status: string,
    annotations: { type: string; description?: string }[],
  ) => ({
    title,
    tags: ['@app:electrumx', `@cell:${cell}`],
    tests: [
      { projectName: 'sim', status, results: [{ status: status === 'skipped' ? 'skipped' : 'failed', annotations }] },
    ],
  });
  const rows = testRows({
    suites: [
      {
        specs: [
          spec('ui', 'ui', 'unexpected', []),
          spec('start', 'start', 'skipped', [{ type: 'blocked', description: 'blocked by electrumx/ui (ui: 502)' }]),
          spec('logs', 'logs', 'skipped', [{ type: 'not covered', description: 'policy' }]),
        ],
      },
    ],
  });
  assert.deepEqual(
    rows.map((r) => [r.key, r.outcome]),
    [
      ['electrumx/ui', 'failed'],
      ['electrumx/start', 'blocked'],
      ['electrumx/logs', 'skipped'],
    ],
  );
  assert.equal(rows[1]!.blockedBy, 'blocked by electrumx/ui (ui: 502)');
  const red = [...rows.filter((r) => r.outcome === 'failed'), ...rows.filter((r) => r.outcome === 'blocked')].map(
    (r) => r.key,
  );
  assert.deepEqual(verdict(['electrumx/ui', 'electrumx/start'], red), { ok: true, missing: [], extra: [] });
  assert.equal(verdict(['electrumx/ui', 'electrumx/start', 'electrumx/logs'], red).missing[0], 'electrumx/logs');
  assert.equal(blockedList(rows), 'electrumx/start: blocked by electrumx/ui (ui: 502)');
});

test('fault-matrix: where the App Store does not list the companions, their journeys never install through it', () => {
  const companions = JOURNEY_APPS.filter((a) => a.companionOf !== undefined).map((a) =>
    JOURNEY_TITLES.installAndUse(a.id),
  );
  assert.ok(companions.length > 0);
  const notListed = 'default,store-companions=not-listed';
  for (const fault of ['ui-list-needs-reload', 'ui-store-says-installed']) {
    const listed = expectedRed(fault, 'default,store-companions=listed');
    for (const title of companions) assert.ok(listed.includes(title), `${fault}, listed: ${title}`);
    assert.deepEqual(
      expectedRed(fault, notListed),
      listed.filter((t) => !companions.includes(t)),
      `${fault}: on not-listed, exactly the companions' install-and-use journeys leave the expectation`,
    );
  }
  // the faults a companion's journey meets without the App Store (badge, Launch) still expect it red
  for (const fault of ['ui-badge-lies', 'ui-launch-opens-other-app'])
    for (const title of companions) assert.ok(expectedRed(fault, notListed).includes(title), `${fault}: ${title}`);
  // the other faults do not depend on the dashboard
  assert.deepEqual(expectedRed('proxy-502:lnd', notListed), FAULT_EXPECTATIONS['proxy-502:lnd']);
});
