/**
 * Turns the runs of a gate into its result: counts per test and per matrix cell, Wilson
 * intervals, and the verdict. Pure: the pass-rate reporter collects, this decides.
 *
 * Verdict rules (issue 6):
 *  - fail          any product failure (product, schema drift, install timeout) anywhere, or an
 *                  expected run that did not happen while nothing infrastructural explains it;
 *  - inconclusive  no product failure, but infrastructure failures (the node or network did not
 *                  answer): the owner's bar allows them, but they must not pass silently;
 *  - pass          every expected run of every expected cell and test passed (20/20 of 20/20).
 * Expected cells are the cells that the planned tests of the gated layers carry tags for; a cell
 * no test covers yet is not expected (the scorecard shows it as ○ not covered).
 */
import { FAILURE_CLASSES, type FailureClass } from './classify';
import type {
  FailureDetail,
  GateBudget,
  GateResult,
  NotCovered,
  PlannedRun,
  RunCounts,
  RunError,
  TestDetail,
  Verdict,
} from './gate-model';
import { cellKey, type Layer } from '../config/tags';
import { wilsonInterval } from './wilson';
import { sumNodeOps } from './gate-timing';
import type { NotCoveredNote } from '../lib/not-covered';

export type { PlannedRun } from './gate-model';

export type RunOutcome =
  | { kind: 'passed' }
  /** `budget`: not started because the gate's wall-clock budget (--max-hours) had run out. */
  | { kind: 'skipped'; reason?: string; note?: NotCoveredNote; budget?: true }
  /** Ended at once: what it rests on was found broken earlier in the repetition (lib/known-broken.ts). */
  | { kind: 'blocked'; message: string }
  | { kind: 'failed'; class: FailureClass; message: string };

export interface GateInput {
  node: string;
  iterations: number;
  layers: Layer[];
  planned: PlannedRun[];
  /** Outcome per `${key}#${repetition}`; a planned run without an outcome did not run. */
  outcomes: ReadonlyMap<string, RunOutcome>;
  runErrors: RunError[];
  /** Tests declared skipped or fixme: not expected, shown as not covered. */
  notCovered?: NotCovered[];
  /** Cells expected even without a test (`--require-all-cells`): a missing one did not run. */
  requiredCells?: readonly string[];
  /** Node-operation ms per op, by run id (lib/node-ops.ts annotations). */
  nodeOps?: ReadonlyMap<string, Record<string, number>>;
  /** Wall time of the gate (the gate sets it for merged shards). */
  wallMs?: number;
  /** The gate's wall-clock budget in hours (--max-hours), when it had one. */
  maxHours?: number;
  now?: Date;
}

export function runId(key: string, repetition: number): string {
  return `${key}#${repetition}`;
}

type RepState = 'passed' | 'failed' | 'infra' | 'blocked' | 'skipped';

function stateOf(outcome: RunOutcome | undefined): RepState {
  if (!outcome || outcome.kind === 'skipped') return 'skipped';
  if (outcome.kind === 'passed') return 'passed';
  if (outcome.kind === 'blocked') return 'blocked';
  return outcome.class === 'infrastructure' ? 'infra' : 'failed';
}

/** Worst state wins: a product failure outranks infrastructure, then blocked, then not running. */
function combine(states: RepState[]): RepState {
  for (const s of ['failed', 'infra', 'blocked', 'skipped'] as const) if (states.includes(s)) return s;
  return 'passed';
}

function emptyCounts(): RunCounts {
  return { passed: 0, failed: 0, infra: 0, blocked: 0, skipped: 0 };
}

/** The budget of a gate with --max-hours: ran out when a planned run did not start for it. */
function budgetOf(input: GateInput): GateBudget | undefined {
  if (input.maxHours === undefined) return undefined;
  let notRun = 0;
  for (const o of input.outcomes.values()) if (o.kind === 'skipped' && o.budget) notRun++;
  return { maxHours: input.maxHours, ranOut: notRun > 0, notRun };
}

function firstLine(message: string, max = 300): string {
  const line = message.split('\n').find((l) => l.trim().length > 0) ?? '';
  return line.length > max ? `${line.slice(0, max - 1)}…` : line.trim();
}

