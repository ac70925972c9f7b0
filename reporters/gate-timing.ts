/**
 * What a gate run costs (issue 13 "Know the cost"):
 *  - `reports/gate-timings/<node>.json`: the last gate's per-test durations on that node (median over
 *    its iterations), its wall time and how many runs overlapped (sum of durations / wall);
 *  - the estimate the gate prints before the first test: from that file, else from the catalogue's
 *    budgets (rough: a fraction of each budget, plus the stay-up holds);
 *  - the ETA of the progress line: the estimate of what is left, at the pace seen so far;
 *  - both from the node's measured RPC latency too (the preflight's server.get-state p50): a node
 *    whose get-state answers late makes every call and every poll of a wait late;
 *  - the node-operation time the tests asked for (`node-op` annotations, lib/node-ops.ts) against wall.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { appById, STAY_UP_MS } from '../config/apps';
import { REPORTS_DIR } from './gate-files';
import type { PlannedRun } from './gate-model';

export const GATE_TIMINGS_DIR = join(REPORTS_DIR, 'gate-timings');

export interface GateTimings {
  node: string;
  generatedAt: string;
  /** Wall time of the last gate on this node (all its processes together). */
  wallMs: number;
  /** Runs in flight on average within one process: sum of run durations / (wall × processes). */
  overlap: number;
  /** Median duration of each test (by PlannedRun.key) over the last gate's iterations. */
  tests: Record<string, number>;
  /** The preflight's server.get-state p50 in that gate (ms): the answer time its durations include. */
  getStateP50Ms?: number;
}

export function gateTimingsFile(node: string, root = '.'): string {
  return join(root, GATE_TIMINGS_DIR, `${node}.json`);
}

export function readGateTimings(file: string): GateTimings | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const t = JSON.parse(readFileSync(file, 'utf8')) as GateTimings;
    return typeof t.tests === 'object' && typeof t.wallMs === 'number' ? t : undefined;
  } catch {
    return undefined;
  }
}

export function writeGateTimings(file: string, t: GateTimings): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(t, null, 2)}\n`);
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** The timings file of a finished gate: durations by run id `${key}#${rep}`. */
export function timingsOf(
  node: string,
  planned: readonly PlannedRun[],
  durations: ReadonlyMap<string, number>,
  wallMs: number,
  processes: number,
): GateTimings {
  const byKey = new Map<string, number[]>();
  let sum = 0;
  for (const run of planned) {
    const d = durations.get(`${run.key}#${run.repetition}`);
    if (d === undefined) continue;
    sum += d;
    byKey.set(run.key, [...(byKey.get(run.key) ?? []), d]);
  }
  return {
    node,
    generatedAt: new Date().toISOString(),
    wallMs,
    overlap: wallMs > 0 ? Math.max(1, sum / (wallMs * Math.max(1, processes))) : 1,
    tests: Object.fromEntries([...byKey].map(([k, v]) => [k, Math.round(median(v))])),
  };
}

/**
 * A rough guess for one run of a test without a previous run on this node, from the catalogue
 * (ms, already scaled by `timeScale`): read-only cells a second; lifecycle cells a quarter of their
 * budget plus the stay-up hold; an L3 event a quarter of the install budget plus the hold.
 */
export function budgetGuessMs(run: Pick<PlannedRun, 'tags'>, timeScale: number): number {
  const { app: appId, cell } = run.tags;
  let app;
  try {
    app = appId ? appById(appId) : undefined;
  } catch {
    app = undefined;
  }
  if (!app || !cell) return 1_000;
  const hold = STAY_UP_MS * timeScale;
  switch (cell) {
    case 'stop':
      return (app.actionBudgetMs / 4) * timeScale;
    case 'start':
    case 'restart':
      return (app.actionBudgetMs / 4) * timeScale + hold;
    case 'reinstall':
      return ((app.actionBudgetMs + app.installBudgetMs) / 4) * timeScale + hold;
    case 'reboot':
    case 'daemon-restart':
      return (app.installBudgetMs / 4) * timeScale + hold;
    default:
      return 1_000;
  }
}

export interface Estimate {
  /** Expected duration of each planned run, by run id. */
  perRun: Map<string, number>;
  /** Expected wall time of the whole plan in this process. */
  wallMs: number;
  source: string;
  /** The overlap the wall time was divided by (runs in flight at once). */
  overlap?: number;
}

/**
 * GUESS (not measured): RPC calls one run of a test makes one after the other — each pays the node's
 * answer time once (a call, or a poll of a wait). Read-only cells a few; lifecycle cells their calls
 * plus the polls of their waits and stay-up holds; an L3 event every app's precondition, settle and
 * hold. A call on a slow node costs its get-state time on top of what the durations already hold.
 */
export function rpcCallsGuess(run: Pick<PlannedRun, 'tags'>): number {
  switch (run.tags.cell) {
    case 'stop':
      return 10;
    case 'start':
    case 'restart':
      return 15;
    case 'reinstall':
      return 25;
    case 'reboot':
    case 'daemon-restart':
      return 40;
    case undefined:
      return 10;
    default:
      return 5;
  }
}

