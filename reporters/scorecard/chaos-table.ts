/**
 * The scorecard's L5 table: one row per chaos scenario (chaos/*.spec.ts) and node, with its expected
 * recovery and budget (from the test title: "<app> <cell>: <scenario> — <recovery> (budget …)") and
 * how its runs went. Scenario cells (`@cell:chaos-…`) are not matrix cells, so they are read from the
 * title here rather than from the matrix.
 */
import type { GateResult } from '../gate-model';
import { escapeTableText } from './matrix-markdown';

export interface ChaosRow {
  node: string;
  cell: string;
  app: string;
  scenario: string;
  recovery: string;
  passed: number;
  failed: number;
  infra: number;
  skipped: number;
  iterations: number;
  notCovered?: string;
}

const TITLE = /^(\S+) (chaos-[a-z0-9-]+): ([^—]+?)\s+—\s+(.+)$/;

function split(title: string): { app: string; cell: string; scenario: string; recovery: string } | undefined {
  const m = TITLE.exec(title.trim());
  return m ? { app: m[1]!, cell: m[2]!, scenario: m[3]!, recovery: m[4]! } : undefined;
}

export function chaosRows(results: GateResult[]): ChaosRow[] {
  const rows: ChaosRow[] = [];
  for (const r of results) {
    for (const t of r.tests.filter((x) => x.layer === 'L5')) {
      const s = split(t.title);
      if (s)
        rows.push({
          node: r.node,
          ...s,
          passed: t.passed,
          failed: t.failed,
          infra: t.infra,
          skipped: t.skipped,
          iterations: r.iterations,
        });
    }
    for (const n of r.notCovered.filter((x) => x.layer === 'L5')) {
      const s = split(n.title);
      if (s)
        rows.push({
          node: r.node,
          ...s,
          passed: 0,
          failed: 0,
          infra: 0,
          skipped: 0,
          iterations: r.iterations,
          notCovered: n.reason,
        });
    }
  }
  return rows.sort((a, b) => a.cell.localeCompare(b.cell) || a.node.localeCompare(b.node));
}

function status(row: ChaosRow): string {
  if (row.notCovered) return `○ not covered: ${row.notCovered}`;
  if (row.failed > 0) return `○ ${row.failed} failed`;
  if (row.passed >= row.iterations && row.passed > 0) return '●';
  if (row.passed > 0) return '◐';
  return row.skipped ? '○ skipped' : '○';
}

export function renderChaosTable(rows: ChaosRow[]): string {
  if (!rows.length)
    return 'No L5 chaos results yet: the gate runs chaos/ with `--grep @L5` (sim, node container, or a node with ARCHY_ALLOW_CHAOS=1).';
  const head = [
    '| Scenario | Cell | App | Node | Expected recovery (budget) | Runs pass / fail / infra | Status |',
    '|---|---|---|---|---|---:|---|',
  ];
  const body = rows.map(
    (r) =>
      `| ${escapeTableText(r.scenario)} | \`${r.cell}\` | ${r.app} | ${r.node} | ${escapeTableText(r.recovery)} | ${r.passed} / ${r.failed} / ${r.infra} of ${r.iterations} | ${escapeTableText(status(r))} |`,
  );
  return [...head, ...body].join('\n');
}
