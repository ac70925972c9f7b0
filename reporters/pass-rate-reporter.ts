/**
 * Playwright reporter: collects every repetition of every test of one node's project, classifies
 * failures (classify.ts), and at the end writes the pass rate per test and per matrix cell with the
 * gate's verdict (gate-summary.ts) to `reports/gate/<node>.{json,md}` during a gate run
 * (`ARCHY_GATE_LAYERS` set by scripts/gate.ts), otherwise to `reports/pass-rate/<node>.{json,md}`
 * so a focused developer run never overwrites the last gate.
 */
import { join, relative } from 'node:path';
import type {
  FullConfig,
  FullResult,
  Reporter,
  Suite,
  TestCase,
  TestError,
  TestResult,
} from '@playwright/test/reporter';
import { requiredCells } from './cell-layers';
import { classifyFailure } from './classify';
import { errorText } from './error-text';
import { GATE_DIR, PASS_RATE_DIR, writeGateResult } from './gate-files';
import type { NotCovered, RunError } from './gate-model';
import { gateRunsFile, writeGateRuns, type GateRuns } from './gate-runs';
import { runId, summariseGate, type PlannedRun, type RunOutcome } from './gate-summary';
import { LAYERS, parseTags, type Layer } from '../config/tags';
import { nodeOpsOf } from '../lib/node-ops';
import { simTimeScaleForEta } from './gate-layers';
import {
  describeCost,
  estimatePlan,
  etaMs,
  formatDuration,
  gateTimingsFile,
  readGateTimings,
  sumNodeOps,
  withRpcLatency,
  type Estimate,
  type GateTimings,
} from './gate-timing';
import { RPC_GET_STATE_P50_ANNOTATION } from '../lib/rpc-latency';
import { noteFromAnnotations } from '../lib/not-covered';
import { BLOCKED_ANNOTATION } from '../lib/known-broken';
import { gateBudgetFromEnv } from '../config/env';
import { GATE_BUDGET_ANNOTATION } from '../fixtures/gate-budget';

export interface PassRateReporterOptions {
  node: string;
  /** Layers of a gate run; absent = not a gate run (results go to reports/pass-rate/). */
  gateLayers?: Layer[];
  /** Root the `reports/` folder is resolved against (default: cwd). */
  root?: string;
  /** Expect every catalogue cell the gated layers decide, tested or not (cell-layers.ts). */
  requireAllCells?: boolean;
  /** Print a progress line at most this often (ms), and at least this often while a gate runs; 0 = never. */
  progressEveryMs?: number;
  /** The last gate's timings on this node (default: <root>/reports/gate-timings/<node>.json). */
  timingsFile?: string;
  /** The gate's wall-clock budget (default: from `npm run gate -- --max-hours`, config/env.ts gateBudgetFromEnv). */
  budget?: { maxHours: number; deadline: number };
  /** How to stop the run once the budget ran out (default: SIGINT to this Playwright process). */
  stop?: () => void;
}

function projectName(test: TestCase): string | undefined {
  return test.parent.project()?.name;
}

function skipReasonOf(test: TestCase): string | undefined {
  const annotation = test.annotations.find((a) => (a.type === 'skip' || a.type === 'fixme') && a.description);
  return annotation?.description;
}

export default class PassRateReporter implements Reporter {
  private readonly options: PassRateReporterOptions;
  private config?: FullConfig;
  private planned: PlannedRun[] = [];
  private plannedById = new Map<string, PlannedRun>();
  private dependencyProjects = new Set<string>();
  private outcomes = new Map<string, RunOutcome>();
  private runErrors: RunError[] = [];
  private notCovered = new Map<string, NotCovered>();
  private iterations = 1;
  private done = 0;
  private productFailures = 0;
  private infraFailures = 0;
  private blocked = 0;
  private lastProgress = 0;
  private startedAt = Date.now();
  private estimate?: Estimate;
  private previousTimings?: GateTimings;
  private latencyUsed = false;
  private finished = new Set<string>();
  private durations = new Map<string, number>();
  private nodeOps = new Map<string, Record<string, number>>();
  private timer?: NodeJS.Timeout;
  /** Why this run stopped early: the gate's budget ran out (set once the stop was asked). */
  private budgetStop?: string;

