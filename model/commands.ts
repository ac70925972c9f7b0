/**
 * The exploration's actions as fast-check model-based commands (fc.commands / fc.asyncModelRun).
 * Every permitted action can be tried in every state (a refusal is an outcome the model judges), so
 * `check` is always true; which actions come up is weighted toward the (app, action) pairs run least.
 */
import fc from 'fast-check';
import type { Coverage } from './coverage';
import { describeAction, type Action, type ModelState } from './lifecycle';
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

export class ActionCommand implements fc.AsyncCommand<ExploreModel, ExploreReal> {
  constructor(readonly action: Action) {}

  check(): boolean {
    return true;
  }

  async run(m: ExploreModel, r: ExploreReal): Promise<void> {
    m.n++;
    const n = m.n;
    const before = m.state;
    m.state = await r.step(`sequence ${r.sequence} · step ${n}: ${describeAction(this.action)}`, () => runStep(r.deps, before, this.action, n, r.coverage, r.trail));
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
    const runs = 'app' in a ? coverage.runsOf(a.app, a.kind) : apps.reduce((s, id) => s + coverage.runsOf(id, a.kind), 0) / apps.length;
    return Math.max(1, Math.round(1000 / (5 + runs)));
  });
}

export function commandsArbitrary(actions: readonly Action[], weights: readonly number[], maxCommands: number): fc.Arbitrary<Iterable<fc.AsyncCommand<ExploreModel, ExploreReal>>> {
  const one = fc.oneof(...actions.map((a, i) => ({ arbitrary: fc.constant(a).map((x) => new ActionCommand(x)), weight: weights[i] ?? 1 })));
  return fc.commands([one], { maxCommands, size: 'max' });
}
