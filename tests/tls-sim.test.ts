/**
 * Must-have 6 end to end: the setup project against `sim --tls` checks the CA pin from SIM_READY and
 * passes; with a wrong pin it refuses to run, naming the node and the fingerprints.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runPlaywright, simRunPassed, summaryCount } from './support/run-playwright';
import { startSim, type StartedSim } from '../lib/start-sim';

describe('preflight against the sim over https', { timeout: 300_000 }, () => {
  let sim: StartedSim;

  before(async () => {
    sim = await startSim({ tls: true });
  });
  after(async () => {
    await sim?.stop();
  });

  test('SIM_READY of a --tls sim has an https URL and a CA fingerprint', () => {
    assert.match(sim.ready.baseUrl, /^https:\/\/127\.0\.0\.1:\d+$/);
    assert.match(sim.ready.caSha256 ?? '', /^[0-9a-fA-F:]{64,95}$/);
  });

  test('the right pin: the setup project passes', async () => {
    const outRoot = mkdtempSync(path.join(tmpdir(), 'archy-tls-out-'));
    const run = await runPlaywright(['--project=sim-setup'], {
      ARCHY_SIM_READY: sim.readyJson,
      ARCHY_OUTPUT_ROOT: outRoot,
    });
    assert.equal(run.code, 0, run.output.slice(-3000));
    assert.equal(summaryCount(run.output, 'passed'), simRunPassed(0)); // setup and its teardown
    const facts = JSON.parse(readFileSync(path.join(outRoot, 'reports', 'env', 'sim.json'), 'utf8')) as {
      tls: string;
      caSha256: string;
    };
    assert.equal(facts.tls, 'pinned');
    assert.equal(facts.caSha256, sim.ready.caSha256!.replace(/:/g, '').toLowerCase());
  });

  test('a wrong pin: preflight refuses to run', async () => {
    const wrong = JSON.stringify({ ...JSON.parse(sim.readyJson), caSha256: 'ab'.repeat(32) });
    const run = await runPlaywright(['--project=sim-setup'], {
      ARCHY_SIM_READY: wrong,
      ARCHY_OUTPUT_ROOT: mkdtempSync(path.join(tmpdir(), 'archy-tls-out-')),
    });
    assert.notEqual(run.code, 0);
    assert.match(
      run.output,
      /sim: the CA from ARCHY_CA_FILE .*ca\.crt has fingerprint [0-9a-f]{64}, not the pinned abab/,
    );
    assert.match(run.output, /Refusing to run/);
  });
});
