/**
 * One step of an exploration: the action through the RPC API (or the control channel for node-wide
 * events), then the node compared with the model: the refusal (must / may / never, with a documented
 * prefix), the settled states of every app of the stack (get-state), container-list, and the
 * surfaces of the apps the step touched. The model then follows the outcome the node chose among
 * those it allows. A mismatch throws an ExploreMismatch that names node, step and app.
 */
import type { NodeConfig } from '../config/nodes';
import type { NodeProfile } from '../config/profiles';
import { scaledBudget } from '../lib/ensure-app';
import type { ProbeContext } from '../lib/probes';
import type { AppEntry } from '../config/apps';
import { RpcError } from '../lib/rpc/errors';
import type { RpcClient } from '../lib/rpc/client';
import type { NodeControl } from '../lib/sim-control';
import type { Coverage, Outcome } from './coverage';
import { stateLabel } from './labels';
import {
  allowedAfter,
  describeAction,
  expectationOf,
  isDocumentedRefusal,
  isStoppedState,
  REFUSAL_PREFIXES,
  requirementStatus,
  type Action,
  type AppState,
  type ModelState,
} from './lifecycle';
import { sufferNodeEvent } from '../lib/node-events';
import {
  checkSurface,
  containerProblems,
  listRows,
  observeStates,
  retry,
  surfaceExpectation,
  type Seen,
} from './observe';
import type { Stack } from './stack';

export interface ExploreDeps {
  node: NodeConfig;
  /** The node's reviewed profile (config/profiles.ts), or null. */
  profile: NodeProfile | null;
  rpc: RpcClient;
  control: NodeControl | undefined;
  stack: Stack;
  probeContext: (app: AppEntry) => ProbeContext;
}

export class ExploreMismatch extends Error {
  override name = 'ExploreMismatch';
}