/**
 * The estimate on a node whose server.get-state p50 is `getStateP50Ms`: each run gains its calls
 * (rpcCallsGuess) times the answer time its duration does not hold yet — all of it for the
 * catalogue's guesses, the difference for durations measured at `previous.getStateP50Ms`.
 */
export function withRpcLatency(
  estimate: Estimate,
  planned: readonly PlannedRun[],
  previous: GateTimings | undefined,
  getStateP50Ms: number,
): Estimate {
  const perRun = new Map(estimate.perRun);
  for (const run of planned) {
    const id = `${run.key}#${run.repetition}`;
    const measured = previous?.tests[run.key] !== undefined;
    const included = measured ? (previous?.getStateP50Ms ?? getStateP50Ms) : 0;
    const extra = rpcCallsGuess(run) * Math.max(0, getStateP50Ms - included);
    perRun.set(id, (perRun.get(id) ?? 0) + extra);
  }
  const sum = [...perRun.values()].reduce((a, b) => a + b, 0);
  const overlap = estimate.overlap ?? 1;
  return {
    perRun,
    wallMs: sum / overlap,
    overlap,
    source: `${estimate.source}; server.get-state p50 ${Math.round(getStateP50Ms)} ms (preflight)`,
  };
}

export function estimatePlan(
  planned: readonly PlannedRun[],
  previous: GateTimings | undefined,
  timeScale: number,
  workers: number,
): Estimate {
  const perRun = new Map<string, number>();
  let known = 0;
  for (const run of planned) {
    const last = previous?.tests[run.key];
    if (last !== undefined) known++;
    perRun.set(`${run.key}#${run.repetition}`, last ?? budgetGuessMs(run, timeScale));
  }
  const sum = [...perRun.values()].reduce((a, b) => a + b, 0);
  const overlap = previous ? Math.min(previous.overlap, Math.max(1, workers)) : 1;
  const source = previous
    ? `from the last gate's durations on ${previous.node} (${previous.generatedAt.slice(0, 16)}Z; ${known}/${planned.length} runs known, the rest from the catalogue's budgets; overlap ×${overlap.toFixed(1)})`
    : `rough, from the catalogue's budgets (no previous gate on this node; one run at a time)`;
  return { perRun, wallMs: sum / overlap, source, overlap };
}

/**
 * ETA of the rest: the estimate of what is left, at the pace so far (elapsed per estimated ms of the
 * runs finished). Before the first run ends, the plain estimate.
 */
export function etaMs(estimate: Estimate, finished: ReadonlySet<string>, elapsedMs: number): number {
  let done = 0;
  let left = 0;
  for (const [id, ms] of estimate.perRun) {
    if (finished.has(id)) done += ms;
    else left += ms;
  }
  const total = done + left;
  const plain = Math.max(0, estimate.wallMs - elapsedMs);
  if (done <= 0 || total <= 0) return plain;
  // The pace of the first runs says little (start-up, the first installs): trust it more as work gets done.
  const trust = Math.min(1, done / (0.2 * total));
  return trust * ((elapsedMs / done) * left) + (1 - trust) * plain;
}

export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return h > 0 ? `${h}h${String(m).padStart(2, '0')}m` : `${m}m${String(sec).padStart(2, '0')}s`;
}

/** Node-operation time of a gate against its wall time. */
export interface NodeOpTotals {
  /** ms per op (install, stop, …, stay-up, event, precondition, restore), summed over every run. */
  byOp: Record<string, number>;
  totalMs: number;
}

export function sumNodeOps(perRun: Iterable<Record<string, number>>): NodeOpTotals {
  const byOp: Record<string, number> = {};
  for (const ops of perRun) for (const [op, ms] of Object.entries(ops)) byOp[op] = (byOp[op] ?? 0) + ms;
  return { byOp, totalMs: Object.values(byOp).reduce((a, b) => a + b, 0) };
}

/** "wall 9m12s · node operations 14m03s (install 3m10s, …) · ratio 1.53 (>1: operations overlapped)" */
export function describeCost(wallMs: number, ops: NodeOpTotals): string {
  const ratio = wallMs > 0 ? ops.totalMs / wallMs : 0;
  const parts = Object.entries(ops.byOp)
    .sort((a, b) => b[1] - a[1])
    .map(([op, ms]) => `${op} ${formatDuration(ms)}`);
  const note =
    ratio > 1
      ? ' (>1: node operations overlapped)'
      : ratio > 0
        ? ` (the rest of the wall time: probes, checks, the runner)`
        : '';
  return `wall ${formatDuration(wallMs)} · node operations asked ${formatDuration(ops.totalMs)}${parts.length ? ` (${parts.join(', ')})` : ''} · ratio ${ratio.toFixed(2)}${note}`;
}
