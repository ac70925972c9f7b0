/** What both exploration specs set up: the stack, the baseline, the permitted actions, the coverage table. */
import type { ExploreEnv } from '../config/env';
import { permittedActions, takeBaseline, type Baseline } from './baseline';
import { Coverage } from './coverage';
import { APP_ACTIONS, NODE_ACTIONS, type Action, type ActionKind, type NodeAction } from './lifecycle';
import { makeStack, type KnownChoices } from './stack';
import { followChoice, type NodeProfile } from '../config/profiles';

/** The node's choices for apps whose requirement stops and starts, where its reviewed profile records them. */
export function profileChoices(profile: NodeProfile | null): Omit<KnownChoices, 'perApp'> {
  return {
    companions: followChoice(profile, 'companions-with-backend'),
    dependants: followChoice(profile, 'dependants-with-bitcoin'),
  };
}
import type { ExploreDeps } from './step';

export interface Session {
  deps: ExploreDeps;
  base: Baseline;
  actions: Action[];
  coverage: Coverage;
}

export function nodeEvents(env: ExploreEnv): NodeAction[] {
  const unknown = env.events.filter((e) => !(NODE_ACTIONS as readonly string[]).includes(e));
  if (unknown.length > 0)
    throw new Error(`ARCHY_EXPLORE_EVENTS: unknown event ${unknown.join(', ')} (known: ${NODE_ACTIONS.join(', ')})`);
  return env.events as NodeAction[];
}

export async function openSession(
  explorer: Omit<ExploreDeps, 'stack'>,
  env: ExploreEnv,
  apps: string[] | undefined = env.apps,
): Promise<Session> {
  const deps: ExploreDeps = { ...explorer, stack: makeStack(apps, profileChoices(explorer.profile)) };
  const base = await takeBaseline(deps);
  const actions = permittedActions(deps, base, nodeEvents(env));
  const kinds: ActionKind[] = [...APP_ACTIONS, ...(deps.control ? nodeEvents(env) : [])];
  return { deps, base, actions, coverage: new Coverage(deps.stack, kinds) };
}

/** Upper bound for a whole exploration: each step's waits are bounded; this only keeps a runaway run finite. */
export function exploreTimeoutMs(env: ExploreEnv, isSim: boolean): number {
  const perStep = isSim ? 15_000 : 10 * 60_000;
  return Math.max(10 * 60_000, env.runs * env.steps * perStep * 0.5);
}
