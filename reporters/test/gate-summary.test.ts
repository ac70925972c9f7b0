import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FailureClass } from '../classify';
import { runId, summariseGate, type GateInput, type PlannedRun, type RunOutcome } from '../gate-summary';
import { plannedRuns } from './planned-runs';
import { APPS, CELLS } from '../../config/apps';

const ITER = 4;

function plan(key: string, tags: string[]): PlannedRun[] {
  return plannedRuns(key, tags, ITER);
}

const planned = [
  ...plan('knots-present', ['@L1', '@app:bitcoin-knots', '@cell:present']),
  ...plan('knots-present-2', ['@L1', '@app:bitcoin-knots', '@cell:present']),
  ...plan('lnd-ui', ['@L2', '@app:lnd', '@cell:ui']),
  ...plan('security', ['@L1']),
];

function allPassed(): Map<string, RunOutcome> {
  return new Map(planned.map((p) => [runId(p.key, p.repetition), { kind: 'passed' } as RunOutcome]));
}

function input(outcomes: Map<string, RunOutcome>, extra: Partial<GateInput> = {}): GateInput {
  return {
    node: 'sim',
    iterations: ITER,
    layers: ['L1', 'L2'],
    planned,
    outcomes,
    runErrors: [],
    now: new Date(0),
    ...extra,
  };
}

const fail = (cls: FailureClass): RunOutcome => ({ kind: 'failed', class: cls, message: `boom (${cls})\nstack` });

test('every run green: pass, cells count whole iterations', () => {
  const r = summariseGate(input(allPassed()));
  assert.equal(r.verdict, 'pass');
  assert.deepEqual(r.reasons, []);
  assert.deepEqual(r.cells, {
    'bitcoin-knots/present': { passed: 4, failed: 0, infra: 0, blocked: 0, skipped: 0 },
    'lnd/ui': { passed: 4, failed: 0, infra: 0, blocked: 0, skipped: 0 },
  });
  assert.equal(r.tests.length, 4);
  assert.equal(r.node, 'sim');
  assert.equal(r.iterations, 4);
});

test('a cell fails in an iteration when any of its tests fails in it', () => {
  const o = allPassed();
  o.set(runId('knots-present-2', 2), fail('product'));
  const r = summariseGate(input(o));
  assert.equal(r.verdict, 'fail');
  assert.deepEqual(r.cells['bitcoin-knots/present'], { passed: 3, failed: 1, infra: 0, blocked: 0, skipped: 0 });
  assert.equal(r.failureClasses.product, 1);
  assert.deepEqual(r.tests.find((t) => t.title === 'knots-present-2')?.failures, [
    { repetition: 3, class: 'product', message: 'boom (product)' },
  ]);
});

test('schema drift and install timeouts are product failures for the verdict', () => {
  for (const cls of ['schema-drift', 'install-timeout'] as const) {
    const o = allPassed();
    o.set(runId('lnd-ui', 0), fail(cls));
    const r = summariseGate(input(o));
    assert.equal(r.verdict, 'fail', cls);
    assert.equal(r.failureClasses[cls], 1);
  }
});

test('infrastructure failures only: inconclusive, never pass', () => {
  const o = allPassed();
  o.set(runId('lnd-ui', 1), fail('infrastructure'));
  o.delete(runId('security', 3)); // a run lost to the outage
  const r = summariseGate(input(o));
  assert.equal(r.verdict, 'inconclusive');
  assert.deepEqual(r.cells['lnd/ui'], { passed: 3, failed: 0, infra: 1, blocked: 0, skipped: 0 });
  assert.ok(r.reasons.some((x) => x.includes('infrastructure')));
});

test('a product failure beside infrastructure ones is a fail', () => {
  const o = allPassed();
  o.set(runId('lnd-ui', 1), fail('infrastructure'));
  o.set(runId('security', 0), fail('product'));
  assert.equal(summariseGate(input(o)).verdict, 'fail');
});

test('an expected cell that did not run fails the gate', () => {
  const o = allPassed();
  for (let i = 0; i < ITER; i++)
    o.set(runId('lnd-ui', i), { kind: 'skipped', reason: 'destructive: set ARCHY_ALLOW_DESTRUCTIVE=1' });
  const r = summariseGate(input(o));
  assert.equal(r.verdict, 'fail');
  assert.deepEqual(r.cells['lnd/ui'], { passed: 0, failed: 0, infra: 0, blocked: 0, skipped: 4 });
  assert.equal(r.tests.find((t) => t.title === 'lnd-ui')?.skipReason, 'destructive: set ARCHY_ALLOW_DESTRUCTIVE=1');
  assert.deepEqual(r.reasons, ['lnd/ui: 4 of 4 runs did not run (destructive: set ARCHY_ALLOW_DESTRUCTIVE=1)']);
});

test('an untagged test counts for the verdict though it is in no cell', () => {
  const o = allPassed();
  o.set(runId('security', 0), fail('product'));
  const r = summariseGate(input(o));
  assert.equal(r.verdict, 'fail');
  assert.ok(r.reasons.some((x) => x.includes('security')));
});

