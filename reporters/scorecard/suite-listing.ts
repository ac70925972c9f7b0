/**
 * How many tests and which suites each layer has, from `playwright test --list --reporter=json`
 * for a node's project (no test runs, no node needed beyond what the config does when loaded).
 * Used by the layer-by-layer table for layers the gate did not run (L4–L6).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import type { JSONReport, JSONReportSuite } from '@playwright/test/reporter';
import { parseTags, type Layer } from '../../config/tags';

export type LayerListing = Partial<Record<Layer, { tests: Set<string>; suites: Set<string> }>>;

export function suiteName(file: string): string {
  return basename(file)
    .replace(/\.(spec|test|setup)\.[cm]?[jt]s$/, '')
    .replace(/\.[cm]?[jt]s$/, '');
}

export function listingFromReport(report: JSONReport, project: string): LayerListing {
  const listing: LayerListing = {};
  const visit = (suite: JSONReportSuite): void => {
    for (const spec of suite.specs) {
      if (!spec.tests.some((t) => t.projectName === project)) continue;
      const layer = parseTags(spec.tags).layer;
      if (!layer) continue;
      const entry = (listing[layer] ??= { tests: new Set(), suites: new Set() });
      entry.tests.add(`${spec.file}::${spec.id}`);
      entry.suites.add(suiteName(spec.file));
    }
    for (const child of suite.suites ?? []) visit(child);
  };
  for (const suite of report.suites) visit(suite);
  return listing;
}

/** Lists the project's tests; undefined (with the reason on stderr) when Playwright cannot. */
export function listSuite(project: string, cwd: string = process.cwd()): LayerListing | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'archy-list-'));
  const out = join(dir, 'list.json');
  try {
    const cli = resolve(__dirname, '..', '..', 'node_modules', '@playwright', 'test', 'cli.js');
    const run = spawnSync(process.execPath, [cli, 'test', '--list', '--reporter=json', `--project=${project}`], {
      cwd,
      env: { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: out },
      encoding: 'utf8',
      timeout: 120_000,
    });
    if (run.status !== 0) {
      console.error(
        `scorecard: could not list project ${project} (exit ${run.status}): ${(run.stderr || run.stdout || '').split('\n').slice(0, 3).join(' ')}`,
      );
      return undefined;
    }
    return listingFromReport(JSON.parse(readFileSync(out, 'utf8')) as JSONReport, project);
  } catch (error) {
    console.error(`scorecard: could not list project ${project}: ${(error as Error).message}`);
    return undefined;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
