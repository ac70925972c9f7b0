/**
 * The cells the gated layers decide (each cell's layer: config/cells.ts; archy-TESTING.md: the matrix
 * is L1 + L2, the survival columns are L3's lifecycle scenarios). Used by `npm run gate -- --require-all-cells`, which expects
 * every applicable cell of every app that the gated layers cover, whether or not a test exists yet.
 */
import { APPS, cellsFor, type AppEntry } from '../config/apps';
import { CELL } from '../config/cells';
import { cellKey, type Layer } from '../config/tags';

export function requiredCells(layers: readonly Layer[], apps: readonly AppEntry[] = APPS): string[] {
  return apps.flatMap((app) =>
    cellsFor(app)
      .filter((cell) => layers.includes(CELL[cell].layer))
      .map((cell) => cellKey(app.id, cell)),
  );
}
