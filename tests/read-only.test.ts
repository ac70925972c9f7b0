/**
 * Must-have 7: a read-only run makes zero mutating RPC calls. The sim is addressed as a real node
 * (`.env.node-readonly` pointing at it, no ARCHY_ALLOW_DESTRUCTIVE), the whole suite runs against it,
 * and the sim's control channel (GET /admin/calls) counts what the node saw. The security spec runs
 * apart: its CSRF check deliberately sends package.start for an app that does not exist (refused
 * without the header, "Not found" with it); that is the one exception, named and bounded here, and
 * the app states before and after prove nothing changed.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DEFAULT_SIM_PASSWORD } from '../config/env';
import { request } from '@playwright/test';
import { RpcClient } from '../lib/rpc';
import { SimControl, type RpcCallRecord } from '../lib/sim-control';
import { runPlaywright, summaryCount, type PlaywrightRun } from './support/run-playwright';
import { startSim, type StartedSim } from '../lib/start-sim';

/** The security spec's probe of CSRF enforcement: package.start on an app that does not exist. */
const SECURITY_PROBE_METHODS = ['package.start'];

async function appStates(sim: StartedSim): Promise<Record<string, string>> {
  const context = await request.newContext();
  try {
    const rpc = new RpcClient({ node: { ...simNodeFacts(sim), name: 'sim' }, request: context, password: () => DEFAULT_SIM_PASSWORD });
    await rpc.login();
    const state = await rpc.getState();
    return Object.fromEntries(Object.entries(state.data['package-data']).map(([id, e]) => [id, e.state]));
  } finally {
    await context.dispose();
  }
}

function simNodeFacts(sim: StartedSim) {
  return { name: 'sim', baseUrl: sim.ready.baseUrl, isSim: true, allowDestructive: false, allowChaos: false, timeScale: sim.ready.timeScale, ports: sim.ready.ports, protectedApps: [], hostname: sim.ready.hostname };
}

describe('a read-only run (the sim as a real node without ARCHY_ALLOW_DESTRUCTIVE)', { timeout: 900_000 }, () => {
  let sim: StartedSim;
  let control: SimControl;
  let suiteRun: PlaywrightRun;
  let suiteCalls: RpcCallRecord[];
  let securityCalls: RpcCallRecord[];
  let statesBefore: Record<string, string>;
  let statesAfter: Record<string, string>;

  before(async () => {
    sim = await startSim();
    control = new SimControl(sim.ready.adminUrl, sim.ready.adminToken);
    const envDir = mkdtempSync(path.join(tmpdir(), 'archy-readonly-env-'));
    const ports = Object.entries(sim.ready.ports).map(([name, port]) => `${name}=${port}`).join(',');
    writeFileSync(
      path.join(envDir, '.env.node-readonly'),
      `ARCHY_BASE_URL=${sim.ready.baseUrl}\nARCHY_PASSWORD=${DEFAULT_SIM_PASSWORD}\nARCHY_HOSTNAME=${sim.ready.hostname}\nARCHY_PORTS=${ports}\n`,
    );
    const env = {
      ARCHY_ENV_DIR: envDir,
      ARCHY_OUTPUT_ROOT: mkdtempSync(path.join(tmpdir(), 'archy-readonly-out-')),
      ARCHY_SIM_READY: '',
      ARCHY_ALLOW_DESTRUCTIVE: '',
      ARCHY_ALLOW_CHAOS: '',
    };
    statesBefore = await appStates(sim);
    let since = (await control.calls(0)).at(-1)?.seq ?? 0;
    suiteRun = await runPlaywright(['--project=node-readonly', '--reporter=list', '--grep-invert', '@security'], env, 840_000);
    suiteCalls = await control.calls(since);
    since = suiteCalls.at(-1)?.seq ?? since;
    await runPlaywright(['--project=node-readonly', '--reporter=list', '--grep', '@security'], env, 300_000);
    securityCalls = await control.calls(since);
    statesAfter = await appStates(sim);
  });
  after(async () => {
    await sim?.stop();
  });

  test('the run talked to the node and skipped the destructive tests, saying why', () => {
    assert.ok(summaryCount(suiteRun.output, 'passed') >= 4, suiteRun.output.slice(-3000));
    assert.ok(summaryCount(suiteRun.output, 'skipped') > 0, `expected @destructive tests to be skipped:\n${suiteRun.output.slice(-3000)}`);
    assert.ok(suiteCalls.length > 0, 'the sim saw no RPC call at all');
    assert.ok(suiteCalls.some((c) => c.method === 'server.get-state'));
  });

  test('the suite (all but the security spec) makes zero mutating RPC calls', () => {
    const mutating = suiteCalls.filter((c) => c.mutating).map((c) => `${c.method} (HTTP ${c.status})`);
    assert.deepEqual(mutating, [], `mutating calls in a read-only run: ${mutating.join(', ')}`);
  });

  test("the security spec's only mutating calls are its CSRF probe on an app that does not exist", () => {
    const mutating = securityCalls.filter((c) => c.mutating);
    const unexpected = mutating.filter((c) => !SECURITY_PROBE_METHODS.includes(c.method)).map((c) => `${c.method} (HTTP ${c.status})`);
    assert.deepEqual(unexpected, [], `unexpected mutating calls from the security spec: ${unexpected.join(', ')}`);
    assert.ok(mutating.length <= 2, `the CSRF probe makes at most 2 calls (without and with the header), saw ${mutating.length}`);
  });

  test('no app changed state during the read-only runs', () => {
    assert.deepEqual(statesAfter, statesBefore);
  });
});
