import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeEach, describe, test } from 'node:test';
import {
  APP_CONCURRENCY_ON,
  APP_CONCURRENCY_SIM_REAL_TIME,
  appConcurrencyFor,
  readOnlySimConcurrency,
  nodePassword,
  REPO_ROOT,
  resetEnvCache,
} from '../config/env';
import {
  isNodeSelected,
  nodeNames,
  projectFilters,
  realNodeConfig,
  selectedNodes,
  simNodeConfig,
} from '../config/nodes';
import { safetyNote, safetySkipReason } from '../fixtures/safety';
import { realNodeFor } from './support/node-config';

const envDir = mkdtempSync(path.join(tmpdir(), 'archy-env-'));
const CA = 'AB:'.repeat(31) + 'AB';
/** A scratch output root for `playwright test --list` runs: their reporters must not touch the repo's reports/. */
function listOutputRoot(): string {
  return mkdtempSync(path.join(tmpdir(), 'archy-list-out-'));
}
writeFileSync(
  path.join(envDir, '.env.node-lab'),
  `ARCHY_BASE_URL=https://10.0.0.5/\nARCHY_PASSWORD=lab-password-1\nARCHY_CA_SHA256=${CA}\nARCHY_PORTS=lnd-rest=8081\n`,
);
writeFileSync(path.join(envDir, '.env.node-bad'), 'ARCHY_BASE_URL=not a url\nARCHY_PASSWORD=x\n');
writeFileSync(path.join(envDir, '.env.node-nopw'), 'ARCHY_BASE_URL=https://10.0.0.6\n');

function useEnv(extra: Record<string, string | undefined> = {}): void {
  for (const key of Object.keys(process.env)) if (key.startsWith('ARCHY_')) delete process.env[key];
  process.env.ARCHY_ENV_DIR = envDir;
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) process.env[k] = v;
  resetEnvCache();
}

describe('node registry and per-node config', () => {
  beforeEach(() => useEnv());

  test('sim, node-228 and node-198 always exist; each .env.node-<name> adds a node', () => {
    assert.deepEqual(nodeNames(), ['sim', 'node-228', 'node-198', 'node-bad', 'node-lab', 'node-nopw']);
  });

  test('a missing env file names the variable, the node and the file', () => {
    assert.throws(
      () => realNodeConfig('node-228'),
      /^ConfigError: ARCHY_PASSWORD is not set for node-228: add it to \.env\.node-228 \(see \.env\.example\)/,
    );
  });

  test('a missing password or a bad URL is named', () => {
    assert.throws(
      () => realNodeConfig('node-nopw'),
      /ARCHY_PASSWORD is not set for node-nopw: add it to \.env\.node-nopw/,
    );
    assert.throws(
      () => realNodeConfig('node-bad'),
      /ARCHY_BASE_URL is not a URL \(e\.g\. https:\/\/192\.168\.1\.228\) for node-bad: add it to \.env\.node-bad/,
    );
  });

  test('a valid node: catalogue ports with overrides, pinned CA, protected apps, read-only by default', () => {
    const node = realNodeConfig('node-lab');
    assert.equal(node.baseUrl, 'https://10.0.0.5');
    assert.equal(node.hostname, '10.0.0.5');
    assert.equal(node.caSha256, 'ab'.repeat(32));
    assert.equal(node.ports['lnd-rest'], 8081);
    assert.equal(node.ports['bitcoin-rpc'], 8332);
    assert.equal(node.ports.electrum, 50001);
    assert.deepEqual(node.protectedApps, ['bitcoin-knots', 'bitcoin-core']);
    assert.equal(node.allowDestructive, false);
    assert.equal(node.allowChaos, false);
    assert.equal(node.timeScale, 1);
    assert.equal(JSON.stringify(node).includes('lab-password-1'), false, 'NodeConfig must not carry the password');
    assert.equal(nodePassword('node-lab'), 'lab-password-1');
  });

  test('ARCHY_ALLOW_DESTRUCTIVE, ARCHY_ALLOW_CHAOS and ARCHY_UNPROTECT', () => {
    useEnv({ ARCHY_ALLOW_DESTRUCTIVE: '1', ARCHY_UNPROTECT: 'bitcoin-core' });
    let node = realNodeConfig('node-lab');
    assert.equal(node.allowDestructive, true);
    assert.equal(node.allowChaos, false);
    assert.deepEqual(node.protectedApps, ['bitcoin-knots']);
    useEnv({ ARCHY_ALLOW_DESTRUCTIVE: '1', ARCHY_ALLOW_CHAOS: '1' });
    node = realNodeConfig('node-lab');
    assert.equal(node.allowChaos, true);
  });

  test('the sim: config from SIM_READY, default password, everything allowed unless read-only', () => {
    const ready = {
      baseUrl: 'http://127.0.0.1:41000',
      rpcUrl: 'http://127.0.0.1:41000/rpc/v1',
      wsUrl: 'ws://127.0.0.1:41000/ws/db',
      adminUrl: 'http://127.0.0.1:41001',
      adminToken: 't0k',
      hostname: 'archy-sim',
      version: '1.9.0-sim',
      dataDir: '/tmp/x',
      pid: 1,
      tls: false,
      caSha256: null,
      caCertPath: null,
      timeScale: 0.05,
      faults: [],
      portBase: 41010,
      ports: { 'bitcoin-rpc': 41010, 'archy-bitcoin-ui': 41011, electrum: 41012, 'lnd-rest': 41013 },
    };
    useEnv({ ARCHY_SIM_READY: JSON.stringify(ready) });
    const sim = simNodeConfig();
    assert.equal(sim.baseUrl, 'http://127.0.0.1:41000');
    assert.equal(sim.timeScale, 0.05);
    assert.equal(sim.ports.electrum, 41012);
    assert.equal(sim.allowDestructive, true);
    assert.deepEqual(sim.protectedApps, []);
    assert.equal(nodePassword('sim'), 'password123');
    useEnv({ ARCHY_SIM_READY: JSON.stringify(ready), ARCHY_READ_ONLY: '1' });
    assert.equal(simNodeConfig().allowDestructive, false);
    useEnv({ ARCHY_SIM_READY: '{"baseUrl":1}' });
    assert.throws(() => simNodeConfig(), /SIM_READY line does not match sim\/CONTRACT\.md/);
  });
});

