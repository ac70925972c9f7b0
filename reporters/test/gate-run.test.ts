/**
 * End to end, without a node: `npm run gate` (scripts/gate.ts) over synthetic specs
 * (fixtures/matrix.fixture.ts) through the real reporters, in a scratch folder; then
 * `npm run report` twice and the built Allure report opened in Chromium.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { chromium } from '@playwright/test';
import { CHROMIUM_FLAGS } from '../../config/browser';
import type { GateResult } from '../gate-model';
import { serveDirectory } from './static-server';

const repo = resolve(__dirname, '..', '..');
const fixtureConfig = join(__dirname, 'fixtures', 'gate.fixture.config.ts');
let root = '';

function runScript(
  script: string,
  args: string[],
  env: Record<string, string> = {},
): { status: number; output: string } {
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(repo, 'scripts', script), ...args], {
    cwd: root,
    // the gate reads reports/ under the output root (config/env outputPaths), where the fixture config writes
    env: { ...process.env, FIXTURE_ROOT: root, ARCHY_OUTPUT_ROOT: root, ...env },
    encoding: 'utf8',
    timeout: 180_000,
  });
  return { status: run.status ?? -1, output: `${run.stdout}\n${run.stderr}` };
}

function gate(mode: string, extra: string[] = []): { status: number; output: string; result: GateResult } {
  const run = runScript(
    'gate.ts',
    ['--project=sim', '--repeat-each', '2', '--layers', 'L1,L2', ...extra, '-c', fixtureConfig],
    { FIXTURE_MODE: mode },
  );
  const result = JSON.parse(readFileSync(join(root, 'reports', 'gate', 'sim.json'), 'utf8')) as GateResult;
  return { ...run, result };
}

before(() => {
  root = mkdtempSync(join(tmpdir(), 'archy-gate-test-'));
  symlinkSync(join(repo, 'node_modules'), join(root, 'node_modules'));
  copyFileSync(join(repo, 'allurerc.mjs'), join(root, 'allurerc.mjs'));
});

after(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

test('all green: exit 0, verdict pass, the quality gate agrees', () => {
  const { status, output, result } = gate('pass');
  assert.equal(status, 0, output);
  assert.equal(result.verdict, 'pass');
  assert.equal(result.iterations, 2);
  assert.deepEqual(result.cells['bitcoin-knots/state'], { passed: 2, failed: 0, infra: 0, blocked: 0, skipped: 0 });
  assert.ok(!('lnd/ui' in result.cells), 'the L4 test is outside the gated layers');
  assert.match(output, /quality gate passed, agreeing with the verdict/);
  assert.equal(result.notCovered[0]?.reason, 'bitcoin-core conflicts with bitcoin-knots on this node');
  assert.ok(existsSync(join(root, 'reports', 'gate', 'sim.md')));
});

test('the first report builds (and starts the history)', () => {
  const run = runScript('report.ts', []);
  assert.equal(run.status, 0, run.output);
});

test('one product failure: exit 1, only that cell is short', () => {
  const { status, output, result } = gate('product');
  assert.equal(status, 1, output);
  assert.equal(result.verdict, 'fail');
  assert.deepEqual(result.cells['bitcoin-knots/state'], { passed: 1, failed: 1, infra: 0, blocked: 0, skipped: 0 });
  const short = Object.entries(result.cells)
    .filter(([, c]) => c.passed < result.iterations)
    .map(([k]) => k);
  assert.deepEqual(short, ['bitcoin-knots/state']);
  assert.match(output, /quality gate failed, agreeing with the verdict/);
});

test("after a second run the report shows the node's environment and the trend", async () => {
  const run = runScript('report.ts', []);
  assert.equal(run.status, 0, run.output);
  const reportDir = join(root, 'reports', 'allure-report');
  const charts = JSON.parse(readFileSync(join(reportDir, 'widgets', 'charts.json'), 'utf8')) as {
    general: Record<string, { type: string; data: unknown[] }>;
  };
  const dynamics = Object.values(charts.general).find((c) => c.type === 'statusDynamics');
  assert.ok(dynamics && dynamics.data.length >= 2, 'status dynamics has the earlier run and this one');

  const server = await serveDirectory(reportDir);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: CHROMIUM_FLAGS,
  });
  try {
    const page = await browser.newPage();
    await page.goto(server.url);
    await page.getByText('Environment: "sim"').waitFor({ timeout: 15_000 });
    await page.getByText('http://127.0.0.1:41000').waitFor();
    await page.getByText('Failed', { exact: true }).first().waitFor();
    await page.getByText('Report', { exact: true }).first().click();
    await page.getByText('Graphs', { exact: true }).click();
    await page.getByText('Status dynamics').first().waitFor({ timeout: 15_000 });
  } finally {
    await browser.close();
    await server.close();
  }
});

test('infrastructure failures only: exit 2, inconclusive', () => {
  const { status, output, result } = gate('infra');
  assert.equal(status, 2, output);
  assert.equal(result.verdict, 'inconclusive');
  assert.deepEqual(result.cells['lnd/rpc'], { passed: 1, failed: 0, infra: 1, blocked: 0, skipped: 0 });
});

test('a refused app port is a product failure: exit 1', () => {
  const { status, output, result } = gate('refused');
  assert.equal(status, 1, output);
  assert.equal(result.failureClasses.product, 2);
});

test('the setup project failing on infrastructure makes the gate inconclusive', () => {
  const { status, output, result } = gate('setup-infra');
  assert.equal(status, 2, output);
  assert.equal(result.verdict, 'inconclusive');
  assert.equal(result.runErrors[0]?.class, 'infrastructure');
});

test('a cell skipped in every run did not run: exit 1, and the quality gate names the cell', () => {
  const { status, output, result } = gate('skip');
  assert.equal(status, 1, output);
  assert.equal(result.verdict, 'fail');
  assert.deepEqual(result.cells['lnd/rpc'], { passed: 0, failed: 0, infra: 0, blocked: 0, skipped: 2 });
  assert.match(output, /expected cells ran fewer than 2 times: lnd\/rpc/);
});

test('--max-hours ran out: Playwright stops after the test that ended, the rest did not start; inconclusive, with the evidence', () => {
  const { status, output, result } = gate('pass', ['--max-hours', '0.000001']);
  assert.equal(status, 2, output);
  assert.equal(result.verdict, 'inconclusive');
  assert.equal(result.budget?.ranOut, true, output);
  const planned = result.tests.length * result.iterations;
  assert.ok(result.budget!.notRun > 0 && result.budget!.notRun < planned, `${result.budget!.notRun} of ${planned}`);
  assert.match(result.reasons[0] ?? '', /budget of 0\.000001 h \(--max-hours\) ran out/);
  assert.match(output, /has run out after 1\/\d+ runs: no further test starts/);
  assert.match(output, /the budget ran out: Allure report written/);
  assert.match(output, /the budget ran out: scorecard written/);
});

test("two sims side by side: the shards' runs merge into one verdict and one Allure result set", () => {
  const { status, output, result } = gate('product', ['--repeat-each', '4', '--sims', '2']);
  assert.equal(status, 1, output);
  assert.equal(result.iterations, 4);
  // Each sim runs 2 whole iterations; the fixture breaks the state cell in a process's second one,
  // so iterations 2 and 4 of the gate fail, and every other run counts once.
  assert.match(output, /2 sims side by side, iterations 2 \+ 2/);
  assert.deepEqual(result.cells['bitcoin-knots/state'], { passed: 2, failed: 2, infra: 0, blocked: 0, skipped: 0 });
  assert.deepEqual(result.cells['bitcoin-knots/present'], { passed: 4, failed: 0, infra: 0, blocked: 0, skipped: 0 });
  assert.match(output, /\[shard 1\/2\]/);
  assert.match(output, /\[shard 2\/2\]/);
  assert.match(output, /quality gate failed, agreeing with the verdict/);
});
