/**
 * Issue 27's acceptance: a machine in the middle after preflight. A Playwright run against an https
 * sim pins its CA; its spec (tests/identity-change-run/mitm.spec.ts) then puts another https sim with
 * another CA on the sim's port. The RPC client, the state feed, a raw security request, a probe of a
 * proxy path and the browser's login stop at the handshake, naming the node and both fingerprints,
 * and the other sim's request log holds no byte of the password, session, csrf_token or remember. (The run's teardown
 * then finds neither sim: the spec stopped both, so the run as a whole fails.)
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runPlaywright } from './support/run-playwright';
import { startSim, type StartedSim } from '../lib/start-sim';

describe('a changed identity mid-run', { timeout: 300_000 }, () => {
  let sim: StartedSim;

  before(async () => {
    sim = await startSim({ tls: true, label: 'the node (identity-change test)' });
  });
  after(async () => {
    await sim?.stop();
  });

  test('every channel stops at the first connection and the machine in the middle gets no secret', async () => {
    const run = await runPlaywright(
      ['--project=sim'],
      {
        ARCHY_SIM_READY: sim.readyJson,
        ARCHY_OUTPUT_ROOT: mkdtempSync(path.join(tmpdir(), 'archy-identity-out-')),
        ARCHY_SPEC_DIRS: 'tests/identity-change-run',
      },
      270_000,
    ); // within the test's 300 s, so a run that hangs ends with its output, not a bare timeout
    // What failed first, then the run's tail: the first lines of a failure are what a CI log shows.
    const failedLines = run.output
      .split('\n')
      .filter((l) => /✘|^\s+\d+ (passed|failed|skipped|did not run)|Error:/.test(l))
      .slice(0, 12)
      .join('\n');
    const why = `exit ${run.code}; ${failedLines}\n--- the run's last lines ---\n${run.output.slice(-3000)}`;
    assert.match(run.output, /✓ .*preflight: the node is who it should be \(TLS\)/, why);
    assert.match(run.output, /✓ .*a machine in the middle after preflight gets no secret/, why);
    assert.doesNotMatch(run.output, /✘ .*\[sim\] ›/, `no spec of the node project failed: ${why}`);
  });
});
