/**
 * Playwright's own floor for a run's shape: the same projects (setup → tests → teardown), the same
 * number of tests in the same number of files per project, the same workers and trace setting, every
 * test taking the `request` fixture (as the API specs do) with an empty body. What a run takes beyond
 * it is the suite's own work; what it takes is what no change to the suite's tests can win back on
 * this machine. Used by scripts/bench-l1l2.ts.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../config/env';
import { readJsonReport, testRows, type JsonReport } from '../reporters/json-report';

export type FloorRole = 'setup' | 'tests' | 'teardown';

export interface FloorShape {
  /** Tests per file, per role (a file is a job: its tests run one after another in one worker). */
  files: Record<FloorRole, number[]>;
  workers: number;
}

function roleOf(project: string): FloorRole {
  if (project.endsWith('-setup')) return 'setup';
  if (project.endsWith('-teardown')) return 'teardown';
  return 'tests';
}

/** The shape of a run from its JSON report: tests per file per role, and the run's workers. */
export function floorShape(report: JsonReport): FloorShape {
  const counts: Record<FloorRole, Map<string, number>> = { setup: new Map(), tests: new Map(), teardown: new Map() };
  for (const row of testRows(report)) {
    const files = counts[roleOf(row.project)];
    files.set(row.file, (files.get(row.file) ?? 0) + 1);
  }
  const workers = report.config?.workers;
  if (!Number.isInteger(workers) || (workers as number) < 1)
    throw new Error(`floor: the JSON report has no config.workers (got ${JSON.stringify(workers)})`);
  const files = (role: FloorRole) => [...counts[role].values()];
  if (files('tests').length === 0) throw new Error('floor: the JSON report has no test outside setup and teardown');
  return { files: { setup: files('setup'), tests: files('tests'), teardown: files('teardown') }, workers: workers! };
}

export function describeShape(shape: FloorShape): string {
  const sum = (role: FloorRole) => shape.files[role].reduce((a, b) => a + b, 0);
  return `${sum('setup')} setup + ${sum('tests')} + ${sum('teardown')} teardown tests in ${shape.files.tests.length} files, ${shape.workers} workers`;
}

/** The files of the empty run: a config with the three projects, and one spec file per file of the shape. */
export function floorFiles(shape: FloorShape): Record<string, string> {
  const out: Record<string, string> = {
    'playwright.config.ts': [
      "import { defineConfig } from '@playwright/test';",
      'export default defineConfig({',
      `  testDir: __dirname, reporter: 'json', workers: ${shape.workers}, fullyParallel: false, retries: 0,`,
      "  use: { trace: 'retain-on-failure' },",
      '  projects: [',
      ...(shape.files.setup.length
        ? [
            `    { name: 'setup', testMatch: 'setup/*.spec.ts'${shape.files.teardown.length ? ", teardown: 'teardown'" : ''} },`,
          ]
        : []),
      ...(shape.files.teardown.length ? ["    { name: 'teardown', testMatch: 'teardown/*.spec.ts' },"] : []),
      `    { name: 'tests', testMatch: 'tests/*.spec.ts'${shape.files.setup.length ? ", dependencies: ['setup']" : ''} },`,
      '  ],',
      '});',
      '',
    ].join('\n'),
  };
  for (const role of ['setup', 'tests', 'teardown'] as const)
    shape.files[role].forEach((count, i) => {
      out[`${role}/f${i}.spec.ts`] = [
        "import { test } from '@playwright/test';",
        `for (let i = 0; i < ${count}; i++) test(\`t\${i}\`, async ({ request }) => void request);`,
        '',
      ].join('\n');
    });
  return out;
}

export interface FloorRun {
  wallMs: number;
  passed: number;
}

/** Writes the empty run of `shape` under `dir` (inside the repo, so @playwright/test resolves); returns its runner. */
export function prepareFloor(shape: FloorShape, dir: string): (label: string) => FloorRun {
  if (!path.resolve(dir).startsWith(REPO_ROOT + path.sep))
    throw new Error(`floor: ${dir} must be inside the repo (${REPO_ROOT}) for @playwright/test to resolve`);
  rmSync(dir, { recursive: true, force: true });
  for (const [file, text] of Object.entries(floorFiles(shape))) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  const cli = require.resolve('@playwright/test/cli');
  return (label) => {
    const report = path.join(dir, `report-${label}.json`);
    const started = Date.now();
    const child = spawnSync(process.execPath, [cli, 'test', '-c', path.join(dir, 'playwright.config.ts')], {
      cwd: REPO_ROOT,
      env: { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: report },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const wallMs = Date.now() - started;
    if (child.status !== 0) throw new Error(`floor: the empty run exited ${child.status} (its report: ${report})`);
    return { wallMs, passed: testRows(readJsonReport(report)).filter((r) => r.outcome === 'passed').length };
  };
}
