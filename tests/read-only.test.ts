/**
 * Must-have 7: a read-only run makes zero mutating RPC calls. The sim is addressed as a real node
 * (`.env.node-readonly` pointing at it, no ARCHY_ALLOW_DESTRUCTIVE), the whole suite runs against it,
 * and the sim's control channel (GET /admin/calls) counts what the node saw. The security specs run
 * apart: their CSRF, remember-me and sanitiser checks deliberately send package.start for apps that
 * do not exist (refused without the header, "Not found" with it), and the origin checks read
 * auth.signer.list (§2.1: a list; the sim counts it as mutating only because it is not CSRF-exempt).
 * Those are the exceptions, named and bounded here, and the app states before and after prove nothing changed.
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
import { DASHBOARD_ONLY_READ, HARMLESS_MUTATION, MAX_HARMLESS_MUTATIONS } from '../lib/security/probes';
import { DASHBOARD_ONLY_PROBES } from '../lib/security/dashboard-only';
import { runPlaywright, summaryCount, type PlaywrightRun } from './support/run-playwright';
import { startSim, type StartedSim } from '../lib/start-sim';

/**
 * The security specs' probes: package.start on apps that do not exist, a dashboard-only read, and the
 * other dashboard-only methods the origin checks fall back to on a node without the first.
 */
const SECURITY_PROBE_METHODS: string[] = [
  HARMLESS_MUTATION.method,
  DASHBOARD_ONLY_READ,
  ...DASHBOARD_ONLY_PROBES.map((p) => p.method),
];

async function appStates(sim: StartedSim): Promise<Record<string, string>> {
  const context = await request.newContext();
  try {
    const rpc = new RpcClient({
      node: { ...simNodeFacts(sim), name: 'sim' },
      request: context,
      password: () => DEFAULT_SIM_PASSWORD,
    });
    await rpc.login();
    const state = await rpc.getState();
    return Object.fromEntries(Object.entries(state.data['package-data']).map(([id, e]) => [id, e.state]));
  } finally {
    await context.dispose();
  }
}

function simNodeFacts(sim: StartedSim) {
  return {
    name: 'sim',
    baseUrl: sim.ready.baseUrl,
    isSim: true,
    allowDestructive: false,
    allowChaos: false,
    timeScale: sim.ready.timeScale,
    ports: sim.ready.ports,
    protectedApps: [],
    hostname: sim.ready.hostname,
  };
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
    const ports = Object.entries(sim.ready.ports)
      .map(([name, port]) => `${name}=${port}`)
      .join(',');
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
    suiteRun = await runPlaywright(
      ['--project=node-readonly', '--reporter=list', '--grep-invert', '@security'],
      env,
      840_000,
    );
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
    assert.ok(
      summaryCount(suiteRun.output, 'skipped') > 0,
      `expected @destructive tests to be skipped:\n${suiteRun.output.slice(-3000)}`,
    );
    assert.ok(suiteCalls.length > 0, 'the sim saw no RPC call at all');
    assert.ok(suiteCalls.some((c) => c.method === 'server.get-state'));
  });

  test('the suite (all but the security spec) makes zero mutating RPC calls', () => {
    const mutating = suiteCalls.filter((c) => c.mutating).map((c) => `${c.method} (HTTP ${c.status})`);
    assert.deepEqual(mutating, [], `mutating calls in a read-only run: ${mutating.join(', ')}`);
  });

  test("the security specs' only mutating calls are their probes on apps that do not exist (and a dashboard-only read)", () => {
    const mutating = securityCalls.filter((c) => c.mutating);
    const unexpected = mutating
      .filter((c) => !SECURITY_PROBE_METHODS.includes(c.method))
      .map((c) => `${c.method} (HTTP ${c.status})`);
    assert.deepEqual(unexpected, [], `unexpected mutating calls from the security specs: ${unexpected.join(', ')}`);
    const starts = mutating.filter((c) => c.method === HARMLESS_MUTATION.method).length;
    assert.ok(
      starts > 0 && starts <= MAX_HARMLESS_MUTATIONS,
      `the security probes make 1..${MAX_HARMLESS_MUTATIONS} ${HARMLESS_MUTATION.method} calls, saw ${starts}`,
    );
    assert.ok(
      !securityCalls.some((c) => c.method === 'auth.logout'),
      'a read-only run must not end a session (auth.logout is @destructive)',
    );
  });

  test('no app changed state during the read-only runs', () => {
    assert.deepEqual(statesAfter, statesBefore);
  });
});
