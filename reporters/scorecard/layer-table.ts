/** The layer-by-layer table of archy-TESTING.md (Layer | Tests | Suites | Status), from gate results and the suite listing. */
import type { GateResult } from '../gate-model';
import { LAYERS, type Layer } from '../../config/tags';
import { REQUIRED_ITERATIONS } from './cell-status';
import { escapeTableText } from './matrix-markdown';
import { suiteName, type LayerListing } from './suite-listing';

export const LAYER_TITLES: Record<Layer | 'L0', string> = {
  L0: 'L0 unit',
  L1: 'L1 RPC',
  L2: 'L2 UI',
  L3: 'L3 lifecycle survival',
  L4: 'L4 browser journey',
  L5: 'L5 chaos',
  L6: 'L6 performance',
};

export const L0_ROW =
  '| L0 unit | n/a | n/a | ○ not run by archy-e2e (`cargo test --workspace --bins` in the archy repository) |';

export interface LayerRow {
  layer: Layer;
  tests: number;
  suites: string[];
  status: string;
}

function gatedStatus(layer: Layer, results: GateResult[], required: number): string | undefined {
  const gated = results.filter((r) => r.layers.includes(layer));
  if (gated.length === 0) return undefined;
  const tests = gated.flatMap((r) => r.tests.filter((t) => t.layer === layer).map((t) => ({ t, r })));
  if (tests.length === 0) return undefined;
  const nodes = gated.map((r) => r.node).join(', ');
  const full = tests.filter(({ t, r }) => t.passed === r.iterations && r.iterations >= required).length;
  const passing = tests.filter(({ t }) => t.passed > 0).length;
  const iterations = Math.min(...gated.map((r) => r.iterations));
  if (full === tests.length) return `● green × ${iterations} on ${nodes}`;
  if (passing === 0) return `○ no passing run on ${nodes}`;
  const short = iterations < required ? ` (${iterations} of ${required} iterations)` : '';
  return `◐ ${full} of ${tests.length} tests ${required}/${required}${short} on ${nodes}`;
}

export function layerRows(
  results: GateResult[],
  listing: LayerListing | undefined,
  required = REQUIRED_ITERATIONS,
): LayerRow[] {
  return LAYERS.map((layer) => {
    const fromGate = results.flatMap((r) => r.tests.filter((t) => t.layer === layer));
    const listed = listing?.[layer];
    const testIds = new Set([
      ...(listed?.tests ?? []),
      ...(listed ? [] : fromGate.map((t) => `${t.file}::${t.title}`)),
    ]);
    const suites = new Set([...(listed?.suites ?? []), ...fromGate.map((t) => suiteName(t.file))]);
    const tests = testIds.size;
    let status = gatedStatus(layer, results, required);
    if (!status) status = tests === 0 ? '○ not started' : '◐ reported, not in the gate (not blocking)';
    return { layer, tests, suites: [...suites].sort(), status };
  });
}

export function renderLayerTable(rows: LayerRow[], l0Row: string = L0_ROW): string {
  const lines = ['| Layer | Tests | Suites | Status |', '|---|---:|---:|---|', l0Row];
  for (const row of rows) {
    const suites = row.suites.length ? row.suites.join(', ') : 'none';
    lines.push(
      `| ${LAYER_TITLES[row.layer]} | ${row.tests} | ${escapeTableText(suites)} | ${escapeTableText(row.status)} |`,
    );
  }
  return lines.join('\n');
}
