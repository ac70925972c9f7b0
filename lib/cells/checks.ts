/**
 * The check of every cell decided per app (config/cells.ts `decidedBy: 'app'`), by cell id: a cell
 * added there without its check here fails typecheck. api-specs/apps.spec.ts runs them.
 */
import type { AppEntry } from '../../config/apps';
import type { AppCellId } from '../../config/cells';
import type { CellDeps } from './cell-deps';
import { checkReinstall, checkRestart, checkStart, checkStop } from './lifecycle-cells';
import { checkPresent, checkRpc, checkState, checkUi } from './read-only-cells';

export type CellCheck = (deps: CellDeps, app: AppEntry) => Promise<void>;

export const CELL_CHECKS: Readonly<Record<AppCellId, CellCheck>> = {
  present: checkPresent,
  state: checkState,
  rpc: checkRpc,
  ui: checkUi,
  stop: checkStop,
  start: checkStart,
  restart: checkRestart,
  reinstall: checkReinstall,
};
