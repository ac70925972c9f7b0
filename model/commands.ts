/**
 * The exploration's actions as fast-check model-based commands (fc.commands / fc.asyncModelRun).
 * Every permitted action can be tried in every state (a refusal is an outcome the model judges);
 * `check` skips an action the model says must be refused once that (state, action) pair has run
 * enough, so sequences spend their steps on paths that go somewhere, and caps a sequence at its
 * step budget. Which actions come up is weighted toward the (app, action) pairs run least.
 */
import fc from 'fast-check';
import { ENOUGH_RUNS, type Coverage } from './coverage';
import { stateLabel } from './labels';
import { describeAction, expectationOf, type Action, type ModelState } from './lifecycle';
import { runStep, type ExploreDeps, type StepRecord } from './step';
import type { StepRunner } from '../lib/rpc/client';

export interface ExploreModel {
  state: ModelState;
  n: number;
}

export interface ExploreReal {
  deps: ExploreDeps;
  trail: StepRecord[];
  coverage: Coverage | null;
  step: StepRunner;
  sequence: number;
}

/** What `check` reads: the run's coverage table (not updated while shrinking) and the step budget. */
export interface CommandContext {
  coverage: Coverage;
  maxSteps: number;
  /** Runs of a (state, action) pair the model says must be refused before `check` skips it (default ENOUGH_RUNS). */
  refusalRuns?: number;
}

export class ActionCommand implements fc.AsyncCommand<ExploreModel, ExploreReal> {
  constructor(
    readonly action: Action,
    private readonly ctx: CommandContext,
  ) {}

  check(m: Readonly<ExploreModel>): boolean {
    if (m.n >= this.ctx.maxSteps) return false;
    if (!('app' in this.action)) return true;
    const { stack } = this.ctx.coverage;
    if (expectationOf(stack, m.state, this.action).refusal !== 'must') return true;
    return (
      this.ctx.coverage.count(this.action.app, stateLabel(stack, m.state, this.action.app), this.action.kind).runs <
      (this.ctx.refusalRuns ?? ENOUGH_RUNS)
    );
  }

  async run(m: ExploreModel, r: ExploreReal): Promise<void> {
    m.n++;
    const n = m.n;
    const before = m.state;
    m.state = await r.step(`sequence ${r.sequence} · step ${n}: ${describeAction(this.action)}`, () =>
      runStep(r.deps, before, this.action, n, r.coverage, r.trail),
    );
    if (r.coverage) r.coverage.steps++;
  }

  toString(): string {
    return describeAction(this.action);
  }
}

/** Weight of an action: higher the fewer times it ran (node events: per app, on average). */
export function weightsFor(actions: readonly Action[], coverage: Coverage): number[] {
  const apps = coverage.stack.ids;
  return actions.map((a) => {
    const runs =
      'app' in a
        ? coverage.runsOf(a.app, a.kind)
        : apps.reduce((s, id) => s + coverage.runsOf(id, a.kind), 0) / apps.length;
    return Math.max(1, Math.round(1000 / (5 + runs)));
  });
}

/** Three candidates per step of the budget: the ones `check` skips leave room for the others. */
export function commandsArbitrary(
  actions: readonly Action[],
  weights: readonly number[],
  ctx: CommandContext,
  replayPath?: string,
): fc.Arbitrary<Iterable<fc.AsyncCommand<ExploreModel, ExploreReal>>> {
  const one = fc.oneof(
    ...actions.map((a, i) => ({
      arbitrary: fc.constant(a).map((x) => new ActionCommand(x, ctx)),
      weight: weights[i] ?? 1,
    })),
  );
  return fc.commands([one], { maxCommands: 3 * ctx.maxSteps, size: 'max', replayPath });
}
