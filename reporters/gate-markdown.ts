/** The Markdown summary of one node's gate (`reports/gate/<node>.md`). */
import type { GateResult } from './gate-model';
import { explorationMarkdown } from './gate-exploration';

const VERDICT_LINE: Record<GateResult['verdict'], string> = {
  pass: '✅ **pass** — every expected cell passed in every iteration',
  fail: '❌ **fail** — a product failure, or an expected run that did not happen',
  inconclusive: '⚠️ **inconclusive** — only infrastructure failures (node or network did not answer); not a pass',
};

function pct(x: number): string {
  return `${(x * 100).toFixed(1)} %`;
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function renderGateMarkdown(r: GateResult): string {
  const lines: string[] = [];
  lines.push(`# Release gate — ${r.node}`, '');
  lines.push(`Verdict: ${VERDICT_LINE[r.verdict]}`, '');
  lines.push(
    `Layers ${r.layers.join(', ')} × ${r.iterations} iterations · ${r.tests.length} tests · ` +
      `${Object.keys(r.cells).length} matrix cells · generated ${r.generatedAt}`,
    '',
  );
  const fc = r.failureClasses;
  lines.push(
    `Failed runs by class: product ${fc.product}, schema drift ${fc['schema-drift']}, ` +
      `install timeout ${fc['install-timeout']}, infrastructure ${fc.infrastructure}`,
    '',
  );
  if (r.reasons.length > 0) {
    lines.push('## Why', '');
    for (const reason of r.reasons.slice(0, 50)) lines.push(`- ${escapeCell(reason)}`);
    if (r.reasons.length > 50) lines.push(`- … and ${r.reasons.length - 50} more`);
    lines.push('');
  }
  lines.push('## Cells', '');
  if (r.budget?.ranOut)
    lines.push(
      `Stopped by its budget: ${r.budget.maxHours} h (--max-hours) ran out; ${r.budget.notRun} planned runs did not start.`,
      '',
    );
  lines.push('| Cell | Passed | Failed | Infra | Blocked | Did not run | Pass rate (Wilson 95 %) |');
  lines.push('|---|---:|---:|---:|---:|---:|---|');
  for (const [key, c] of Object.entries(r.cells)) {
    const w = r.passRate[key];
    lines.push(
      `| ${key} | ${c.passed}/${r.iterations} | ${c.failed} | ${c.infra} | ${c.blocked ?? 0} | ${c.skipped} | ${pct(w.rate)} [${pct(w.low)}, ${pct(w.high)}] |`,
    );
  }
  lines.push('');
  const failing = r.tests.filter((t) => t.failures.length > 0);
  if (failing.length > 0) {
    lines.push('## Failing tests', '');
    for (const t of failing) {
      lines.push(`- **${escapeCell(t.title)}** (${t.file}) — ${t.passed}/${r.iterations} passed`);
      for (const f of t.failures.slice(0, 5))
        lines.push(`  - run ${f.repetition}, ${f.class}: ${escapeCell(f.message)}`);
      if (t.failures.length > 5) lines.push(`  - … ${t.failures.length - 5} more failed runs`);
    }
    lines.push('');
  }
  const blocked = r.tests.filter((t) => t.blocked > 0);
  if (blocked.length > 0) {
    lines.push('## Blocked (not passed; ended at once on what an earlier cell found broken)', '');
    for (const t of blocked)
      lines.push(
        `- **${escapeCell(t.title)}** — ${t.blocked}/${r.iterations} runs ${escapeCell(t.blockedBy ?? 'blocked')}`,
      );
    lines.push('');
  }
  if (r.exploration) lines.push(...explorationMarkdown(r.exploration));
  if (r.runErrors.length > 0) {
    lines.push('## Errors outside the gated tests', '');
    for (const e of r.runErrors) lines.push(`- ${e.where} (${e.class}): ${escapeCell(e.message)}`);
    lines.push('');
  }
  return lines.join('\n');
}
