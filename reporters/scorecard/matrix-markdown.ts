/** The per-app × per-state matrix, in archy-TESTING.md's exact table shape, and its "Done:" line. */
import { CELLS, CELL_TITLES } from '../../config/apps';
import type { CellStatus } from './cell-status';

export function escapeTableText(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

export function renderMatrixTable(matrix: CellStatus[][]): string {
  const header = `| App | ${CELLS.map((c) => CELL_TITLES[c]).join(' | ')} |`;
  const rule = `|${'---|'.repeat(CELLS.length + 1)}`;
  const rows = matrix.map((row) => `| ${row[0]?.app ?? ''} | ${row.map((c) => escapeTableText(c.text)).join(' | ')} |`);
  return [header, rule, ...rows].join('\n');
}

export function renderDoneLine(matrix: CellStatus[][], required: number): string {
  const all = matrix.flat();
  const done = all.filter((c) => c.mark === '●').length;
  const na = all.filter((c) => c.mark === 'n/a').length;
  const partial = all.filter((c) => c.mark === '◐').length;
  return (
    `Done: ${done} of ${all.length} cells (● = ${required}/${required} on every gated node; ` +
    `${partial} ◐, ${all.length - done - na - partial} ○, ${na} n/a). Goal: ${all.length - na}/${all.length - na} ● ` +
    `for the listed apps before v1.7.52 tags.`
  );
}