describe('project selection from the command line', () => {
  beforeEach(() => useEnv());

  test('--project forms', () => {
    assert.deepEqual(projectFilters(['test', '--project=node-228', '--project', 'sim-setup', '--project=a,b']), [
      'node-228',
      'sim-setup',
      'a',
      'b',
    ]);
  });

  test('no --project selects the sim only; names, setup names and wildcards select nodes', () => {
    assert.deepEqual(selectedNodes(['playwright', 'test']), ['sim']);
    assert.equal(isNodeSelected('node-228', ['node-228']), true);
    assert.equal(isNodeSelected('sim', ['sim-setup']), true);
    assert.equal(isNodeSelected('sim', ['node-228']), false);
    assert.deepEqual(selectedNodes(['--project=node-*']), [
      'node-228',
      'node-198',
      'node-bad',
      'node-lab',
      'node-nopw',
    ]);
  });
});

describe('safety: destructive and chaos tests on real nodes', () => {
  const real = realNodeFor({ name: 'node-228', baseUrl: 'https://x', hostname: 'x' });

  test('read-only real node: @destructive and @chaos are skipped, saying why', () => {
    assert.match(
      safetySkipReason(['@destructive'], real) ?? '',
      /^not covered: set ARCHY_ALLOW_DESTRUCTIVE=1 to let this run change node-228 \(@destructive test skipped on node-228: it changes the node\)/,
    );
    assert.match(safetySkipReason(['@chaos'], real) ?? '', /ARCHY_ALLOW_DESTRUCTIVE=1/);
    assert.equal(safetySkipReason(['@L1', '@app:lnd'], real), undefined);
    assert.equal(safetyNote(['@destructive'], real)?.class, 'setting');
    assert.equal(safetyNote(['@destructive'], real)?.setting, 'ARCHY_ALLOW_DESTRUCTIVE');
  });

  test('destructive allowed: @chaos still needs ARCHY_ALLOW_CHAOS', () => {
    const node = { ...real, allowDestructive: true };
    assert.equal(safetySkipReason(['@destructive'], node), undefined);
    assert.match(
      safetySkipReason(['@destructive', '@chaos'], node) ?? '',
      /set ARCHY_ALLOW_CHAOS=1 \(with ARCHY_ALLOW_DESTRUCTIVE=1\)/,
    );
    assert.equal(safetySkipReason(['@chaos'], { ...node, allowChaos: true }), undefined);
  });

  test('the sim allows everything', () => {
    assert.equal(
      safetySkipReason(['@destructive', '@chaos'], {
        ...real,
        name: 'sim',
        isSim: true,
        allowDestructive: true,
        allowChaos: true,
      }),
      undefined,
    );
  });
});

