/**
 * Where every sequence of an exploration starts. On the sim: a fresh node (the control channel's
 * reset) with the run's faults switched on again. On a real node: the apps it had when the run
 * started, in their states: what exploration installed is uninstalled, what it stopped is started
 * (and the other way round). Protected apps and apps the node had are never uninstalled there.
 */
import { scaledBudget } from '../lib/ensure-app';
import { APP_ACTIONS, type Action, type AppState, type ModelState } from './lifecycle';
import { observeStates } from './observe';
import type { ExploreDeps } from './step';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Reads the stack's states once every entry settled (any settled state). */
export async function readSettled(
  deps: ExploreDeps,
  budgetMs = scaledBudget(deps.node, 6 * 60_000),
): Promise<ModelState> {
  const all: Record<string, AppState[]> = Object.fromEntries(
    deps.stack.ids.map((id) => [id, ['absent', 'running', 'stopped']]),
  );
  const deadline = Date.now() + budgetMs;
  for (;;) {
    const seen = await observeStates(deps.rpc, deps.stack, all);
    if (deps.stack.ids.every((id) => seen[id]!.state !== null))
      return Object.fromEntries(deps.stack.ids.map((id) => [id, seen[id]!.state!]));
    if (Date.now() > deadline)
      throw new Error(
        `[node ${deps.node.name}] the stack did not settle within ${budgetMs} ms: ${deps.stack.ids.map((id) => `${id}=${seen[id]!.raw}`).join(', ')}`,
      );
    await sleep(deps.node.isSim ? 30 : 1000);
  }
}

async function waitHealth(deps: ExploreDeps): Promise<void> {
  const deadline = Date.now() + scaledBudget(deps.node, 60_000);
  while (!(await deps.rpc.health().then(Boolean, () => false))) {
    if (Date.now() > deadline) throw new Error(`[node ${deps.node.name}] health does not answer after a reset`);
    await sleep(30);
  }
}

export interface Baseline {
  /** The model state every sequence starts from. */
  state: ModelState;
  /** Faults to switch on again after each reset of the sim. */
  faults: string[];
}

export async function takeBaseline(deps: ExploreDeps): Promise<Baseline> {
  const faults = deps.control ? await deps.control.faults() : [];
  if (deps.node.isSim && deps.control) {
    await deps.control.reset();
    if (faults.length > 0) await deps.control.faultsOn(...faults);
    await waitHealth(deps);
  }
  return { state: await readSettled(deps), faults };
}

/** Puts the node back where the baseline was; returns the model state it is in. */
export async function restoreBaseline(deps: ExploreDeps, base: Baseline): Promise<ModelState> {
  if (deps.node.isSim && deps.control) {
    await deps.control.reset();
    if (base.faults.length > 0) await deps.control.faultsOn(...base.faults);
    await waitHealth(deps);
    return readSettled(deps);
  }
  let now = await readSettled(deps);
  // Dependants first: an app is uninstalled before what it requires.
  for (const id of [...deps.stack.ids].reverse()) {
    if (base.state[id] === 'absent' && now[id] !== 'absent') await deps.rpc.uninstall(id).catch(() => undefined);
  }
  now = await readSettled(deps);
  for (const id of deps.stack.ids) {
    if (base.state[id] === 'running' && now[id] === 'stopped') await deps.rpc.start(id).catch(() => undefined);
    if (base.state[id] === 'running' && now[id] === 'absent') await deps.rpc.install(id).catch(() => undefined);
  }
  for (const id of [...deps.stack.ids].reverse())
    if (base.state[id] === 'stopped' && now[id] === 'running') await deps.rpc.stop(id).catch(() => undefined);
  now = await readSettled(deps);
  const off = deps.stack.ids.filter((id) => now[id] !== base.state[id]);
  if (off.length > 0)
    throw new Error(
      `[node ${deps.node.name}] could not restore ${off.map((id) => `${id} (was ${base.state[id]}, is ${now[id]})`).join(', ')}`,
    );
  return now;
}

/** Actions exploration may take on this node: node events only with a control channel; on a real node never an uninstall of a protected app or of one the node had. */
export function permittedActions(deps: ExploreDeps, base: Baseline, nodeEvents: readonly Action['kind'][]): Action[] {
  const out: Action[] = [];
  for (const id of deps.stack.ids) {
    for (const kind of APP_ACTIONS) {
      if (
        kind === 'uninstall' &&
        !deps.node.isSim &&
        (deps.node.protectedApps.includes(id) || base.state[id] !== 'absent')
      )
        continue;
      out.push({ kind, app: id });
    }
  }
  if (deps.control) for (const kind of nodeEvents) out.push({ kind } as Action);
  return out;
}
