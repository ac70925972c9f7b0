/**
 * The suite's tags, built and parsed in one place (DESIGN.md "Matrix cells"): `@L1`..`@L6`,
 * `@app:<id>`, `@cell:<id>`, `@destructive`, `@chaos`, `@security`. Specs build them with these
 * helpers (via fixtures/), the reporters read them back with parseTags: the scorecard maps results to
 * matrix cells from tags alone. Use with `test('…', { tag: [...] }, …)`.
 */
import { CELLS, type CellId } from './apps';

export const LAYERS = ['L1', 'L2', 'L3', 'L4', 'L5', 'L6'] as const;
export type Layer = (typeof LAYERS)[number];

export const DESTRUCTIVE = '@destructive';
export const CHAOS = '@chaos';
export const SECURITY = '@security';

/** `@L1` for layer(1) or layer('L1'). */
export const layer = (n: 1 | 2 | 3 | 4 | 5 | 6 | Layer): string => (typeof n === 'number' ? `@L${n}` : `@${n}`);
export const appTag = (id: string): string => `@app:${id}`;
export const cellTag = (cell: CellId): string => `@cell:${cell}`;

export interface TestTags {
  layer?: Layer;
  app?: string;
  cell?: CellId;
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
    } else if (tag === bare(DESTRUCTIVE)) parsed.destructive = true;
    else if (tag === bare(CHAOS)) parsed.chaos = true;
  }
  return parsed;
}

/** The key of a matrix cell in gate results: `<app>/<cell>`. */
export function cellKey(app: string, cell: CellId): string {
  return `${app}/${cell}`;
}