export interface StepRecord {
  n: number;
  action: string;
  before: string;
  outcome: 'accepted' | 'refused' | 'failed';
  after: string;
  detail?: string;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** container-list may lag get-state a little: 10 s on a real node, scaled (floor 1 s) on the sim. */
function graceMs(node: NodeConfig): number {
  return Math.max(1_000, Math.round(10_000 * node.timeScale));
}

function budgetFor(deps: ExploreDeps, m: ModelState, allowed: Record<string, AppState[]>, action: Action): number {
  let budget = scaledBudget(deps.node, 10_000);
  for (const id of deps.stack.ids) {
    const changes = !(allowed[id]!.length === 1 && allowed[id]![0] === m[id]);
    if (!changes) continue;
    const app = deps.stack.app(id);
    budget = Math.max(
      budget,
      scaledBudget(
        deps.node,
        allowed[id]!.includes('running') && m[id] === 'absent' ? app.installBudgetMs : app.actionBudgetMs,
      ),
    );
  }
  if (!('app' in action)) budget = Math.max(budget, scaledBudget(deps.node, 60_000));
  return budget;
}

function summary(stack: Stack, m: ModelState): string {
  return stack.ids.map((id) => `${id}=${m[id]}`).join(', ');
}

/**
 * An app settled in a state that is neither allowed nor the one it had: it has ended there, so there is
 * no need to wait for the others. `held` and `stopped` are the same entry on the node (stopped); which
 * one a read gives depends on what is allowed, so a held app read as stopped has not moved: it may be
 * about to return with what it requires (a restart of a stopped backend, before it runs again).
 */
export function settledElsewhere(
  seen: AppState | null,
  before: AppState | undefined,
  allowed: readonly AppState[],
): boolean {
  if (seen === null || allowed.includes(seen)) return false;
  return seen !== before && !(isStoppedState(seen) && isStoppedState(before));
}

/** Polls get-state until every app settled in an allowed state. Fails early on an app that settled elsewhere. */
async function settle(
  deps: ExploreDeps,
  m: ModelState,
  allowed: Record<string, AppState[]>,
  budgetMs: number,
  where: string,
): Promise<ModelState> {
  const deadline = Date.now() + budgetMs;
  const gap = deps.node.isSim ? 30 : 500;
  let seen: Record<string, Seen> = {};
  for (;;) {
    seen = await observeStates(deps.rpc, deps.stack, allowed);
    const ids = deps.stack.ids;
    if (ids.every((id) => seen[id]!.state !== null && allowed[id]!.includes(seen[id]!.state!))) {
      return Object.fromEntries(ids.map((id) => [id, seen[id]!.state!]));
    }
    // An app that settled in a state neither allowed nor the one it had has ended: no need to wait for the others.
    const settledWrong = ids.some((id) => settledElsewhere(seen[id]!.state, m[id], allowed[id]!));
    if (settledWrong || Date.now() > deadline) {
      const wrong = ids.filter(
        (id) =>
          (seen[id]!.state === null && !settledWrong) ||
          (seen[id]!.state !== null && !allowed[id]!.includes(seen[id]!.state!)),
      );
      const lines = wrong.map((id) => `${id}: expected ${allowed[id]!.join(' or ')}, node shows ${seen[id]!.raw}`);
      throw new ExploreMismatch(
        `${where}: ${lines.join('; ')}${settledWrong ? '' : ` (not settled within ${budgetMs} ms)`}`,
      );
    }
    await sleep(gap);
  }
}

async function act(deps: ExploreDeps, action: Action): Promise<{ refused: string | null }> {
  if (!('app' in action)) {
    if (!deps.control) throw new Error(`${deps.node.name} has no control channel for ${action.kind}`);
    await sufferNodeEvent(deps.control, deps.rpc, deps.node, action.kind);
    return { refused: null };
  }
  const call = {
    install: () => deps.rpc.install(action.app),
    uninstall: () => deps.rpc.uninstall(action.app),
    stop: () => deps.rpc.stop(action.app),
    start: () => deps.rpc.start(action.app),
    restart: () => deps.rpc.restart(action.app),
  }[action.kind];
  try {
    await call();
    return { refused: null };
  } catch (error) {
    if (error instanceof RpcError) return { refused: error.rpcMessage };
    throw error;
  }
}

/**
 * Where the model allowed several outcomes for an app whose requirement stopped or started again, the
 * one the node took is its choice: later steps expect the same (Stack.follows).
 */
function learnChoices(
  stack: Stack,
  m: ModelState,
  next: ModelState,
  allowed: Record<string, AppState[]>,
  kind: Action['kind'],
): void {
  for (const id of stack.ids) {
    if ((allowed[id]?.length ?? 0) < 2) continue;
    // only a stop says what the node does when a requirement stops (a restart or an uninstall may differ)
    // …and only where what it requires did stop (an app further down may have had nothing stop)
    if (
      kind === 'stop' &&
      m[id] === 'running' &&
      allowed[id]!.includes('held') &&
      requirementStatus(stack, next, id) !== 'up'
    )
      stack.learn(id, next[id] === 'held' ? 'stop' : 'keep');
    // a held app that stayed stopped tells "stay" only if what it requires runs again
    if ((kind === 'start' || kind === 'restart') && m[id] === 'held' && requirementStatus(stack, next, id) === 'up')
      stack.learn(id, next[id] === 'running' ? 'return' : 'stay');
  }
}

/** Apps whose surfaces a step judges: the target and every app whose state changed; all apps after a node event. */
function touched(deps: ExploreDeps, before: ModelState, after: ModelState, action: Action): string[] {
  if (!('app' in action)) return [...deps.stack.ids];
  return deps.stack.ids.filter((id) => id === action.app || before[id] !== after[id]);
}

async function judgeSurfaces(deps: ExploreDeps, m: ModelState, ids: string[], where: string): Promise<void> {
  const budget = scaledBudget(deps.node, 60_000);
  for (const id of ids) {
    const want = surfaceExpectation(deps.stack, m, id);
    if (want === 'unknown') continue;
    const app = deps.stack.app(id);
    try {
      await retry(() => checkSurface(deps.probeContext(app), app, want), budget, deps.node);
    } catch (error) {
      throw new ExploreMismatch(
        `${where}: ${id} is ${m[id]}, its surfaces should be ${want}: ${(error as Error).message}`,
      );
    }
  }
}

async function judgeContainers(deps: ExploreDeps, m: ModelState, where: string): Promise<void> {
  let problems: string[] = [];
  try {
    await retry(
      async () => {
        problems = containerProblems(deps.stack, m, await listRows(deps.rpc));
        if (problems.length > 0) throw new Error(problems.join('; '));
      },
      graceMs(deps.node),
      deps.node,
    );
  } catch {
    throw new ExploreMismatch(`${where}: container-list: ${problems.join('; ')}`);
  }
}

/**
 * Runs one action, judges the node, returns the model's next state. Coverage counts the pair of
 * every app the action hit (the target; every app for a node event) with how it ended.
 */
export async function runStep(
  deps: ExploreDeps,
  m: ModelState,
  action: Action,
  n: number,
  coverage: Coverage | null,
  trail: StepRecord[],
): Promise<ModelState> {
  const { stack, node } = deps;
  const what = describeAction(action);
  const where = `[node ${node.name}] step ${n} ${what}`;
  const hit = 'app' in action ? [action.app] : [...stack.ids];
  const labels = Object.fromEntries(hit.map((id) => [id, stateLabel(stack, m, id)]));
  const before = 'app' in action ? labels[action.app]! : summary(stack, m);
  const e = expectationOf(stack, m, action);
  const record = (outcome: Outcome): void => {
    for (const id of hit) coverage?.record(id, labels[id]!, action.kind, outcome);
  };
  try {
    const { refused } = await act(deps, action);
    if (refused !== null) {
      if (e.refusal === 'never')
        throw new ExploreMismatch(
          `${where} (${before}): refused "${refused}", but the model says it must be accepted: ${e.why}`,
        );
      if (!isDocumentedRefusal(refused))
        throw new ExploreMismatch(
          `${where} (${before}): refused with "${refused}", which starts with none of the documented prefixes ${REFUSAL_PREFIXES.map((p) => `"${p}"`).join(', ')} (archy-surface §1.3)`,
        );
      await sleep(Math.max(50, Math.round(1_000 * node.timeScale)));
    } else if (e.refusal === 'must') {
      throw new ExploreMismatch(`${where} (${before}): accepted, but the model says it must be refused: ${e.why}`);
    }
    const allowed = allowedAfter(stack, m, e, refused === null);
    const next = await settle(deps, m, allowed, budgetFor(deps, m, allowed, action), `${where} (${before})`);
    if ('app' in action && refused === null) learnChoices(stack, m, next, allowed, action.kind);
    await judgeContainers(deps, next, `${where} → ${summary(stack, next)}`);
    await judgeSurfaces(deps, next, touched(deps, m, next, action), `${where} → ${summary(stack, next)}`);
    record(refused !== null ? 'refused' : 'ok');
    const after = 'app' in action ? next[action.app]! : summary(stack, next);
    trail.push({
      n,
      action: what,
      before,
      outcome: refused !== null ? 'refused' : 'accepted',
      after,
      detail: refused ?? undefined,
    });
    return next;
  } catch (error) {
    record('failed');
    trail.push({ n, action: what, before, outcome: 'failed', after: '?', detail: (error as Error).message });
    throw error;
  }
}

export function describeTrail(trail: readonly StepRecord[]): string[] {
  return trail.map(
    (s) =>
      `${s.n}. ${s.action} (${s.before}) → ${s.outcome}${s.outcome === 'accepted' ? `: ${s.after}` : ''}${s.outcome === 'refused' ? ` "${s.detail}"` : ''}${s.outcome === 'failed' ? `: ${s.detail}` : ''}`,
  );
}
