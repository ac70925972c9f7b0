/**
 * Reads the suite's tags (`@L1`..`@L6`, `@app:<id>`, `@cell:<id>`, `@destructive`, `@chaos`)
 * into the facts the gate and the report group by. Tags are the only source: the scorecard maps
 * results to matrix cells from these alone (DESIGN.md "Matrix cells").
 */
import { CELLS, type CellId } from '../config/apps';
import { SECURITY_CELL_PREFIX } from '../config/security';

export const LAYERS = ['L1', 'L2', 'L3', 'L4', 'L5', 'L6'] as const;
export type Layer = (typeof LAYERS)[number];

export interface TestTags {
  layer?: Layer;
  app?: string;
  cell?: CellId;
  /** The protection of a security cell: `@cell:security-<id>` (config/security.ts) → `<id>`. */
  security?: string;
  destructive: boolean;
  chaos: boolean;
}

function isLayer(value: string): value is Layer {
  return (LAYERS as readonly string[]).includes(value);
}

function isCell(value: string): value is CellId {
  return (CELLS as readonly string[]).includes(value);
}

/** Tags as Playwright reports them (`test.tags`: with the leading `@`) or as Allure stores them (without). */
export function parseTags(tags: readonly string[]): TestTags {
  const parsed: TestTags = { destructive: false, chaos: false };
  for (const raw of tags) {
    const tag = raw.startsWith('@') ? raw.slice(1) : raw;
    if (isLayer(tag)) parsed.layer = tag;
    else if (tag.startsWith('app:')) parsed.app = tag.slice('app:'.length);
    else if (tag.startsWith('cell:')) {
      const cell = tag.slice('cell:'.length);
      if (isCell(cell)) parsed.cell = cell;
      else if (cell.startsWith(SECURITY_CELL_PREFIX)) parsed.security = cell.slice(SECURITY_CELL_PREFIX.length);
    } else if (tag === 'destructive') parsed.destructive = true;
    else if (tag === 'chaos') parsed.chaos = true;
  }
  return parsed;
}

/** The key of a matrix cell in gate results: `<app>/<cell>`. */
export function cellKey(app: string, cell: CellId): string {
  return `${app}/${cell}`;
}
