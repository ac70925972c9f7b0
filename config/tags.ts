/**
 * The suite's tags, built and parsed in one place (DESIGN.md "Matrix cells"): `@L1`..`@L6`,
 * `@app:<id>`, `@cell:<id>`, `@destructive`, `@chaos`, `@security`. Specs build them with these
 * helpers (via fixtures/), the reporters read them back with parseTags: the scorecard maps results to
 * matrix cells from tags alone. Use with `test('…', { tag: [...] }, …)`.
 */
import { CELLS, type CellId } from './cells';
import { LAYERS, type Layer } from './layers';
import { SECURITY_CELL_PREFIX, type SecurityCellId } from './security';

export { LAYERS, type Layer } from './layers';

export const DESTRUCTIVE = '@destructive';
export const CHAOS = '@chaos';
export const SECURITY = '@security';
/** Model-based exploration (model/, `npm run explore`), and its fault-finding runs (`npm run explore:faults`). */
export const EXPLORE = '@explore';
export const EXPLORE_FAULTS = '@explore-faults';

/** `@L1` for layer(1) or layer('L1'). */
export const layer = (n: 1 | 2 | 3 | 4 | 5 | 6 | Layer): string => (typeof n === 'number' ? `@L${n}` : `@${n}`);
export const appTag = (id: string): string => `@app:${id}`;
export const cellTag = (cell: CellId): string => `@cell:${cell}`;
/** A scenario cell outside the matrix (L5 chaos: `@cell:chaos-oom`); the scorecard's L5 table shows them. */
export const scenarioTag = (id: `chaos-${string}`): string => `@cell:${id}`;
/** A security cell (issue 16, config/security.ts): `@cell:security-<id>`. */
export const securityCellTag = (id: SecurityCellId): string => `@cell:${SECURITY_CELL_PREFIX}${id}`;
/** The tags of a security check: `@L1 @security @cell:security-<id>` plus `more`. */
// A session's fate across a daemon restart is an L3 event: it needs the node's control channel, as L3 does.
export const securityTags = (id: SecurityCellId, ...more: string[]): string[] => [
  layer(id === 'restart' ? 3 : 1),
  SECURITY,
  securityCellTag(id),
  ...more,
];

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

const bare = (tag: string): string => tag.slice(1);

/** Tags as Playwright reports them (`test.tags`: with the leading `@`) or as Allure stores them (without). */
export function parseTags(tags: readonly string[]): TestTags {
  const parsed: TestTags = { destructive: false, chaos: false };
  for (const raw of tags) {
    const tag = raw.startsWith('@') ? raw.slice(1) : raw;
    if (isLayer(tag)) parsed.layer = tag;
    else if (tag.startsWith(bare(appTag('')))) parsed.app = tag.slice(bare(appTag('')).length);
    else if (tag.startsWith('cell:')) {
      const cell = tag.slice('cell:'.length);
      if (isCell(cell)) parsed.cell = cell;
      else if (cell.startsWith(SECURITY_CELL_PREFIX)) parsed.security = cell.slice(SECURITY_CELL_PREFIX.length);
    } else if (tag === bare(DESTRUCTIVE)) parsed.destructive = true;
    else if (tag === bare(CHAOS)) parsed.chaos = true;
  }
  return parsed;
}

/** The key of a matrix cell in gate results: `<app>/<cell>`. */
export function cellKey(app: string, cell: CellId): string {
  return `${app}/${cell}`;
}