export function summariseGate(input: GateInput): GateResult {
  const { node, iterations, layers, planned, outcomes, runErrors } = input;

  const byTest = new Map<string, PlannedRun[]>();
  for (const run of planned) {
    const list = byTest.get(run.key) ?? [];
    list.push(run);
    byTest.set(run.key, list);
  }

  // A test every repetition of which the node's policy kept from running is not expected: its cell
  // is "not covered on <node>: <reason>", not "did not run" (lib/not-covered.ts).
  const notCovered = [...(input.notCovered ?? [])];
  for (const [key, runs] of [...byTest]) {
    const notes = Array.from({ length: iterations }, (_, rep) => {
      const outcome = runs.some((r) => r.repetition === rep) ? outcomes.get(runId(key, rep)) : undefined;
      return outcome?.kind === 'skipped' ? outcome.note : undefined;
    });
    if (notes.every((n) => n?.class === 'policy')) {
      const first = runs[0];
      notCovered.push({
        title: first.title,
        file: first.file,
        layer: first.tags.layer,
        app: first.tags.app,
        cell: first.tags.cell,
        reason: notes[0]!.reason,
        class: 'policy',
      });
      byTest.delete(key);
    }
  }

  const failureClasses = Object.fromEntries(FAILURE_CLASSES.map((c) => [c, 0])) as Record<FailureClass, number>;
  const tests: TestDetail[] = [];
  // cell key → repetition → states of the cell's tests in that repetition
  const cellReps = new Map<string, Map<number, RepState[]>>();
  // security cell → repetition → states of its checks in that repetition
  const securityReps = new Map<string, Map<number, RepState[]>>();
  const addRep = (into: Map<string, Map<number, RepState[]>>, key: string, rep: number, state: RepState): void => {
    const reps = into.get(key) ?? new Map<number, RepState[]>();
    reps.set(rep, [...(reps.get(rep) ?? []), state]);
    into.set(key, reps);
  };

  for (const [key, runs] of byTest) {
    const first = runs[0];
    const counts = emptyCounts();
    const failures: FailureDetail[] = [];
    let skipReason: string | undefined;
    let setting: string | undefined;
    let blockedBy: string | undefined;
    for (let rep = 0; rep < iterations; rep++) {
      const plannedRep = runs.find((r) => r.repetition === rep);
      const outcome = plannedRep ? outcomes.get(runId(key, rep)) : undefined;
      const state = stateOf(outcome);
      counts[state]++;
      if (outcome?.kind === 'skipped' && outcome.reason) skipReason ??= outcome.reason;
      if (outcome?.kind === 'skipped' && outcome.note?.class === 'setting') setting ??= outcome.note.setting;
      if (outcome?.kind === 'blocked') blockedBy ??= firstLine(outcome.message);
      if (outcome?.kind === 'failed') {
        failureClasses[outcome.class]++;
        failures.push({ repetition: rep + 1, class: outcome.class, message: firstLine(outcome.message) });
      }
      if (first.tags.app && first.tags.cell) {
        const ck = cellKey(first.tags.app, first.tags.cell);
        const reps = cellReps.get(ck) ?? new Map<number, RepState[]>();
        const list = reps.get(rep) ?? [];
        list.push(state);
        reps.set(rep, list);
        cellReps.set(ck, reps);
      }
      if (first.tags.security) addRep(securityReps, first.tags.security, rep, state);
    }
    tests.push({
      title: first.title,
      file: first.file,
      layer: first.tags.layer,
      app: first.tags.app,
      cell: first.tags.cell,
      ...(first.tags.security ? { security: first.tags.security } : {}),
      ...counts,
      passRate: wilsonInterval(counts.passed, iterations),
      failures,
      ...(skipReason ? { skipReason } : {}),
      ...(setting ? { setting } : {}),
      ...(blockedBy ? { blockedBy } : {}),
    });
  }

  const cells: Record<string, RunCounts> = {};
  const passRate: GateResult['passRate'] = {};
  const policyCells = new Set(
    notCovered.filter((n) => n.class === 'policy' && n.app && n.cell).map((n) => `${n.app}/${n.cell}`),
  );
  for (const ck of input.requiredCells ?? [])
    if (!cellReps.has(ck) && !policyCells.has(ck)) cellReps.set(ck, new Map());
  for (const ck of [...cellReps.keys()].sort()) {
    const counts = emptyCounts();
    const reps = cellReps.get(ck)!;
    for (let rep = 0; rep < iterations; rep++) counts[combine(reps.get(rep) ?? ['skipped'])]++;
    cells[ck] = counts;
    passRate[ck] = wilsonInterval(counts.passed, iterations);
  }

  const securityCells: Record<string, RunCounts> = {};
  for (const [id, reps] of [...securityReps].sort(([a], [b]) => a.localeCompare(b))) {
    const counts = emptyCounts();
    for (let rep = 0; rep < iterations; rep++) counts[combine(reps.get(rep) ?? ['skipped'])]++;
    securityCells[id] = counts;
  }

  const budget = budgetOf(input);
  const { verdict, reasons } = decideVerdict({ iterations, cells, tests, runErrors, budget, wallMs: input.wallMs });
  return {
    node,
    iterations,
    cells,
    verdict,
    layers,
    generatedAt: (input.now ?? new Date()).toISOString(),
    reasons,
    ...(Object.keys(securityCells).length ? { securityCells } : {}),
    passRate,
    failureClasses,
    tests,
    notCovered,
    runErrors,
    cost: costOf(input),
    ...(budget ? { budget } : {}),
  };
}