  constructor(options: PassRateReporterOptions) {
    if (!options?.node) throw new Error('PassRateReporter needs { node }');
    this.options = { progressEveryMs: 20_000, budget: gateBudgetFromEnv(), ...options };
  }

  printsToStdio(): boolean {
    return false;
  }

  onBegin(config: FullConfig, suite: Suite): void {
    this.config = config;
    const project = config.projects.find((p) => p.name === this.options.node);
    this.iterations = project?.repeatEach ?? 1;
    this.dependencyProjects = new Set(project?.dependencies ?? []);
    const layers = this.options.gateLayers;
    for (const test of suite.allTests()) {
      if (projectName(test) !== this.options.node) continue;
      const tags = parseTags(test.tags);
      if (layers && !(tags.layer && layers.includes(tags.layer))) continue;
      if (test.expectedStatus === 'skipped') {
        this.recordNotCovered(test, tags);
        continue;
      }
      const run: PlannedRun = {
        key: this.keyOf(test),
        title: test.title,
        file: this.fileOf(test),
        tags,
        repetition: test.repeatEachIndex,
      };
      this.planned.push(run);
      this.plannedById.set(test.id, run);
    }
    if (layers) {
      const tests = new Set(this.planned.map((p) => p.key)).size;
      console.log(
        `[gate ${this.options.node}] ${tests} tests × ${this.iterations} iterations = ${this.planned.length} runs (layers ${layers.join(', ')})`,
      );
      this.startedAt = Date.now();
      const previous = readGateTimings(
        this.options.timingsFile ?? gateTimingsFile(this.options.node, this.options.root ?? '.'),
      );
      this.previousTimings = previous;
      const workers = (project as { workers?: number } | undefined)?.workers ?? config.workers;
      this.estimate = estimatePlan(
        this.planned,
        previous,
        this.options.node === 'sim' ? simTimeScaleForEta() : 1,
        workers,
      );
      console.log(
        `[gate ${this.options.node}] this run will take about ${formatDuration(this.estimate.wallMs)} (${this.estimate.source})${this.overBudget(this.estimate.wallMs)}`,
      );
      const every = this.options.progressEveryMs ?? 0;
      if (every > 0) {
        this.timer = setInterval(() => this.printProgress(), every);
        this.timer.unref();
      }
    }
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    const planned = this.plannedById.get(test.id);
    if (!planned) {
      this.recordDependencyFailure(test, result);
      this.useMeasuredLatency(test, result);
      return;
    }
    const outcome = this.outcomeOf(test, result);
    if (result.retry < test.retries && outcome.kind === 'failed') return; // a retry follows; the gate runs with retries 0
    const id = runId(planned.key, planned.repetition);
    this.outcomes.set(id, outcome);
    this.finished.add(id);
    this.durations.set(id, result.duration);
    const ops = nodeOpsOf(result.annotations ?? []);
    if (Object.keys(ops).length > 0) this.nodeOps.set(id, ops);
    this.done++;
    if (outcome.kind === 'failed') {
      if (outcome.class === 'infrastructure') this.infraFailures++;
      else this.productFailures++;
    }
    if (outcome.kind === 'blocked') this.blocked++;
    this.maybePrintProgress();
    this.stopIfOverBudget();
  }

  /**
   * The gate's budget has run out and a test just ended: stop dispatching. Skipping every test left one
   * by one would cost each its worker, fixtures and hooks; Playwright stops on SIGINT instead (what
   * runs then ends as interrupted, the teardown project still puts the node back), and onEnd counts
   * the runs that never started as not run for the budget.
   */
  private stopIfOverBudget(): void {
    const budget = this.options.gateLayers ? this.options.budget : undefined;
    if (!budget || this.budgetStop || Date.now() < budget.deadline || this.done >= this.planned.length) return;
    this.budgetStop = `not started: the gate's budget of ${budget.maxHours} h (--max-hours) ran out`;
    console.log(
      `[gate ${this.options.node}] the budget of ${budget.maxHours} h (--max-hours) has run out after ${this.done}/${this.planned.length} runs: no further test starts`,
    );
    (this.options.stop ?? (() => process.kill(process.pid, 'SIGINT')))();
  }

  onError(error: TestError): void {
    const text = errorText(error);
    this.runErrors.push({ class: classifyFailure([text]), message: text.split('\n')[0], where: 'run' });
  }

