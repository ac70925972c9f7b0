/**
 * scripts/playwright-floor.ts: the shape of a run read from its JSON report, and an empty run of that
 * shape that Playwright really runs (setup → tests → teardown, the same tests per file and workers).
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT } from '../config/env';
import type { JsonReport } from '../reporters/json-report';
import { describeShape, floorFiles, floorShape, prepareFloor } from '../scripts/playwright-floor';

const spec = (file: string, projectName: string) => ({
  title: 't',
  file,
  tests: [{ projectName, status: 'expected', results: [{ status: 'passed', duration: 1 }] }],
});

const report: JsonReport = {
  config: { workers: 2 },
  suites: [
    { specs: [spec('setup/node.setup.ts', 'sim-setup'), spec('setup/node.setup.ts', 'sim-setup')] },
    { specs: [spec('a.spec.ts', 'sim'), spec('a.spec.ts', 'sim'), spec('a.spec.ts', 'sim')] },
    { specs: [spec('b.spec.ts', 'sim')] },
    { specs: [spec('setup/node.teardown.ts', 'sim-teardown')] },
  ],
};

test('the shape: tests per file per project role, and the workers of the run', () => {
  const shape = floorShape(report);
  assert.deepEqual(shape, { files: { setup: [2], tests: [3, 1], teardown: [1] }, workers: 2 });
  assert.equal(describeShape(shape), '2 setup + 4 + 1 teardown tests in 2 files, 2 workers');
});

test('a report without workers or without tests outside setup is refused, saying what is missing', () => {
  assert.throws(() => floorShape({ ...report, config: {} }), /config\.workers/);
  assert.throws(() => floorShape({ config: { workers: 1 }, suites: [report.suites![0]!] }), /no test outside setup/);
});

test('the empty run has the three projects, its dependencies and one file per file of the shape', () => {
  const files = floorFiles(floorShape(report));
  assert.deepEqual(Object.keys(files).sort(), [
    'playwright.config.ts',
    'setup/f0.spec.ts',
    'teardown/f0.spec.ts',
    'tests/f0.spec.ts',
    'tests/f1.spec.ts',
  ]);
  assert.match(files['playwright.config.ts']!, /workers: 2,/);
  assert.match(files['playwright.config.ts']!, /teardown: 'teardown'/);
  assert.match(files['playwright.config.ts']!, /dependencies: \['setup'\]/);
  assert.match(files['tests/f0.spec.ts']!, /i < 3;.*\{ request \}/);
});

test(
  'Playwright runs the empty run: every test of the shape passes, its wall time is measured',
  { timeout: 120_000 },
  () => {
    const dir = path.join(REPO_ROOT, 'reports', 'test-playwright-floor');
    const run = prepareFloor(floorShape(report), dir)('1');
    assert.equal(run.passed, 7);
    assert.ok(run.wallMs > 0);
    assert.throws(() => prepareFloor(floorShape(report), '/tmp/elsewhere'), /must be inside the repo/);
  },
);
