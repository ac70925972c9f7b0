/** The fixture API (fixtures/index.ts) inside a real Playwright run against a sim. */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runPlaywright, simRunPassed, summaryCount, type PlaywrightRun } from './support/run-playwright';
import { startSim, type StartedSim } from '../lib/start-sim';

describe('fixtures in a Playwright run against the sim', { timeout: 300_000 }, () => {
  let sim: StartedSim;
  let run: PlaywrightRun;

  before(async () => {
    sim = await startSim();
    run = await runPlaywright(['--project=sim'], {
      ARCHY_SIM_READY: sim.readyJson,
      ARCHY_OUTPUT_ROOT: mkdtempSync(path.join(tmpdir(), 'archy-fixtures-out-')),
      ARCHY_SPEC_DIRS: 'tests/fixtures-run',
    });
  });
  after(async () => {
    await sim?.stop();
  });

  test('setup and every fixture spec pass', () => {
    assert.equal(run.code, 0, run.output.slice(-4000));
    assert.equal(summaryCount(run.output, 'passed'), simRunPassed(5), run.output.slice(-4000)); // setup, specs, teardown
  });
});
