/**
 * Helpers that turn config/apps.ts into generated specs: which apps a cell applies to, the tags
 * a test deciding a cell carries, and its title. Adding an app to the catalogue adds its tests.
 */
import { APPS, cellsFor, type AppEntry, type CellId } from '../config/apps';

export type Layer = 1 | 2;

/** The layer that decides a cell in api-specs/ (ui = L2, the rest L1). */
export function layerOf(cell: CellId): Layer {
  return cell === 'ui' ? 2 : 1;
}

export const LIFECYCLE_CELLS = ['stop', 'start', 'restart', 'reinstall'] as const satisfies readonly CellId[];
export type LifecycleCell = (typeof LIFECYCLE_CELLS)[number];

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

/** `@L1 @app:lnd @cell:stop @destructive` (lifecycle cells change the node). */
export function cellTags(app: AppEntry, cell: CellId): string[] {
  const tags = [`@L${layerOf(cell)}`, `@app:${app.id}`, `@cell:${cell}`];
  if ((LIFECYCLE_CELLS as readonly CellId[]).includes(cell)) tags.push('@destructive');
  return tags;
}

export function cellTitle(app: AppEntry, cell: CellId, what: string): string {
  return `${app.id} ${cell}: ${what}`;
}