  onEnd(result: FullResult): void {
    if (this.timer) clearInterval(this.timer);
    if (this.budgetStop) {
      // Stopped for the budget: what did not finish did not run, for that reason (not a product failure).
      for (const run of this.planned) {
        const id = runId(run.key, run.repetition);
        const had = this.outcomes.get(id);
        if (!had || (had.kind === 'skipped' && had.reason === 'interrupted'))
          this.outcomes.set(id, { kind: 'skipped', reason: this.budgetStop, budget: true });
      }
    } else if (result.status === 'interrupted') {
      this.runErrors.push({
        class: 'product',
        message: 'the run was interrupted before every planned run finished',
        where: 'run',
      });
    }
    const runs: GateRuns = {
      node: this.options.node,
      iterations: this.iterations,
      layers: this.options.gateLayers ?? [...LAYERS],
      planned: this.planned,
      outcomes: [...this.outcomes],
      runErrors: this.runErrors,
      notCovered: [...this.notCovered.values()],
      requiredCells:
        this.options.requireAllCells && this.options.gateLayers ? requiredCells(this.options.gateLayers) : undefined,
      durations: [...this.durations],
      nodeOps: [...this.nodeOps],
      wallMs: Date.now() - this.startedAt,
      ...(this.options.gateLayers && this.options.budget ? { maxHours: this.options.budget.maxHours } : {}),
    };
    const summary = summariseGate({ ...runs, outcomes: this.outcomes, nodeOps: this.nodeOps, wallMs: runs.wallMs });
    const root = this.options.root ?? '.';
    const files = writeGateResult(join(root, this.options.gateLayers ? GATE_DIR : PASS_RATE_DIR), summary);
    if (this.options.gateLayers) writeGateRuns(gateRunsFile(this.options.node, root), runs);
    if (this.options.gateLayers) {
      const shard = this.config?.shard;
      if (shard) {
        // One shard holds only some of the iterations: its own verdict means nothing; the gate merges the shards.
        const failed = [...this.outcomes.values()].filter((o) => o.kind === 'failed').length;
        const runs = this.outcomes.size;
        console.log(
          `[gate ${this.options.node}] shard ${shard.current}/${shard.total} done · ${runs} runs, ${failed} failed · the gate merges the shards into the verdict`,
        );
      } else {
        console.log(`[gate ${this.options.node}] verdict ${summary.verdict} · ${files.json}`);
        console.log(
          `[gate ${this.options.node}] cost: ${describeCost(runs.wallMs ?? 0, sumNodeOps(this.nodeOps.values()))}`,
        );
      }
    }
  }

  private outcomeOf(test: TestCase, result: TestResult): RunOutcome {
    if (result.status === 'interrupted') return { kind: 'skipped', reason: 'interrupted' };
    const annotations = [...(result.annotations ?? []), ...test.annotations];
    const blocked = annotations.find((a) => a.type === BLOCKED_ANNOTATION);
    if (blocked) return { kind: 'blocked', message: blocked.description ?? 'blocked' };
    if (result.status === 'skipped') {
      const budget = annotations.find((a) => a.type === GATE_BUDGET_ANNOTATION);
      if (budget) return { kind: 'skipped', reason: budget.description, budget: true };
      // A test that says why it cannot run on this node (policy / missing setting) carries a note.
      const note = noteFromAnnotations([...(result.annotations ?? []), ...test.annotations]);
      return note ? { kind: 'skipped', reason: note.reason, note } : { kind: 'skipped', reason: skipReasonOf(test) };
    }
    if (result.status === test.expectedStatus) return { kind: 'passed' };
    const texts = result.errors.map(errorText);
    if (texts.length === 0) texts.push(`status ${result.status}, expected ${test.expectedStatus}`);
    return { kind: 'failed', class: classifyFailure(texts), message: texts.join('\n') };
  }

  private recordNotCovered(test: TestCase, tags: ReturnType<typeof parseTags>): void {
    const key = this.keyOf(test);
    if (this.notCovered.has(key)) return;
    this.notCovered.set(key, {
      title: test.title,
      file: this.fileOf(test),
      layer: tags.layer,
      app: tags.app,
      cell: tags.cell,
      reason: skipReasonOf(test) ?? 'declared skipped',
    });
  }