describe('playwright --list', () => {
  test('selecting a node without its env file fails at once with the config error in the first lines', () => {
    const run = spawnSync('npx', ['playwright', 'test', '--project=node-228', '--list'], {
      cwd: REPO_ROOT,
      env: { ...process.env, ARCHY_ENV_DIR: envDir, ARCHY_SIM_READY: '', ARCHY_OUTPUT_ROOT: listOutputRoot() }, // reporters write there, not into reports/
      encoding: 'utf8',
      timeout: 120_000,
    });
    assert.notEqual(run.status, 0);
    const firstLines = `${run.stdout}${run.stderr}`.split('\n').slice(0, 3).join('\n');
    assert.match(
      firstLines,
      /ARCHY_PASSWORD is not set for node-228: add it to \.env\.node-228 \(see \.env\.example\)/,
    );
  });

  test('a node with a valid env file gets its setup and spec projects', () => {
    const run = spawnSync('npx', ['playwright', 'test', '--project=node-lab', '--list'], {
      cwd: REPO_ROOT,
      env: { ...process.env, ARCHY_ENV_DIR: envDir, ARCHY_SIM_READY: '', ARCHY_OUTPUT_ROOT: listOutputRoot() }, // reporters write there, not into reports/
      encoding: 'utf8',
      timeout: 120_000,
    });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /\[node-lab-setup\] › setup\/node\.setup\.ts/);
  });
});

describe('workers per node (ARCHY_APP_CONCURRENCY)', () => {
  test('a real node: one worker unless the setting says otherwise', () => {
    useEnv();
    assert.equal(appConcurrencyFor(false), 1);
    useEnv({ ARCHY_APP_CONCURRENCY: 'on' });
    assert.equal(appConcurrencyFor(false), APP_CONCURRENCY_ON);
  });

  test('the sim: on by default, with a worker per side-by-side app chain at real timings', () => {
    useEnv();
    assert.equal(appConcurrencyFor(true), APP_CONCURRENCY_ON);
    useEnv({ ARCHY_SIM_TIME_SCALE: '1' });
    assert.equal(appConcurrencyFor(true), APP_CONCURRENCY_SIM_REAL_TIME);
    useEnv({ ARCHY_SIM_TIME_SCALE: '1', ARCHY_APP_CONCURRENCY: 'off' });
    assert.equal(appConcurrencyFor(true), 1);
    useEnv({ ARCHY_SIM_TIME_SCALE: '1', ARCHY_APP_CONCURRENCY: '3' });
    assert.equal(appConcurrencyFor(true), 3);
  });

  test('a read-only run on the sim: a worker per core, at most APP_CONCURRENCY_ON; the setting still wins', () => {
    assert.equal(readOnlySimConcurrency(2), 2);
    assert.equal(readOnlySimConcurrency(1), 1);
    assert.equal(readOnlySimConcurrency(64), APP_CONCURRENCY_ON);
    useEnv({ ARCHY_READ_ONLY: '1' });
    assert.equal(appConcurrencyFor(true), readOnlySimConcurrency());
    useEnv({ ARCHY_READ_ONLY: '1', ARCHY_SIM_TIME_SCALE: '1' });
    assert.equal(appConcurrencyFor(true), readOnlySimConcurrency());
    useEnv({ ARCHY_READ_ONLY: '1', ARCHY_APP_CONCURRENCY: '4' });
    assert.equal(appConcurrencyFor(true), 4);
    useEnv({ ARCHY_READ_ONLY: '1' });
    assert.equal(appConcurrencyFor(false), 1);
  });
});
