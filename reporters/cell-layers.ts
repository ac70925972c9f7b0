/**
 * Which layer decides which matrix cell (archy-TESTING.md: the matrix is L1 + L2, the survival
 * columns are L3's lifecycle scenarios). Used by `npm run gate -- --require-all-cells`, which expects
 * every applicable cell of every app that the gated layers cover, whether or not a test exists yet.
 */
import { APPS, cellsFor, type AppEntry, type CellId } from '../config/apps';
import { cellKey, type Layer } from '../config/tags';

export const CELL_LAYER: Record<CellId, Layer> = {
  present: 'L1',
  state: 'L1',
  rpc: 'L1',
  ui: 'L2',
  stop: 'L1',
  start: 'L1',
  restart: 'L1',
  reinstall: 'L1',
  reboot: 'L3',
  'daemon-restart': 'L3',
};

export function requiredCells(layers: readonly Layer[], apps: readonly AppEntry[] = APPS): string[] {
  return apps.flatMap((app) =>
    cellsFor(app)
      .filter((cell) => layers.includes(CELL_LAYER[cell]))
      .map((cell) => cellKey(app.id, cell)),
  );
}