  /**
   * The preflight measured how fast the node answers: the estimate (and so the ETA and the budget
   * warning) takes it in (reporters/gate-timing.ts withRpcLatency). Once per run.
   */
  private useMeasuredLatency(test: TestCase, result: TestResult): void {
    if (!this.estimate || this.latencyUsed || projectName(test) === undefined) return;
    if (!this.dependencyProjects.has(projectName(test)!)) return;
    const mark = (result.annotations ?? []).find((a) => a.type === RPC_GET_STATE_P50_ANNOTATION);
    const p50 = Number(mark?.description);
    if (!mark || !Number.isFinite(p50)) return;
    this.latencyUsed = true;
    this.estimate = withRpcLatency(this.estimate, this.planned, this.previousTimings, p50);
    const elapsed = Date.now() - this.startedAt;
    console.log(
      `[gate ${this.options.node}] server.get-state answers in ${Math.round(p50)} ms (p50, preflight): this run will take about ${formatDuration(this.estimate.wallMs)}${this.overBudget(Math.max(0, this.estimate.wallMs - elapsed))}`,
    );
  }

  private recordDependencyFailure(test: TestCase, result: TestResult): void {
    const project = projectName(test);
    if (!project || !this.dependencyProjects.has(project)) return;
    const outcome = this.outcomeOf(test, result);
    if (outcome.kind !== 'failed') return;
    if (result.retry < test.retries) return;
    this.runErrors.push({
      class: outcome.class,
      message: outcome.message.split('\n')[0],
      where: `${project} › ${test.title}`,
    });
  }

  private maybePrintProgress(): void {
    const every = this.options.progressEveryMs ?? 0;
    if (!this.options.gateLayers || every <= 0) return;
    const finished = this.done === this.planned.length;
    if (!finished && Date.now() - this.lastProgress < every / 2) return;
    this.printProgress();
  }

  /** `[gate sim] 120/480 runs (25 %) · 3m10s elapsed · ETA 9m40s · product failures 0 · …` */
  private printProgress(): void {
    if (!this.options.gateLayers) return;
    const now = Date.now();
    this.lastProgress = now;
    const pct = this.planned.length ? Math.round((100 * this.done) / this.planned.length) : 100;
    const elapsed = now - this.startedAt;
    const eta =
      this.estimate && this.done < this.planned.length
        ? ` · ETA ${formatDuration(etaMs(this.estimate, this.finished, elapsed))}`
        : '';
    const left =
      this.estimate && this.done < this.planned.length ? etaMs(this.estimate, this.finished, elapsed) : undefined;
    console.log(
      `[gate ${this.options.node}] ${this.done}/${this.planned.length} runs (${pct} %) · ${formatDuration(elapsed)} elapsed${eta} · ` +
        `product failures ${this.productFailures} · infrastructure failures ${this.infraFailures}` +
        `${this.blocked ? ` · blocked ${this.blocked}` : ''}${left !== undefined ? this.overBudget(left) : ''}`,
    );
  }

  /** " · over the budget: 3.5 h (--max-hours) ends in 1h10m; the gate stops there with what ran" when `leftMs` will not fit. */
  private overBudget(leftMs: number): string {
    const budget = this.options.gateLayers ? this.options.budget : undefined;
    if (!budget) return '';
    const now = Date.now();
    if (now >= budget.deadline)
      return ` · the budget of ${budget.maxHours} h (--max-hours) has run out: no further test starts`;
    if (now + leftMs <= budget.deadline) return '';
    return ` · will exceed the budget: ${budget.maxHours} h (--max-hours) ends in ${formatDuration(budget.deadline - now)}, about ${formatDuration(now + leftMs - budget.deadline)} short; the gate stops there with what ran`;
  }

  private keyOf(test: TestCase): string {
    // titlePath: ['', project, file, ...describe titles, title]; the project is the node, the rest identifies the test
    return [this.fileOf(test), ...test.titlePath().slice(3)].join(' › ');
  }

  /** The spec file the test is queued in (a test generated by a fixtures/ helper has its location there). */
  private fileOf(test: TestCase): string {
    const root = this.config?.rootDir ?? process.cwd();
    let suite: Suite | undefined = test.parent;
    while (suite && suite.type !== 'file') suite = suite.parent;
    return relative(root, suite?.location?.file ?? test.location.file)
      .split('\\')
      .join('/');
  }
}
