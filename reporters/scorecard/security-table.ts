/**
 * The security table of the scorecard (issue 16): one row per protection of config/security.ts,
 * next to the matrix, from the gate results' `securityCells` (tests tagged `@cell:security-<id>`).
 *   ●  every run of every check passed, in at least the required iterations, on every node
 *   ◐  some runs passed, or fewer runs than required
 *   ○  no run passed, or no check of it ran (not covered, with the reason)
 */
import { SECURITY_CELLS } from '../../config/security';
import type { GateResult, RunCounts } from '../gate-model';
import { escapeTableText } from './matrix-markdown';
import type { Mark } from './cell-status';

export interface SecurityRow {
  id: string;
  protection: string;
  basis: string;
  mark: Exclude<Mark, 'n/a'>;
  /** "● 20/20", "◐ node-228 18/20 — 2 product failures", "○ not covered — …". */
  text: string;
  /** Checks (tests) of this protection seen in the results. */
  checks: number;
  /** Checks that failed or did not run, with how often and why. */
  notes: string[];
}

function mark(c: RunCounts, iterations: number, required: number): Exclude<Mark, 'n/a'> {
  if (c.passed === iterations && iterations >= required) return '●';
  return c.passed > 0 ? '◐' : '○';
}

const RANK = { '●': 0, '◐': 1, '○': 2 } as const;

function detail(c: RunCounts, iterations: number, required: number): string {
  const parts: string[] = [];
  if (c.failed) parts.push(`${c.failed} product failure${c.failed === 1 ? '' : 's'}`);
  if (c.infra) parts.push(`${c.infra} infrastructure`);
  if (c.skipped) parts.push(`${c.skipped} did not run`);
  if (iterations < required) parts.push(`only ${iterations} of ${required} iterations`);
  return parts.length ? ` — ${parts.join(', ')}` : '';
}

export function securityStatus(results: GateResult[], required: number): SecurityRow[] {
  return SECURITY_CELLS.map(({ id, protection, basis }) => {
    const nodes = results
      .filter((r) => r.securityCells?.[id])
      .map((r) => ({ node: r.node, counts: r.securityCells![id], iterations: r.iterations }));
    const tests = results.flatMap((r) =>
      r.tests.filter((t) => t.security === id).map((t) => ({ node: r.node, t, iterations: r.iterations })),
    );
    const notes = tests
      .filter(({ t }) => t.failed + t.infra + t.skipped > 0)
      .map(({ node, t, iterations }) => {
        const why = t.failures[0]?.message ?? t.skipReason ?? '';
        return `${results.length > 1 ? `${node}: ` : ''}${t.title} — ${t.passed}/${iterations}${why ? ` (${why})` : ''}`;
      });
    const checks = new Set(tests.map(({ t }) => t.title)).size;
    if (nodes.length === 0) {
      const declared = results
        .flatMap((r) => r.notCovered.filter((n) => n.cell === `security-${id}`))
        .map((n) => n.reason)[0];
      return {
        id,
        protection,
        basis,
        mark: '○',
        text: `○ not covered — ${declared ?? 'no security check ran in the gated layers'}`,
        checks,
        notes,
      };
    }
    const worst = nodes
      .map((n) => mark(n.counts, n.iterations, required))
      .reduce((w, m) => (RANK[m] > RANK[w] ? m : w), '●' as Exclude<Mark, 'n/a'>);
    const body = nodes
      .map(
        (n) =>
          `${nodes.length > 1 ? `${n.node} ` : ''}${n.counts.passed}/${n.iterations}${detail(n.counts, n.iterations, required)}`,
      )
      .join('; ');
    return { id, protection, basis, mark: worst, text: `${worst} ${body}`, checks, notes };
  });
}

export function renderSecurityTable(rows: SecurityRow[]): string {
  const header = '| Protection | Cell | Basis | Result | Checks | Failing or not run |';
  const rule = '|---|---|---|---|---:|---|';
  const lines = rows.map(
    (r) =>
      `| ${escapeTableText(r.protection)} | security-${r.id} | ${escapeTableText(r.basis)} | ${escapeTableText(r.text)} | ${r.checks} | ${escapeTableText(r.notes.join('; ') || '—')} |`,
  );
  return [header, rule, ...lines].join('\n');
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The same table for the HTML scorecard. */
export function renderSecurityHtml(rows: SecurityRow[]): string {
  const body = rows
    .map(
      (r) =>
        `<tr><th class="app">${escapeHtml(r.protection)}</th><td class="sec" data-mark="${r.mark}">${escapeHtml(r.text)}</td><td class="sec">${r.checks}</td><td class="sec note">${escapeHtml(r.notes.join('; ') || '—')}</td></tr>`,
    )
    .join('\n');
  return `<h2>Security (L1) — protection × result</h2>
<table id="security">
<thead><tr><th>Protection</th><th>Result</th><th>Checks</th><th>Failing or not run</th></tr></thead>
<tbody>
${body}
</tbody>
</table>`;
}
