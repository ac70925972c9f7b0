/**
 * The error every probe throws: its message names node, app and cell first, so a red test in a
 * report reads like `[node sim] lnd/ui: /app/lnd/ answered 502 (nginx error page)`.
 */
import type { CellId } from '../../config/apps';

export interface ProbeWhere {
  node: string;
  app: string;
  cell: CellId;
}

export function probeLabel(where: ProbeWhere): string {
  return `[node ${where.node}] ${where.app}/${where.cell}`;
}

export class ProbeError extends Error {
  readonly where: ProbeWhere;
  /** The words after the label: what was wrong, without node, app and cell. */
  readonly detail: string;

  constructor(where: ProbeWhere, detail: string) {
    super(`${probeLabel(where)}: ${detail}`);
    this.name = 'ProbeError';
    this.where = where;
    this.detail = detail;
  }
}
