/**
 * The stack of apps an exploration works on, and the relations between them, read from the
 * catalogue (config/apps.ts) only: `requires` ('bitcoin' = bitcoin-knots or bitcoin-core),
 * `conflicts`, `companionOf`. The stack is closed under what its apps need: a backend brings its
 * companions (they come and go with it), an app brings what it requires.
 */
import { APPS, appById, type AppEntry } from '../config/apps';
import type { FollowChoice } from '../config/profiles';

/** What a node does with an app whose requirement stops (config/profiles.ts FollowChoice). */
export type { FollowChoice } from '../config/profiles';

/** The node's choices as known so far: per app (seen in this run), else per kind (from the profile). */
export interface KnownChoices {
  companions?: FollowChoice;
  dependants?: FollowChoice;
  perApp: Record<string, FollowChoice | undefined>;
}
import { BITCOIN_NODES as NODES } from '../lib/ensure-app';

/** The catalogue's word for "bitcoin-knots or bitcoin-core" in `requires` and `companionOf`. */
export const BITCOIN_GROUP = 'bitcoin';
const BITCOIN_NODES: readonly string[] = NODES;

export const DEFAULT_STACK = [
  'filebrowser',
  'bitcoin-knots',
  'bitcoin-core',
  'archy-bitcoin-ui',
  'lnd',
  'archy-lnd-ui',
];

export interface Stack {
  readonly ids: readonly string[];
  app(id: string): AppEntry;
  /** Each requirement of `id` as the group of apps that fulfil it ('bitcoin' → the bitcoin nodes). */
  requirementGroups(id: string): string[][];
  /** Companions that come and go with backend `id`. */
  companionsOf(id: string): string[];
  /** Apps (companions included) that require `id`. */
  dependantsOf(id: string): string[];
  conflictsOf(id: string): string[];
  /** The apps sharing a surface with `id` (same proxy path, direct port or named port), `id` included. */
  surfaceSharers(id: string): string[];
  /** What the node does with `id` when what it requires stops and starts again, if known (else undefined: each is allowed). */
  follows(id: string): FollowChoice | undefined;
  /** The node showed its choice for `id`: later steps expect it. */
  learn(id: string, choice: 'keep' | 'stop' | 'stay' | 'return'): void;
  readonly known: KnownChoices;
}

function group(req: string): string[] {
  return req === BITCOIN_GROUP ? [...BITCOIN_NODES] : [req];
}

/** The surfaces an app answers on: its UI (proxy path, direct port) and its other named ports. */
function surfaceKeys(app: AppEntry): string[] {
  const keys = Object.keys(app.ports ?? {}).map((p) => `port:${p}`);
  if (app.ui?.proxyPath) keys.push(app.ui.proxyPath);
  if (app.ui?.directPort) keys.push(`port:${app.ui.directPort.name}`);
  return keys;
}

/** The closure of `wanted` under requirements and companions, in catalogue order. */
export function closeStack(wanted: readonly string[]): string[] {
  const ids = new Set<string>();
  const add = (id: string): void => {
    if (ids.has(id)) return;
    const app = appById(id);
    ids.add(id);
    for (const req of app.requires) {
      const members = group(req);
      if (!members.some((m) => ids.has(m) || wanted.includes(m))) add(members[0]!);
    }
    if (app.companionOf) {
      const backends = group(app.companionOf);
      if (!backends.some((m) => ids.has(m) || wanted.includes(m))) add(backends[0]!);
    }
    for (const c of APPS.filter((a) => a.companionOf && group(a.companionOf).includes(id))) add(c.id);
  };
  for (const id of wanted) add(id);
  return APPS.map((a) => a.id).filter((id) => ids.has(id));
}

export function makeStack(
  wanted: readonly string[] = DEFAULT_STACK,
  profile: Omit<KnownChoices, 'perApp'> = {},
): Stack {
  const ids = closeStack(wanted);
  const known: KnownChoices = { ...profile, perApp: {} };
  const follows = (id: string): FollowChoice | undefined =>
    known.perApp[id] ?? (appById(id).companionOf ? known.companions : known.dependants);
  const inStack = (id: string): boolean => ids.includes(id);
  const app = (id: string): AppEntry => {
    if (!inStack(id)) throw new Error(`${id} is not in the exploration stack (${ids.join(', ')})`);
    return appById(id);
  };
  return {
    ids,
    app,
    requirementGroups: (id) => app(id).requires.map((r) => group(r).filter(inStack)),
    companionsOf: (id) =>
      ids.filter((c) => {
        const of = appById(c).companionOf;
        return of !== undefined && group(of).includes(id);
      }),
    dependantsOf: (id) => ids.filter((d) => appById(d).requires.some((r) => group(r).includes(id))),
    conflictsOf: (id) => app(id).conflicts.filter(inStack),
    surfaceSharers: (id) => {
      const mine = surfaceKeys(app(id));
      return ids.filter((o) => o === id || surfaceKeys(appById(o)).some((k) => mine.includes(k)));
    },
    follows,
    known,
    learn: (id, seen) => {
      const now = follows(id);
      // 'stop' alone does not tell stay from return; the start that follows does.
      if (seen === 'keep') known.perApp[id] = 'keep-state';
      else if (seen === 'stay') known.perApp[id] = 'stop-and-stay';
      else if (seen === 'return') known.perApp[id] = 'stop-and-return';
      else if (now === 'keep-state') known.perApp[id] = undefined;
    },
  };
}

export function isBitcoinNode(id: string): boolean {
  return BITCOIN_NODES.includes(id);
}
