/**
 * The shape of `reports/gate/<node>.json`: issue 6's contract
 *   { node, iterations, cells: { "<app>/<cell>": { passed, failed, infra, skipped } }, verdict }
 * plus the per-test detail and the reasons behind the verdict.
 */
import type { FailureClass } from './classify';
import type { Layer, TestTags } from '../config/tags';
import type { Interval } from './wilson';

export type Verdict = 'pass' | 'fail' | 'inconclusive';

/**
 * Runs (repetitions) of a cell or test, each counted once. They add up to `iterations`. `blocked`:
 * ended at once because what it rests on was found broken earlier in the repetition (lib/known-broken.ts);
 * not passed, listed apart from failed.
 */
export interface RunCounts {
  passed: number;
  failed: number;
  infra: number;
  blocked: number;
  skipped: number;
}

export interface FailureDetail {
  repetition: number;
  class: FailureClass;
  message: string;
}

export interface TestDetail extends RunCounts {
  title: string;
  file: string;
  layer?: Layer;
  app?: string;
  cell?: string;
  /** The protection of a security cell (`@cell:security-<id>` → `<id>`). */
  security?: string;
  passRate: Interval;
  failures: FailureDetail[];
  /** Why runs were skipped (the skip annotation's text), when some were. */
  skipReason?: string;
  /** Runs not covered for a missing setting (lib/not-covered.ts): the setting that would cover them. */
  setting?: string;
  /** What the first blocked run was blocked by ("blocked by bitcoin-knots/reinstall (stuck `removing` for 120 s)"). */
  blockedBy?: string;
}

/**
 * A test declared skipped/fixme, or one that every repetition skipped for the operator's policy on
 * this node (class 'policy', lib/not-covered.ts): its cell is "not covered" with this reason, never
 * "did not run".
 */
export interface NotCovered {
  title: string;
  file: string;
  layer?: Layer;
  app?: string;
  cell?: string;
  reason: string;
  /** 'policy' = skipped at run time for the node's policy; absent = declared skipped in the spec. */
  class?: 'policy';
}

export interface RunError {
  class: FailureClass;
  message: string;
  /** Where it happened: a setup test's title, or 'run' for errors outside any test. */
  where: string;
}

export interface GateResult {
  node: string;
  iterations: number;
  cells: Record<string, RunCounts>;
  verdict: Verdict;
  layers: Layer[];
  generatedAt: string;
  /** Why the verdict is what it is, one line each (empty for a pass). */
  reasons: string[];
  /** Runs per security cell (config/security.ts id), combined like matrix cells: a run passes when all its checks pass. */
  securityCells?: Record<string, RunCounts>;
  /** Wilson 95 % interval of the pass rate per cell (passes out of `iterations`). */
  passRate: Record<string, Interval>;
  /** Failed runs per class, over all tests. */
  failureClasses: Record<FailureClass, number>;
  tests: TestDetail[];
  notCovered: NotCovered[];
  runErrors: RunError[];
  /** What the run cost: wall time, the node-operation time the tests asked for (ms per op), their ratio. */
  cost?: { wallMs: number; nodeOpMs: number; byOp: Record<string, number>; ratio: number };
  /** The gate's wall-clock budget (`--max-hours`) and whether it ran out (then `notRun` runs did not start). */
  budget?: GateBudget;
  /** `--layers …,explore`: the model-based exploration run once after the gated layers (reporters/gate-exploration.ts). */
  exploration?: GateExploration;
}

export interface GateBudget {
  maxHours: number;
  ranOut: boolean;
  /** Planned runs that did not start because the budget had run out. */
  notRun: number;
}

/** The exploration of a gate (`--layers …,explore`): what ran, and the shrunk failing sequence if one was found. */
export interface GateExploration {
  /** pass: no failing sequence; fail: a failing sequence, or the exploration did not finish (`error`). */
  outcome: 'pass' | 'fail';
  playwrightExit: number;
  wallMs: number;
  /** Why there is no result (the exploration did not run to its end). */
  error?: string;
  seed?: number;
  runs?: number;
  maxSteps?: number;
  sequences?: number;
  steps?: number;
  stack?: string[];
  coverage?: { possible: number; reached: number; atLeast20: number; file: string };
  failure?: ExplorationFailure;
}

/** A failing sequence an exploration found, shrunk (model/replay-file.ts writes it). */
export interface ExplorationFailure {
  message: string;
  steps: string[];
  /** The replay file (in a gate: reports/gate-explore/<node>/reports/explore/<node>-<ts>.json), also attached to the test in Allure. */
  replayFile: string;
  reproduce: string[];
  foundAtSequence: number;
  shrinks: number;
}

/** One planned repetition of one test, as Playwright listed it before the run. */
export interface PlannedRun {
  /** Identity of the test across repetitions: file + describe titles + title. */
  key: string;
  title: string;
  file: string;
  tags: TestTags;
  repetition: number;
}