test('setup errors: infrastructure → inconclusive, product → fail', () => {
  assert.equal(
    summariseGate(
      input(allPassed(), {
        runErrors: [{ class: 'infrastructure', message: 'NodeUnreachableError', where: 'sim-setup' }],
      }),
    ).verdict,
    'inconclusive',
  );
  assert.equal(
    summariseGate(
      input(allPassed(), { runErrors: [{ class: 'product', message: 'login refused', where: 'sim-setup' }] }),
    ).verdict,
    'fail',
  );
});

test('nothing planned is a fail, not a vacuous pass', () => {
  const r = summariseGate(input(new Map(), { planned: [] }));
  assert.equal(r.verdict, 'fail');
});

test('declared-skipped tests are reported as not covered and do not block', () => {
  const r = summariseGate(
    input(allPassed(), {
      notCovered: [
        { title: 'core present', file: 'x', app: 'bitcoin-core', cell: 'present', reason: 'conflicts with knots' },
      ],
    }),
  );
  assert.equal(r.verdict, 'pass');
  assert.equal(r.notCovered[0].reason, 'conflicts with knots');
});

test("the JSON has the issue's shape: node, iterations, cells of counts (blocked beside issue 6's four), verdict", () => {
  const r = summariseGate(input(allPassed()));
  const json = JSON.parse(JSON.stringify(r)) as Record<string, unknown>;
  for (const key of ['node', 'iterations', 'cells', 'verdict']) assert.ok(key in json, key);
  for (const counts of Object.values(r.cells))
    assert.deepEqual(Object.keys(counts).sort(), ['blocked', 'failed', 'infra', 'passed', 'skipped']);
});

test('--require-all-cells: a catalogue cell without any test did not run, and fails the gate', () => {
  const r = summariseGate(input(allPassed(), { requiredCells: ['bitcoin-knots/present', 'lnd/ui', 'lnd/stop'] }));
  assert.equal(r.verdict, 'fail');
  assert.deepEqual(r.cells['lnd/stop'], { passed: 0, failed: 0, infra: 0, blocked: 0, skipped: 4 });
});

test('the cells L1–L3 decide are the applicable cells of the matrix; L2 alone decides the UI cells', async () => {
  const { requiredCells } = await import('../cell-layers');
  const applicable = (cells: readonly string[]) =>
    APPS.flatMap((a) => cells.filter((c) => !(a.notApplicable as string[]).includes(c)).map((c) => `${a.id}/${c}`));
  assert.deepEqual(requiredCells(['L1', 'L2', 'L3']), applicable(CELLS));
  assert.deepEqual(requiredCells(['L2']), applicable(['ui']));
  assert.ok(requiredCells(['L2']).length < requiredCells(['L1', 'L2', 'L3']).length);
});

const BLOCKED = 'blocked by bitcoin-knots/reinstall (stuck `removing` for 120 s)';

test('blocked: its own count, not passed, listed apart from failed with what blocked it', () => {
  const o = allPassed();
  o.set(runId('security', 1), fail('product'));
  o.set(runId('lnd-ui', 1), { kind: 'blocked', message: BLOCKED });
  const r = summariseGate(input(o));
  assert.equal(r.verdict, 'fail');
  assert.deepEqual(r.cells['lnd/ui'], { passed: 3, failed: 0, infra: 0, blocked: 1, skipped: 0 });
  assert.equal(r.tests.find((t) => t.title === 'lnd-ui')?.blockedBy, BLOCKED);
  assert.ok(r.reasons.includes(`lnd/ui: 1 of 4 runs ${BLOCKED} (not passed)`), r.reasons.join('\n'));
  assert.equal(r.failureClasses.product, 1, 'a blocked run is not a failed one');
});

test('--max-hours ran out: inconclusive from what ran when nothing failed, fail when something did', () => {
  const o = allPassed();
  const out: RunOutcome = { kind: 'skipped', reason: 'not started: budget', budget: true };
  for (const rep of [2, 3])
    for (const key of ['knots-present', 'knots-present-2', 'lnd-ui', 'security']) o.set(runId(key, rep), out);
  let r = summariseGate(input(o, { maxHours: 0.05, wallMs: 180_000 }));
  assert.equal(r.verdict, 'inconclusive');
  assert.deepEqual(r.budget, { maxHours: 0.05, ranOut: true, notRun: 8 });
  assert.match(
    r.reasons[0],
    /^the gate's budget of 0\.05 h \(--max-hours\) ran out after 3 min: 8 planned runs did not start/,
  );
  o.set(runId('lnd-ui', 1), fail('product'));
  r = summariseGate(input(o, { maxHours: 0.05 }));
  assert.equal(r.verdict, 'fail');
  assert.match(r.reasons[0], /budget of 0\.05 h/);
  assert.deepEqual(summariseGate(input(allPassed(), { maxHours: 3.5 })).budget, {
    maxHours: 3.5,
    ranOut: false,
    notRun: 0,
  });
  assert.equal(summariseGate(input(allPassed(), { maxHours: 3.5 })).verdict, 'pass');
});
