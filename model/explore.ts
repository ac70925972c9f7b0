/**
 * The exploration: random sequences of actions over the stack (fast-check's fc.commands run by
 * fc.asyncModelRun), each from the baseline, in batches whose action weights are recomputed from the
 * coverage so far (least-run pairs first), each batch leaning on one app of the stack in turn. The first failing sequence is shrunk by fast-check to the
 * shortest sequence that still fails; its steps come back readable, with the seed, path and weights
 * that reproduce it. `replaySequence` runs a recorded sequence once, without fast-check.
 */
import * as fc from 'fast-check';
import type { StepRunner } from '../lib/rpc/client';
import { restoreBaseline, type Baseline } from './baseline';
import { commandsArbitrary, weightsFor, type ExploreModel, type ExploreReal } from './commands';
import type { Coverage } from './coverage';
import type { Action } from './lifecycle';
import { describeTrail, runStep, type ExploreDeps, type StepRecord } from './step';

export interface ExploreOptions {
  runs: number;
  maxSteps: number;
  seed: number;
  /** Sequences per batch (weights are recomputed between batches). */
  batchSize: number;
  /** Reproduce one batch: fast-check's counterexample path, with the weights it ran with. */
  path?: string;
  replayPath?: string;
  weights?: number[];
  actions: Action[];
  /**
   * Fault finding: a pair the model says must be refused is tried this many times before `check`
   * skips it (default ENOUGH_RUNS, the coverage bar), so the step budget goes to sequences the node
   * accepts, where order-dependent faults live. Each refusal tried is judged as ever.
   */
  refusalRuns?: number;
  /**
   * Fault finding: the share of picks that go to node events, whatever the batch's focus (by default
   * they share the picks left outside the focus with the other apps' actions).
   */
  eventShare?: number;
  /**
   * Fault finding: every other batch leaves node events out (weight 0), so a run of calls within one
   * daemon's life (stop, start, restart of one app) is likely there; the batches between give events
   * their share. Each app of the stack gets the focus in both kinds of batch.
   */
  eventFreeBatches?: boolean;
  step: StepRunner;
  log: (line: string) => void;
}

export interface ExploreFailure {
  message: string;
  seed: number;
  path: string;
  /** fc.commands' replayPath (which commands ran), needed with seed and path. */
  replayPath: string;
  weights: number[];
  actions: Action[];
  steps: string[];
  shrinks: number;
  /** From the start of the exploration to the first failing sequence. */
  foundAfterMs: number;
  /** Including shrinking. */
  totalMs: number;
  foundAtSequence: number;
}

export interface ExploreResult {
  sequences: number;
  steps: number;
  ms: number;
  failure: ExploreFailure | null;
}

function actionsOf(trail: readonly StepRecord[], all: readonly Action[]): Action[] {
  return trail.map((s) => all.find((a) => ('app' in a ? `${a.kind} ${a.app}` : a.kind) === s.action)!).filter(Boolean);
}

/** Batch b leans on one app of the stack (and what it requires), in turn: bugs that need several actions on one app come up. */
function focusOf(stack: ExploreDeps['stack'], b: number): string[] {
  const id = stack.ids[b % stack.ids.length]!;
  return [id, ...stack.requirementGroups(id).flat()];
}

/** Share of the picks that go to the batch's focus app (its own coverage weights split it). */
const FOCUS_SHARE = 0.7;

function focused(
  weights: number[],
  actions: readonly Action[],
  focus: readonly string[],
  eventShare?: number,
): number[] {
  const group = (i: number): 'focus' | 'event' | 'rest' => {
    const a = actions[i]!;
    if (!('app' in a)) return eventShare === undefined ? 'rest' : 'event';
    return focus.includes(a.app) ? 'focus' : 'rest';
  };
  const total = (g: string): number => weights.reduce((s, w, i) => s + (group(i) === g ? w : 0), 0);
  const sums = { focus: total('focus'), event: total('event'), rest: total('rest') };
  if (sums.focus === 0 || sums.rest === 0) return weights;
  const event = sums.event > 0 ? (eventShare ?? 0) : 0;
  const share = { focus: FOCUS_SHARE * (1 - event), event, rest: (1 - FOCUS_SHARE) * (1 - event) };
  // scaled so that the rest keeps its weights: focus and events get their shares relative to it
  const scale = (g: 'focus' | 'event'): number => (share[g] / share.rest) * (sums.rest / (sums[g] || 1));
  return weights.map((w, i) => {
    const g = group(i);
    return g === 'rest' ? w : Math.max(1, Math.round(w * scale(g)));
  });
}

