/**
 * The cells' side of lib/known-broken.ts: what a cell records when it finds an app stuck or a surface
 * broken, and the checks that end a later cell at once (BlockedError) instead of waiting its budget
 * again for the same thing.
 */
import { appById, type AppEntry, type CellId } from '../../config/apps';
import { BITCOIN_NODES, needsOf } from '../../config/catalogue';
import { BlockedError, faultSignature, seconds, type Broken, type KnownBroken } from '../known-broken';
import { ProbeError } from '../probes/probe-error';

type Entries = Record<string, { state?: unknown } | undefined>;

/**
 * The app's state did not come within `budgetMs`: remembered for the rest of the repetition, with the
 * cell that found it (`cellOf`: that cell's app, when it is another one).
 */
export function recordStuck(
  kb: KnownBroken | undefined,
  app: string,
  cell: CellId,
  state: string,
  budgetMs: number,
  cellOf: string = app,
): void {
  const stuck = `stuck \`${state}\` for ${seconds(budgetMs)}`;
  kb?.record({
    kind: 'state',
    app,
    cell,
    what: cellOf === app ? stuck : `${app} ${stuck}`,
    ...(cellOf === app ? {} : { cellOf }),
  });
}

/** The words of a surface's fault, without node, app, cell and numbers. */
export function surfaceSignature(error: unknown): string {
  return faultSignature(error instanceof ProbeError ? error.detail : String((error as Error)?.message ?? error));
}

/** A surface of `app` never came back, or came back wrong: remembered with its fault's words. */
export function recordSurfaceFault(
  kb: KnownBroken | undefined,
  app: AppEntry,
  cell: CellId,
  surface: string,
  error: unknown,
): void {
  const detail = error instanceof ProbeError ? error.detail : String((error as Error)?.message ?? error);
  kb?.record({
    kind: 'surface',
    app: app.id,
    cell,
    surface,
    signature: surfaceSignature(error),
    what: `${surface}: ${detail.split('\n')[0]!.slice(0, 160)}`,
  });
}

/** The same fault on the same surface, already found in this repetition. */
export function knownSurfaceFault(
  kb: KnownBroken | undefined,
  app: AppEntry,
  surface: string,
  error: unknown,
): Broken | undefined {
  return kb?.sameSurfaceFault(app.id, surface, surfaceSignature(error));
}

/**
 * What a precondition of `app` rests on that is known stuck: the app itself, what it needs (for
 * "bitcoin", the bitcoin node it would use: the running one, else the installed one, else the
 * default), and an installed app it conflicts with (it would have to be uninstalled).
 */
export function stuckBlocker(
  kb: KnownBroken | undefined,
  app: AppEntry,
  entries: Entries,
  bitcoinNode: string | undefined,
): Broken | undefined {
  if (!kb) return undefined;
  const seen = new Set<string>();
  const visit = (a: AppEntry): Broken | undefined => {
    if (seen.has(a.id)) return undefined;
    seen.add(a.id);
    const own = kb.stuck(a.id);
    if (own) return own;
    for (const other of a.conflicts) {
      const hit = entries[other] !== undefined ? kb.stuck(other) : undefined;
      if (hit) return hit;
    }
    for (const need of needsOf(a)) {
      const id =
        need === 'bitcoin'
          ? (BITCOIN_NODES.find((b) => entries[b]?.state === 'running') ??
            BITCOIN_NODES.find((b) => entries[b] !== undefined) ??
            bitcoinNode ??
            BITCOIN_NODES[0])
          : need;
      const hit = visit(appById(id));
      if (hit) return hit;
    }
    return undefined;
  };
  return visit(app);
}

/** Ends the cell at once: `app` is known stuck. */
export function throwIfStuck(kb: KnownBroken | undefined, app: string): void {
  const by = kb?.stuck(app);
  if (by) throw new BlockedError(by);
}
