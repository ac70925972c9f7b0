/**
 * Reads a Playwright JSON report (`--reporter=json`) of an api-specs run into one row per test:
 * its key (`<app>/<cell>` from the tags, or `security/<title>`), outcome and first error line.
 * Used by scripts/fault-matrix.ts and scripts/bench-l1l2.ts.
 */
import { readFileSync } from 'node:fs';
import { BLOCKED_ANNOTATION } from '../lib/known-broken';

export interface TestRow {
  key: string;
  title: string;
  /** The spec file, relative to the config's rootDir ('' when the report does not say). */
  file: string;
  project: string;
  /** 'blocked': ended at once because what it rests on is known broken (lib/known-broken.ts): not passed. */
  outcome: 'passed' | 'failed' | 'skipped' | 'flaky' | 'blocked';
  error: string | null;
  /** outcome 'blocked': "blocked by <app>/<cell> (<what was seen>)". */
  blockedBy?: string;
  durationMs: number;
}

interface JsonResult {
  status?: string;
  annotations?: { type: string; description?: string }[];
  duration?: number;
  error?: { message?: string };
  errors?: { message?: string }[];
}
interface JsonTest {
  projectName?: string;
  status?: string;
  results?: JsonResult[];
}
interface JsonSpec {
  title: string;
  file?: string;
  tags?: string[];
  tests?: JsonTest[];
}
interface JsonSuite {
  title?: string;
  specs?: JsonSpec[];
  suites?: JsonSuite[];
}
export interface JsonReport {
  config?: { workers?: number };
  suites?: JsonSuite[];
  stats?: { duration?: number; expected?: number; unexpected?: number; skipped?: number; flaky?: number };
  errors?: { message?: string }[];
}

const stripAnsi = (s: string): string => s.replace(/\u001b\[[0-9;]*m/g, '');

export function testKey(title: string, tags: readonly string[]): string {
  const plain = tags.map((t) => t.replace(/^@/, ''));
  const app = plain.find((t) => t.startsWith('app:'))?.slice(4);
  const cell = plain.find((t) => t.startsWith('cell:'))?.slice(5);
  if (app && cell) return `${app}/${cell}`;
  if (plain.includes('security')) return `security/${title}`;
  return title;
}

function outcomeOf(status: string | undefined): TestRow['outcome'] {
  if (status === 'expected') return 'passed';
  if (status === 'skipped') return 'skipped';
  if (status === 'flaky') return 'flaky';
  return 'failed';
}

function firstError(results: JsonResult[] | undefined): string | null {
  for (const r of [...(results ?? [])].reverse()) {
    const message = r.error?.message ?? r.errors?.[0]?.message;
    if (message)
      return (
        stripAnsi(message)
          .split('\n')
          .find((l) => l.trim()) ?? null
      );
  }
  return null;
}

export function testRows(report: JsonReport): TestRow[] {
  const rows: TestRow[] = [];
  const walk = (suite: JsonSuite): void => {
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests ?? []) {
        const blocked = t.results?.at(-1)?.annotations?.find((a) => a.type === BLOCKED_ANNOTATION);
        const outcome = outcomeOf(t.status);
        rows.push({
          key: testKey(spec.title, spec.tags ?? []),
          title: spec.title,
          file: spec.file ?? '',
          project: t.projectName ?? '',
          // a blocked test ends skipped (fixtures/cells.ts endBlocked); it is its own outcome here
          outcome: blocked && outcome === 'skipped' ? 'blocked' : outcome,
          ...(blocked && outcome === 'skipped' ? { blockedBy: blocked.description ?? 'blocked' } : {}),
          error: firstError(t.results),
          durationMs: (t.results ?? []).reduce((sum, r) => sum + (r.duration ?? 0), 0),
        });
      }
    }
    for (const child of suite.suites ?? []) walk(child);
  };
  for (const suite of report.suites ?? []) walk(suite);
  return rows;
}

export function readJsonReport(file: string): JsonReport {
  return JSON.parse(readFileSync(file, 'utf8')) as JsonReport;
}
