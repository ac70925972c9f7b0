/**
 * Must-have 5: the password and the session/csrf/remember cookie values never appear in any artifact.
 * Starts a sim with a distinctive password, runs a traced Playwright run against it (setup project,
 * UI login that fills the password, RPC logins, a failing test whose error shows the password field),
 * then unpacks every trace and report and greps everything — and the console output — for them.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { resolveBrowser } from '../config/browser';
import { storageStateSecrets } from '../lib/redact-files';
import { artifactTexts, findLeaks } from './support/artifacts';
import { runPlaywright, simRunPassed, summaryCount, type PlaywrightRun } from './support/run-playwright';
import { startSim, type StartedSim } from '../lib/start-sim';
import { secretsProbeFile } from './secrets-run/secrets-probe';

/** Every file a run left under its output root but .auth/ (the session store itself, mode 0600). */
function outputTexts(outRoot: string) {
  return artifactTexts([path.join(outRoot, 'test-results'), path.join(outRoot, 'reports')]);
}

function cookiesSeen(outRoot: string, baseUrl: string): string[] {
  return [
    ...storageStateSecrets(path.join(outRoot, '.auth')),
    ...(existsSync(secretsProbeFile(baseUrl))
      ? (JSON.parse(readFileSync(secretsProbeFile(baseUrl), 'utf8')) as string[])
      : []),
  ].filter((v) => v.length >= 8);
}

/**
 * What a traced run left under `outRoot`, to grep: the cookie values it saw (session, csrf_token and
 * remember at least), every text of its output files, and the traces among them (one per test at least).
 */
function scanOutput(outRoot: string, baseUrl: string) {
  const cookies = cookiesSeen(outRoot, baseUrl);
  assert.ok(
    cookies.length >= 3,
    `expected session, csrf_token and remember values to check for, got ${cookies.length}`,
  );
  const texts = outputTexts(outRoot);
  const traces = texts.filter((t) => /trace\.zip!.*\.trace$/.test(t.where));
  assert.ok(traces.length >= 5, `expected a trace per test (the run is traced), found ${traces.length}`);
  return { cookies, texts, traces };
}

/** A sim with `password`, the same password in `envDir`'s .env.sim for the run, and no probe file left from before. */
async function startSimWithPassword(password: string, envDir: string): Promise<StartedSim> {
  writeFileSync(path.join(envDir, '.env.sim'), `ARCHY_PASSWORD=${password}\n`);
  const sim = await startSim({ password });
  rmSync(secretsProbeFile(sim.ready.baseUrl), { force: true });
  return sim;
}

const browser = resolveBrowser();

describe(
  'secrets never reach an artifact',
  { timeout: 300_000, skip: browser.ok ? false : `needs a Chromium: ${browser.reason}` },
  () => {
    const password = `Qv7-${randomBytes(6).toString('hex')}-Distinct`;
    const envDir = mkdtempSync(path.join(tmpdir(), 'archy-secrets-env-'));
    const outRoot = mkdtempSync(path.join(tmpdir(), 'archy-secrets-out-'));
    let sim: StartedSim;
    let run: PlaywrightRun;

    before(async () => {
      sim = await startSimWithPassword(password, envDir);
      run = await runPlaywright(['--project=sim', '--trace=on'], {
        ARCHY_SIM_READY: sim.readyJson,
        ARCHY_ENV_DIR: envDir,
        ARCHY_OUTPUT_ROOT: outRoot,
        ARCHY_SPEC_DIRS: 'tests/secrets-run',
      });
    });
    after(async () => {
      await sim?.stop();
    });

    test('the run did what it should: setup passed, the UI login passed, the planted failure failed', () => {
      assert.equal(run.code, 1, run.output.slice(-3000));
      assert.equal(summaryCount(run.output, 'failed'), 1, run.output.slice(-3000));
      assert.equal(summaryCount(run.output, 'passed'), simRunPassed(1), run.output.slice(-3000)); // setup, 1 spec, teardown
    });

    test('every trace, report, attachment and Allure result is free of the password and the cookies', () => {
      const { cookies, texts, traces } = scanOutput(outRoot, sim.ready.baseUrl);
      assert.ok(
        texts.some((t) => t.where.includes('allure-results')),
        'expected Allure results',
      );
      assert.ok(
        texts.some((t) => t.where.includes(`${path.sep}html${path.sep}`)),
        'expected the HTML report',
      );
      assert.deepEqual(findLeaks(texts, [password, ...cookies]), []);
      assert.ok(
        traces.some((t) => t.text.includes('[REDACTED]')),
        'a trace should show [REDACTED] where the password was filled (proves the check looks at the right place)',
      );
    });

    test('the console output is free of them too', () => {
      assert.deepEqual(findLeaks([{ where: 'console', text: run.output }], [password]), []);
    });
  },
);

/**
 * The scrubbing does not depend on the reporters: a user who picks their own (which replaces the
 * configured list, the redacting reporter included) still leaves no secret in any file of the output
 * root — trace zips above all — nor on the console.
 */
describe(
  'secrets never reach an artifact, whatever reporter the user picks',
  { timeout: 600_000, skip: browser.ok ? false : `needs a Chromium: ${browser.reason}` },
  () => {
    const password = `Zr4-${randomBytes(6).toString('hex')}-Reporter`;
    const envDir = mkdtempSync(path.join(tmpdir(), 'archy-secrets-env-'));
    let sim: StartedSim;
    const runs: { reporter: string; outRoot: string; run: PlaywrightRun }[] = [];

    before(async () => {
      sim = await startSimWithPassword(password, envDir);
      for (const [reporter, trace] of [
        ['line', ['--trace', 'on']],
        ['dot', ['--trace=on']],
        ['json', ['--trace=on']],
      ] as const) {
        const outRoot = mkdtempSync(path.join(tmpdir(), `archy-secrets-${reporter}-`));
        const run = await runPlaywright(['--project=sim', `--reporter=${reporter}`, ...trace], {
          ARCHY_SIM_READY: sim.readyJson,
          ARCHY_ENV_DIR: envDir,
          ARCHY_OUTPUT_ROOT: outRoot,
          ARCHY_SPEC_DIRS: 'tests/secrets-run',
          ARCHY_RUN_ID: '',
        });
        runs.push({ reporter, outRoot, run });
      }
    });
    after(async () => {
      await sim?.stop();
    });

    for (const reporter of ['line', 'dot', 'json']) {
      test(`--reporter=${reporter}: 0 files under the output root hold the password or a session/csrf/remember value`, () => {
        const { outRoot, run } = runs.find((r) => r.reporter === reporter)!;
        assert.equal(run.code, 1, `the planted failure fails the run:\n${run.output.slice(-2000)}`);
        const { cookies, texts, traces } = scanOutput(outRoot, sim.ready.baseUrl);
        assert.deepEqual(findLeaks(texts, [password, ...cookies]), []);
        assert.ok(
          traces.some((t) => t.text.includes('[REDACTED]')),
          'a trace should show [REDACTED] where the password was',
        );
        assert.deepEqual(findLeaks([{ where: 'console', text: run.output }], [password]), []);
      });
    }
  },
);