/**
 * The action weights of batch b: least-run pairs first, leaning on the batch's focus app. With
 * `eventFreeBatches`, each app has the focus for two batches in a row, and node events weigh 0 in the
 * second (fast-check's oneof accepts a weight of 0).
 */
export function batchWeights(
  stack: ExploreDeps['stack'],
  coverage: Coverage,
  o: Pick<ExploreOptions, 'actions' | 'eventShare' | 'eventFreeBatches'>,
  b: number,
): number[] {
  const alternate = o.eventFreeBatches === true && o.actions.some((a) => 'app' in a);
  const weights = focused(
    weightsFor(o.actions, coverage),
    o.actions,
    focusOf(stack, alternate ? Math.floor(b / 2) : b),
    o.eventShare,
  );
  return alternate && b % 2 === 1 ? weights.map((w, i) => ('app' in o.actions[i]! ? w : 0)) : weights;
}

export async function explore(
  deps: ExploreDeps,
  base: Baseline,
  coverage: Coverage,
  o: ExploreOptions,
): Promise<ExploreResult> {
  const t0 = Date.now();
  let sequence = 0;
  const batches = o.path ? 1 : Math.ceil(o.runs / o.batchSize);
  for (let b = 0; b < batches; b++) {
    const runs = o.path ? o.runs : Math.min(o.batchSize, o.runs - b * o.batchSize);
    const seed = o.seed + b;
    const weights = o.weights ?? batchWeights(deps.stack, coverage, o, b);
    let failed = false;
    let firstFailAt = 0;
    let failSequence = 0;
    let lastTrail: StepRecord[] = [];
    let lastMessage = '';
    const property = fc.asyncProperty(
      commandsArbitrary(
        o.actions,
        weights,
        { coverage, maxSteps: o.maxSteps, refusalRuns: o.refusalRuns },
        o.replayPath,
      ),
      async (cmds) => {
        const shrinking = failed;
        sequence++;
        const real: ExploreReal = { deps, trail: [], coverage: shrinking ? null : coverage, step: o.step, sequence };
        try {
          await fc.asyncModelRun(
            async () => ({ model: { state: await restoreBaseline(deps, base), n: 0 } satisfies ExploreModel, real }),
            cmds,
          );
          if (!shrinking) coverage.sequences++;
        } catch (error) {
          if (!failed) {
            failed = true;
            firstFailAt = Date.now();
            failSequence = sequence;
            coverage.sequences++;
            o.log(`explore ${deps.node.name}: sequence ${sequence} failed after ${real.trail.length} steps; shrinking`);
          }
          lastTrail = real.trail;
          lastMessage = (error as Error).message;
          throw error;
        }
        if (!shrinking && sequence % 10 === 0)
          o.log(
            `explore ${deps.node.name}: ${sequence} sequences, ${coverage.steps} steps, ${Math.round((Date.now() - t0) / 1000)} s`,
          );
      },
    );
    const details = await fc.check(property, { numRuns: runs, seed, path: o.path, endOnFailure: false });
    if (details.failed) {
      const actions = actionsOf(lastTrail, o.actions);
      return {
        sequences: coverage.sequences,
        steps: coverage.steps,
        ms: Date.now() - t0,
        failure: {
          message: lastMessage,
          seed,
          path: details.counterexamplePath ?? '',
          replayPath: /replayPath="([^"]*)"/.exec(fc.stringify(details.counterexample?.[0]))?.[1] ?? '',
          weights,
          actions,
          steps: describeTrail(lastTrail),
          shrinks: details.numShrinks,
          foundAfterMs: firstFailAt - t0,
          totalMs: Date.now() - t0,
          foundAtSequence: failSequence,
        },
      };
    }
  }
  return { sequences: coverage.sequences, steps: coverage.steps, ms: Date.now() - t0, failure: null };
}

export interface ReplayOutcome {
  ok: boolean;
  steps: string[];
  message: string | null;
}

/** Runs one recorded sequence from the baseline, step by step, as the exploration would. */
export async function replaySequence(
  deps: ExploreDeps,
  base: Baseline,
  actions: readonly Action[],
  step: StepRunner,
): Promise<ReplayOutcome> {
  let m = await restoreBaseline(deps, base);
  const trail: StepRecord[] = [];
  try {
    for (const [i, action] of actions.entries()) {
      const before = m;
      m = await step(`replay · step ${i + 1}: ${'app' in action ? `${action.kind} ${action.app}` : action.kind}`, () =>
        runStep(deps, before, action, i + 1, null, trail),
      );
    }
    return { ok: true, steps: describeTrail(trail), message: null };
  } catch (error) {
    return { ok: false, steps: describeTrail(trail), message: (error as Error).message };
  }
}
