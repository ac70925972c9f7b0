/**
 * Queries over the catalogue (config/apps.ts), in one place: bitcoin nodes, backends and companions,
 * what an app needs, who depends on bitcoin, direct ports and their owners, budgets scaled by a node's time-scale, and the generated
 * specs' helpers (which apps a cell applies to, their tags and titles). Adding an app to the catalogue
 * adds its tests.
 */
import { APPS, appById, cellsFor, type AppEntry, type CellId } from './apps';
import { CELL, NODE_CHANGING_CELLS } from './cells';
import { appTag, cellTag, DESTRUCTIVE, layer } from './tags';

// ---- bitcoin nodes, backends, companions ---------------------------------------------------------

/** The apps that are "a bitcoin node" ('bitcoin' in `requires` / `companionOf` means either). */
export const BITCOIN_NODES = ['bitcoin-knots', 'bitcoin-core'] as const;

export function isBitcoinNode(id: string): boolean {
  return (BITCOIN_NODES as readonly string[]).includes(id);
}

/** Ids that can be `app`'s backend: both bitcoin nodes for a 'bitcoin' companion, [] for an app that is not a companion. */
export function backendsOf(app: AppEntry): string[] {
  if (!app.companionOf) return [];
  return app.companionOf === 'bitcoin' ? [...BITCOIN_NODES] : [app.companionOf];
}

/** The backend a companion comes with: the first candidate in `present` (ids on the node), else the first candidate. */
export function backendOf(app: AppEntry, present: readonly string[] = []): AppEntry | undefined {
  const candidates = backendsOf(app);
  const id = candidates.find((c) => present.includes(c)) ?? candidates[0];
  return id === undefined ? undefined : appById(id);
}

/** Companions whose backend is `app` ('bitcoin' companions for either bitcoin node). */
export function companionsOf(app: AppEntry): AppEntry[] {
  return APPS.filter((a) => backendsOf(a).includes(app.id));
}

/** Companions that serve `app`'s own UI surface (e.g. archy-bitcoin-ui for bitcoin-knots). */
export function uiCompanionsOf(app: AppEntry): AppEntry[] {
  const surface = (a: AppEntry) => a.ui && (a.ui.proxyPath ?? a.ui.directPort?.name);
  return companionsOf(app).filter(
    (c) => c.kind === 'companion' && surface(c) !== undefined && surface(c) === surface(app),
  );
}

/** What `app` needs before it can run: its `requires` and its backend ('bitcoin' = any bitcoin node). */
export function needsOf(app: AppEntry): string[] {
  return [...app.requires, ...(app.companionOf ? [app.companionOf] : [])];
}

/** Ids of apps that depend on a running bitcoin node (they require one or are its companion, or require an app that does). */
export function bitcoinDependants(): string[] {
  const needsBitcoin = (app: AppEntry): boolean =>
    app.requires.includes('bitcoin') ||
    app.companionOf === 'bitcoin' ||
    app.requires.some((r) => r !== 'bitcoin' && needsBitcoin(appById(r)));
  return APPS.filter((a) => !isBitcoinNode(a.id) && needsBitcoin(a)).map((a) => a.id);
}

/** Dependency depth: bitcoin nodes 0, apps needing one 1, companions one more than their backend. */
export function dependencyDepth(id: string, seen = new Set<string>()): number {
  const app = APPS.find((a) => a.id === id);
  if (!app || seen.has(id)) return 0;
  seen.add(id);
  const needs = needsOf(app).map((n) => (n === 'bitcoin' ? BITCOIN_NODES[0] : n));
  return needs.length ? 1 + Math.max(...needs.map((n) => dependencyDepth(n, seen))) : 0;
}

// ---- direct ports ----------------------------------------------------------------------------------

export interface DirectPortDef {
  /** The port's number on a real node (§5.2; a node's own map may say otherwise). */
  real: number;
  /** The apps that open it: any one of them running. */
  owners: AppEntry[];
}

/**
 * Every direct port by name, from the catalogue: an app opens its `ports`, and its UI's direct port
 * unless a companion serves that UI (bitcoin-knots' UI is archy-bitcoin-ui's port, opened by it).
 */
export function directPorts(): Record<string, DirectPortDef> {
  const out: Record<string, DirectPortDef> = {};
  const add = (name: string, real: number, owner: AppEntry): void => {
    out[name] ??= { real, owners: [] };
    out[name].owners.push(owner);
  };
  for (const app of APPS) {
    for (const [name, real] of Object.entries(app.ports ?? {})) add(name, real, app);
    const ui = app.ui?.directPort;
    if (ui && uiCompanionsOf(app).length === 0) add(ui.name, ui.real, app);
  }
  return out;
}

// ---- budgets on a node ---------------------------------------------------------------------------

/**
 * The one floor of a scaled wait. A real node runs at time-scale 1 (budgets as they are); the sim runs
 * its clock faster, and its scaled budgets stop at this floor so that polling, a process restart and a
 * loaded runner have room. It only bounds how long a wait may take: a wait ends as soon as its state is seen.
 */
export const MIN_SCALED_WAIT_MS = 10_000;

/** A real-node budget on a node with `timeScale`: `budgetMs × timeScale`, never below MIN_SCALED_WAIT_MS. */
export function scaledBudget(budgetMs: number, timeScale: number): number {
  return Math.max(MIN_SCALED_WAIT_MS, Math.round(budgetMs * timeScale));
}

/** A real-node window (a hold, not a timeout) on a node with `timeScale`: no floor. */
export function scaledWindow(windowMs: number, timeScale: number): number {
  return Math.round(windowMs * timeScale);
}

// ---- generated specs ------------------------------------------------------------------------------

/** Does `cell` apply to `app` (not n/a, and the app has what the cell probes)? */
export function appliesTo(app: AppEntry, cell: CellId): boolean {
  if (!cellsFor(app).includes(cell)) return false;
  if (cell === 'rpc') return app.rpcProbe !== undefined;
  if (cell === 'ui') return app.ui !== undefined;
  return true;
}

export function appsWithCell(cell: CellId): AppEntry[] {
  return APPS.filter((app) => appliesTo(app, cell));
}

/** `@L1 @app:lnd @cell:stop @destructive` (the cell's layer; `@destructive` when it changes the node). */
export function cellTags(app: AppEntry, cell: CellId): string[] {
  const tags = [layer(CELL[cell].layer), appTag(app.id), cellTag(cell)];
  if (NODE_CHANGING_CELLS.includes(cell)) tags.push(DESTRUCTIVE);
  return tags;
}

export function cellTitle(app: AppEntry, cell: CellId, what: string): string {
  return `${app.id} ${cell}: ${what}`;
}