function costOf(input: GateInput): GateResult['cost'] {
  const ops = sumNodeOps(input.nodeOps?.values() ?? []);
  const wallMs = input.wallMs ?? 0;
  return {
    wallMs,
    nodeOpMs: ops.totalMs,
    byOp: ops.byOp,
    ratio: wallMs > 0 ? Number((ops.totalMs / wallMs).toFixed(3)) : 0,
  };
}

export function decideVerdict(r: {
  iterations: number;
  cells: Record<string, RunCounts>;
  tests: TestDetail[];
  runErrors: RunError[];
  budget?: GateBudget;
  wallMs?: number;
}): { verdict: Verdict; reasons: string[] } {
  const product: string[] = [];
  const infra: string[] = [];
  const blocked: string[] = [];
  const notRun: string[] = [];
  const blockedBy = new Map<string, string>();
  for (const t of r.tests)
    if (t.app && t.cell && t.blockedBy && !blockedBy.has(`${t.app}/${t.cell}`))
      blockedBy.set(`${t.app}/${t.cell}`, t.blockedBy);

  const skipReasons = new Map<string, string>();
  for (const t of r.tests)
    if (t.app && t.cell && t.skipReason && !skipReasons.has(`${t.app}/${t.cell}`))
      skipReasons.set(`${t.app}/${t.cell}`, t.skipReason);
  const why = (key: string): string => (skipReasons.has(key) ? ` (${skipReasons.get(key)})` : '');

  for (const [ck, c] of Object.entries(r.cells)) {
    if (c.failed > 0) product.push(`${ck}: ${c.failed} of ${r.iterations} runs failed (product)`);
    if (c.infra > 0) infra.push(`${ck}: ${c.infra} of ${r.iterations} runs failed on infrastructure`);
    if (c.blocked > 0)
      blocked.push(`${ck}: ${c.blocked} of ${r.iterations} runs ${blockedBy.get(ck) ?? 'blocked'} (not passed)`);
    if (c.skipped > 0) notRun.push(`${ck}: ${c.skipped} of ${r.iterations} runs did not run${why(ck)}`);
  }
  for (const t of r.tests.filter((t) => !(t.app && t.cell))) {
    const name = `${t.file} › ${t.title}`;
    if (t.failed > 0) product.push(`${name}: ${t.failed} of ${r.iterations} runs failed (product)`);
    if (t.infra > 0) infra.push(`${name}: ${t.infra} of ${r.iterations} runs failed on infrastructure`);
    if (t.blocked > 0)
      blocked.push(`${name}: ${t.blocked} of ${r.iterations} runs ${t.blockedBy ?? 'blocked'} (not passed)`);
    if (t.skipped > 0)
      notRun.push(
        `${name}: ${t.skipped} of ${r.iterations} runs did not run${t.skipReason ? ` (${t.skipReason})` : ''}`,
      );
  }
  for (const e of r.runErrors) {
    const line = `${e.where}: ${e.message}`;
    if (e.class === 'infrastructure') infra.push(line);
    else product.push(`${line} (${e.class})`);
  }

  // Runs not covered for a missing setting: the verdict names the setting that would cover them.
  const missing = new Map<string, number>();
  for (const t of r.tests) if (t.setting && t.skipped > 0) missing.set(t.setting, (missing.get(t.setting) ?? 0) + 1);
  const settings = [...missing].map(
    ([setting, n]) =>
      `missing setting ${setting}: ${n} test${n === 1 ? '' : 's'} not covered (${r.tests.find((t) => t.setting === setting)?.skipReason ?? `set ${setting}`})`,
  );
  notRun.unshift(...settings);

  if (r.tests.length === 0)
    return { verdict: 'fail', reasons: ['no test of the gated layers was planned', ...product, ...infra] };
  // The budget ran out: the verdict is what ran — fail if anything failed (or was blocked by a failure), else inconclusive.
  if (r.budget?.ranOut) {
    const out = budgetReason(r.budget, r.wallMs);
    if (product.length > 0 || blocked.length > 0)
      return { verdict: 'fail', reasons: [out, ...product, ...blocked, ...infra, ...notRun] };
    return { verdict: 'inconclusive', reasons: [out, ...infra, ...notRun] };
  }
  if (product.length > 0) return { verdict: 'fail', reasons: [...product, ...blocked, ...notRun, ...infra] };
  if (blocked.length > 0) return { verdict: 'fail', reasons: [...blocked, ...infra, ...notRun] };
  if (infra.length > 0) return { verdict: 'inconclusive', reasons: [...infra, ...notRun] };
  if (notRun.length > 0) return { verdict: 'fail', reasons: notRun };
  return { verdict: 'pass', reasons: [] };
}

/** "the gate's budget of 3.5 h (--max-hours) ran out after 3h30m: 1210 planned runs did not start; the verdict is from what ran" */
export function budgetReason(budget: GateBudget, wallMs?: number): string {
  const after = wallMs ? ` after ${Math.round(wallMs / 60_000)} min` : '';
  return `the gate's budget of ${budget.maxHours} h (--max-hours) ran out${after}: ${budget.notRun} planned runs did not start; the verdict is from what ran`;
}
