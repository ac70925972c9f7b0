/**
 * `reports/scorecard.html`: the matrix as a heat-map of pass rate per cell (red 0 % → green 100 %,
 * grey = not covered, hatched = n/a), one row per app, a tooltip with the counts per node.
 * Self-contained HTML, no script.
 */
import { CELLS, CELL_TITLES } from '../../config/apps';
import type { GateResult } from '../gate-model';
import type { CellStatus } from './cell-status';

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Hue 0 (red) at 0 % to 120 (green) at 100 %. */
export function heatColour(rate: number): string {
  const hue = Math.round(Math.max(0, Math.min(1, rate)) * 120);
  return `hsl(${hue}, 70%, ${rate >= 1 ? 38 : 45}%)`;
}

function cellHtml(c: CellStatus): string {
  if (c.mark === 'n/a') return '<td class="na" title="not applicable">n/a</td>';
  const tooltip = escapeHtml(
    [
      c.text,
      ...c.nodes.map(
        (n) =>
          `${n.node}: passed ${n.counts.passed}, failed ${n.counts.failed}, infra ${n.counts.infra}, did not run ${n.counts.skipped} of ${n.iterations}`,
      ),
    ].join('\n'),
  );
  if (c.passRate === null) return `<td class="none" title="${tooltip}">${escapeHtml(c.mark)}</td>`;
  const label = `${c.mark} ${Math.round(c.passRate * 100)}%`;
  return `<td style="background:${heatColour(c.passRate)}" title="${tooltip}" data-rate="${c.passRate.toFixed(3)}">${escapeHtml(label)}</td>`;
}

export function renderHeatmapHtml(matrix: CellStatus[][], results: GateResult[], generatedAt: string): string {
  const verdicts = results
    .map(
      (r) =>
        `<li><b>${escapeHtml(r.node)}</b>: ${escapeHtml(r.verdict)} — ${r.iterations} iterations of ${escapeHtml(r.layers.join(', '))}, ${escapeHtml(r.generatedAt)}</li>`,
    )
    .join('\n');
  const head = `<tr><th>App</th>${CELLS.map((c) => `<th>${escapeHtml(CELL_TITLES[c])}</th>`).join('')}</tr>`;
  const rows = matrix
    .map((row) => `<tr><th class="app">${escapeHtml(row[0]?.app ?? '')}</th>${row.map(cellHtml).join('')}</tr>`)
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>archy-e2e scorecard — pass rate per cell</title>
<style>
  body { font: 14px/1.4 system-ui, sans-serif; margin: 2rem; color: #222; }
  table { border-collapse: collapse; }
  th, td { border: 1px solid #fff; padding: .45rem .6rem; text-align: center; }
  th { background: #eee; font-weight: 600; }
  th.app { text-align: left; }
  td { color: #fff; font-weight: 600; min-width: 5.5rem; }
  td.none { background: #9e9e9e; }
  td.na { background: repeating-linear-gradient(45deg, #ddd, #ddd 6px, #f5f5f5 6px, #f5f5f5 12px); color: #777; }
  .legend span { display: inline-block; padding: .2rem .5rem; margin-right: .4rem; color: #fff; }
</style>
</head>
<body>
<h1>Per-app × per-state matrix — pass rate per cell</h1>
<p>Generated ${escapeHtml(generatedAt)} from the latest gate results. Hover a cell for its counts.</p>
<ul>
${verdicts || '<li>no gate results yet: run <code>npm run gate -- --project=&lt;node&gt;</code></li>'}
</ul>
<p class="legend"><span style="background:${heatColour(1)}">100 %</span><span style="background:${heatColour(0.5)}">50 %</span><span style="background:${heatColour(0)}">0 %</span><span style="background:#9e9e9e">not covered</span><span style="background:#bbb;color:#555">n/a</span></p>
<table id="heatmap">
<thead>${head}</thead>
<tbody>
${rows}
</tbody>
</table>
</body>
</html>
`;
}
