/**
 * Must-have "two commands on a fresh machine": config/browser.ts finds a Chromium or says, in one
 * line, what to install; without one the browser layer fails once and the API layer still runs.
 * "No browser" is made by an empty PATH, an empty Playwright cache and ARCHY_BROWSER_INSTALL=0.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { NO_BROWSER_HELP, resolveBrowser } from '../config/browser';
import { REPO_ROOT, resetEnvCache } from '../config/env';
import { summaryCount } from './support/run-playwright';
import { startSim, type StartedSim } from '../lib/start-sim';

const empty = mkdtempSync(path.join(tmpdir(), 'archy-no-browser-'));
const noBrowserEnv = {
  ...process.env,
  PATH: empty,
  PLAYWRIGHT_BROWSERS_PATH: empty,
  PLAYWRIGHT_CHROMIUM_EXECUTABLE: '',
  ARCHY_BROWSER_INSTALL: '0',
  FORCE_COLOR: '0',
};

function withEnv<T>(env: Record<string, string>, body: () => T): T {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  resetEnvCache();
  try {
    return body();
  } finally {
    for (const [k, v] of Object.entries(saved))
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    resetEnvCache();
  }
}

describe('browser resolution', () => {
  test('PLAYWRIGHT_CHROMIUM_EXECUTABLE wins; a system chromium on PATH is next; nothing → not ok', () => {
    const fake = path.join(mkdtempSync(path.join(tmpdir(), 'archy-fake-chromium-')), 'chromium');
    writeFileSync(fake, '#!/bin/sh\n');
    chmodSync(fake, 0o755);
    const pin = withEnv(
      { PATH: empty, PLAYWRIGHT_BROWSERS_PATH: empty, PLAYWRIGHT_CHROMIUM_EXECUTABLE: fake },
      resolveBrowser,
    );
    assert.deepEqual(pin, { ok: true, executablePath: fake, source: 'PLAYWRIGHT_CHROMIUM_EXECUTABLE' });
    const system = withEnv(
      {
        PATH: `${empty}${path.delimiter}${path.dirname(fake)}`,
        PLAYWRIGHT_BROWSERS_PATH: empty,
        PLAYWRIGHT_CHROMIUM_EXECUTABLE: '',
      },
      resolveBrowser,
    );
    assert.deepEqual(system, { ok: true, executablePath: fake, source: 'system' });
    const none = withEnv(
      { PATH: empty, PLAYWRIGHT_BROWSERS_PATH: empty, PLAYWRIGHT_CHROMIUM_EXECUTABLE: '' },
      resolveBrowser,
    );
    assert.equal(none.ok, false);
  });

  test('scripts/ensure-browser.ts says in one line what to install and exits 0 (1 with --strict)', () => {
    for (const [args, code] of [
      [[], 0],
      [['--strict'], 1],
    ] as const) {
      const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/ensure-browser.ts', ...args], {
        cwd: REPO_ROOT,
        env: noBrowserEnv,
        encoding: 'utf8',
      });
      assert.equal(run.status, code, run.stderr);
      const lines = (run.stdout + run.stderr).trim().split('\n');
      assert.equal(lines.length, 1, run.stdout + run.stderr);
      assert.match(lines[0]!, /^browser: none .*ARCHY_BROWSER_INSTALL=0/);
      assert.ok(lines[0]!.includes(NO_BROWSER_HELP));
    }
  });
});

describe('a Playwright run without a browser', { timeout: 300_000 }, () => {
  let sim: StartedSim;
  let output = '';
  let code: number | null = null;

  before(async () => {
    sim = await startSim();
    const cli = path.join(REPO_ROOT, 'node_modules', '@playwright', 'test', 'cli.js');
    const run = spawnSync(
      process.execPath,
      [cli, 'test', '--project=sim', '--reporter=list', 'journeys/browser.spec.ts', 'tests/browser-run/'],
      {
        cwd: REPO_ROOT,
        encoding: 'utf8',
        timeout: 240_000,
        env: {
          ...noBrowserEnv,
          ARCHY_SIM_READY: sim.readyJson,
          ARCHY_OUTPUT_ROOT: mkdtempSync(path.join(tmpdir(), 'archy-no-browser-out-')),
          ARCHY_SPEC_DIRS: 'journeys,tests/browser-run',
        },
      },
    );
    output = run.stdout + run.stderr;
    code = run.status;
  });
  after(async () => {
    await sim?.stop();
  });

  test('fails once, with what to install; the browser test skips; the L1 test passes', () => {
    assert.equal(code, 1, output.slice(-3000));
    assert.equal(summaryCount(output, 'failed'), 1, output.slice(-3000));
    // skipped: the browser journey, and the setup's SSH preflight (the sim has no ARCHY_SSH_HOST)
    assert.equal(summaryCount(output, 'skipped'), 2, output.slice(-3000));
    assert.match(output, /- .*the login page shows/);
    assert.ok(summaryCount(output, 'passed') >= 2, output.slice(-3000)); // setup + the L1 test
    assert.match(output, /✓ .*the node answers server\.get-state without a browser/);
    assert.ok(output.includes(NO_BROWSER_HELP), output.slice(-3000));
    assert.doesNotMatch(output, /Executable doesn't exist/);
    const failedAt = output.indexOf('a Chromium for the browser tests');
    const journeyAt = output.indexOf('the login page shows');
    assert.ok(failedAt >= 0 && failedAt < journeyAt, 'the one failure comes before any browser test');
  });
});
