/**
 * The scorecard's security table (issue 16): security cells come from `@cell:security-<id>` tags
 * alone (reporters/tags.ts), are combined per repetition like matrix cells (gate-summary), and are
 * rendered one row per protection of config/security.ts. The last test runs the security specs
 * against a sim of their own and builds the scorecard from that run's pass-rate result.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { SECURITY_CELLS } from '../../config/security';
import type { GateResult } from '../gate-model';
import { summariseGate, runId, type PlannedRun, type RunOutcome } from '../gate-summary';
import { buildScorecard } from '../scorecard/scorecard';
import { securityStatus } from '../scorecard/security-table';
import { parseTags } from '../../config/tags';
import { runPlaywright } from '../../tests/support/run-playwright';
import { plannedRuns } from './planned-runs';

function planned(title: string, tags: string[], iterations: number): PlannedRun[] {
  return plannedRuns(`api-specs/x.spec.ts › ${title}`, tags, iterations, { title, file: 'api-specs/x.spec.ts' });
}

test('tags: @cell:security-<id> is a security cell, not a matrix cell', () => {
  const t = parseTags(['@L1', '@security', '@cell:security-csrf']);
  assert.equal(t.security, 'csrf');
  assert.equal(t.cell, undefined);
  assert.equal(parseTags(['@cell:present']).security, undefined);
});

test('a security cell passes a run only when all its checks pass in that run', () => {
  const runs = [
    ...planned('csrf a', ['@L1', '@cell:security-csrf'], 3),
    ...planned('csrf b', ['@L1', '@cell:security-csrf'], 3),
    ...planned('origin a', ['@L1', '@cell:security-origin'], 3),
  ];
  const outcomes = new Map<string, RunOutcome>(runs.map((r) => [runId(r.key, r.repetition), { kind: 'passed' }]));
  outcomes.set(runId('api-specs/x.spec.ts › csrf b', 1), {
    kind: 'failed',
    class: 'product',
    message: '[node sim] security-csrf: answered 200; expected 403',
  });
  const result = summariseGate({ node: 'sim', iterations: 3, layers: ['L1'], planned: runs, outcomes, runErrors: [] });
  assert.deepEqual(result.securityCells?.csrf, { passed: 2, failed: 1, infra: 0, blocked: 0, skipped: 0 });
  assert.deepEqual(result.securityCells?.origin, { passed: 3, failed: 0, infra: 0, blocked: 0, skipped: 0 });
  assert.equal(result.verdict, 'fail');
  const rows = securityStatus([result], 3);
  const csrf = rows.find((r) => r.id === 'csrf')!;
  assert.equal(csrf.text, '◐ 2/3 — 1 product failure');
  assert.equal(csrf.checks, 2);
  assert.match(csrf.notes.join(), /csrf b — 2\/3 \(\[node sim\] security-csrf: answered 200; expected 403\)/);
  assert.equal(rows.find((r) => r.id === 'origin')!.text, '● 3/3');
  assert.match(rows.find((r) => r.id === 'logout')!.text, /^○ not covered — /);
  const { markdown, html } = buildScorecard({ results: [result], perf: {}, required: 3 });
  assert.match(markdown, /### Security \(L1\): protection × result/);
  assert.match(
    markdown,
    /\| dashboard-only methods refuse foreign origins \(403\) \| security-origin \| §1\.6, §1\.2 \| ● 3\/3 \| 1 \| — \|/,
  );
  assert.match(html, /<table id="security">/);
});

test('on the sim: the security specs fill every row of the security table with ●', { timeout: 600_000 }, async () => {
  const root = mkdtempSync(join(tmpdir(), 'archy-security-table-'));
  // No --reporter: the config's reporters (the pass-rate reporter among them) must run.
  const run = await runPlaywright(
    ['--project=sim', '--grep', '@security'],
    { ARCHY_OUTPUT_ROOT: root, ARCHY_SIM_READY: '' },
    540_000,
  );
  assert.equal(run.code, 0, run.output.slice(-3000));
  const result = JSON.parse(readFileSync(join(root, 'reports', 'pass-rate', 'sim.json'), 'utf8')) as GateResult;
  const rows = securityStatus([result], 1);
  assert.equal(rows.length, SECURITY_CELLS.length);
  for (const row of rows) {
    assert.equal(row.mark, '●', `security-${row.id}: ${row.text} ${row.notes.join('; ')}`);
    assert.ok(row.checks >= 2, `security-${row.id} has ${row.checks} checks`);
  }
  const { markdown } = buildScorecard({ results: [result], perf: {}, required: 1 });
  for (const cell of SECURITY_CELLS)
    assert.match(markdown, new RegExp(`\\| security-${cell.id} \\| [^|]+ \\| ● 1/1 \\|`));
});
