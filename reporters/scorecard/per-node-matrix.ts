/**
 * The matrix with one column group per node (issue 13: several nodes, one release): each node's
 * cells judged from that node's gate result alone, side by side. Markdown (columns "node · cell")
 * and an HTML table with a <colgroup> per node.
 */
import { APPS, CELLS, CELL_TITLES } from '../../config/apps';
import type { GateResult } from '../gate-model';
import { cellStatus, type CellStatus } from './cell-status';
import { escapeTableText } from './matrix-markdown';

function perNode(results: GateResult[], required: number): { node: string; rows: CellStatus[][] }[] {
  return results.map((r) => ({
    node: r.node,
    rows: APPS.map((app) => CELLS.map((cell) => cellStatus(app, cell, [r], required))),
  }));
}

/** Marks only ("●", "◐ 18/20", "○"): the full text is in each node's gate report. */
function short(c: CellStatus): string {
  if (c.mark === 'n/a' || c.mark === '●') return c.mark;
  const n = c.nodes[0];
  return n ? `${c.mark} ${n.counts.passed}/${n.iterations}` : '○';
}

export function renderPerNodeMarkdown(results: GateResult[], required: number): string {
  const groups = perNode(results, required);
  const header = `| App | ${groups.flatMap((g) => CELLS.map((c) => `${g.node} · ${CELL_TITLES[c]}`)).join(' | ')} |`;
  const rule = `|${'---|'.repeat(1 + groups.length * CELLS.length)}`;
  const rows = APPS.map(
    (app, i) => `| ${app.id} | ${groups.flatMap((g) => g.rows[i].map((c) => escapeTableText(short(c)))).join(' | ')} |`,
  );
  return [header, rule, ...rows].join('\n');
}

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function renderPerNodeHtml(results: GateResult[], required: number): string {
  const groups = perNode(results, required);
  const colgroups = `<colgroup><col></colgroup>${groups.map((g) => `<colgroup class="node" data-node="${esc(g.node)}" span="${CELLS.length}"></colgroup>`).join('')}`;
  const top = `<tr><th rowspan="2">App</th>${groups.map((g) => `<th colspan="${CELLS.length}">${esc(g.node)}</th>`).join('')}</tr>`;
  const sub = `<tr>${groups.flatMap(() => CELLS.map((c) => `<th>${esc(CELL_TITLES[c])}</th>`)).join('')}</tr>`;
  const rows = APPS.map(
    (app, i) =>
      `<tr><th class="app">${esc(app.id)}</th>${groups.flatMap((g) => g.rows[i].map((c) => `<td class="mark" title="${esc(c.text)}">${esc(short(c))}</td>`)).join('')}</tr>`,
  ).join('\n');
  return `<h2>Per node</h2>\n<table id="per-node">\n${colgroups}\n<thead>${top}${sub}</thead>\n<tbody>\n${rows}\n</tbody>\n</table>`;
}
