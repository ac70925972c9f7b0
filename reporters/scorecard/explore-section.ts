/**
 * The scorecard's exploration section: per node and app, how many (state, action) pairs the
 * model-based exploration (model/, `npm run explore`) could reach, reached, and ran at least 20
 * times, from reports/explore/coverage-<node>.json. Pairs with fewer than 20 runs are marked ◐.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ENOUGH = 20;

/** The part of model/coverage.ts CoverageReport the scorecard reads. */
export interface ExploreCoverage {
  node: string;
  generatedAt: string;
  sequences: number;
  steps: number;
  totals: { possible: number; reached: number; atLeast20: number };
  apps: Record<string, { state: string; action: string; runs: number; failed: number }[]>;
}

export function readExploreCoverage(dir: string): ExploreCoverage[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /^coverage-.+\.json$/.test(f))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as ExploreCoverage)
    .filter((c) => c && typeof c.node === 'string' && c.apps && c.totals);
}

export function renderExploreSection(reports: ExploreCoverage[]): string {
  if (reports.length === 0) return 'No exploration yet: run `npm run explore` (reports/explore/coverage-<node>.json).';
  const out: string[] = [];
  for (const r of reports) {
    out.push(
      `${r.node}: ${r.sequences} sequences, ${r.steps} steps (${r.generatedAt}); pairs ${r.totals.reached}/${r.totals.possible} reached, ${r.totals.atLeast20} run ≥ ${ENOUGH} times (full table: reports/explore/coverage-${r.node}.md)`,
      '',
    );
    out.push(
      '| App | pairs | reached | ≥ 20 runs | failed | ◐ reached, < 20 runs (fewest first) |',
      '|---|---:|---:|---:|---:|---|',
    );
    for (const [app, rows] of Object.entries(r.apps)) {
      const reached = rows.filter((x) => x.runs > 0);
      const few = reached.filter((x) => x.runs < ENOUGH).sort((a, b) => a.runs - b.runs);
      const list =
        few
          .slice(0, 4)
          .map((x) => `◐ ${x.action} @ ${x.state} (${x.runs})`)
          .join('; ') + (few.length > 4 ? `; … ${few.length - 4} more` : '');
      out.push(
        `| ${app} | ${rows.length} | ${reached.length} | ${rows.filter((x) => x.runs >= ENOUGH).length} | ${rows.reduce((s, x) => s + x.failed, 0)} | ${list || '—'} |`,
      );
    }
    out.push('');
  }
  return out.join('\n').trimEnd();
}
