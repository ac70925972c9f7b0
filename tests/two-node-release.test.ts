/**
 * Two nodes, one release verdict (issue 13): two sims addressed as real nodes node-a (bitcoin-knots)
 * and node-b (told to use bitcoin-core: it runs bitcoin-core, not bitcoin-knots), one `npm run gate
 * -- --project=node-a --project=node-b` over the bitcoin nodes' read-only cells, 2 iterations.
 * Each node covers its own bitcoin row only; together they cover both → release pass, both rows ● in
 * the release scorecard. With a fault on node-b only (schema-drift: its state cells fail) → release
 * fail, naming node-b.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { request } from '@playwright/test';
import { DEFAULT_SIM_PASSWORD, REPO_ROOT } from '../config/env';
import { RpcClient } from '../lib/rpc';
import { removeTree } from '../lib/cli';
import { startSim, type StartedSim as RunningSim } from '../lib/start-sim';
import type { ReleaseResult } from '../reporters/gate-release';
import { twoNodeGateArgv } from './support/gate-argv';

const sims: RunningSim[] = [];

async function runOn(sim: RunningSim, bitcoin: string): Promise<void> {
  const context = await request.newContext();
  try {
    const node = {
      name: 'prep',
      baseUrl: sim.ready.baseUrl,
      isSim: true,
      allowDestructive: true,
      allowChaos: false,
      timeScale: sim.ready.timeScale,
      ports: sim.ready.ports,
      protectedApps: [],
      hostname: sim.ready.hostname,
    };
    const rpc = new RpcClient({ node, request: context, password: () => DEFAULT_SIM_PASSWORD });
    await rpc.login();
    await rpc.install(bitcoin);
    const deadline = Date.now() + 60_000;
    for (;;) {
      // raw: a node with schema-drift answers get-state in a shape the typed client refuses
      const state = (await rpc.call('server.get-state')) as {
        data: { 'package-data': Record<string, { state: string }> };
      };
      const entries = state.data['package-data'];
      if (
        entries[bitcoin]?.state === 'running' &&
        Object.values(entries).every((e) => !['installing', 'starting'].includes(e.state))
      )
        return;
      if (Date.now() > deadline) throw new Error(`${bitcoin} not running on ${sim.ready.baseUrl}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  } finally {
    await context.dispose();
  }
}

function envFile(dir: string, name: string, sim: RunningSim): void {
  const ports = Object.entries(sim.ready.ports)
    .map(([n, p]) => `${n}=${p}`)
    .join(',');
  writeFileSync(
    path.join(dir, `.env.${name}`),
    `ARCHY_BASE_URL=${sim.ready.baseUrl}\nARCHY_PASSWORD=${DEFAULT_SIM_PASSWORD}\nARCHY_HOSTNAME=${sim.ready.hostname}\nARCHY_PORTS=${ports}\n`,
  );
}

async function twoNodeGate(
  faultOnB: string[],
): Promise<{ code: number | null; output: string; release: ReleaseResult; root: string }> {
  const a = await startSim();
  const b = await startSim({ faults: faultOnB });
  sims.push(a, b);
  await Promise.all([runOn(a, 'bitcoin-knots'), runOn(b, 'bitcoin-core')]);
  const root = mkdtempSync(path.join(tmpdir(), 'archy-two-node-'));
  envFile(root, 'node-a', a);
  envFile(root, 'node-b', b);
  copyFileSync(path.join(REPO_ROOT, 'allurerc.mjs'), path.join(root, 'allurerc.mjs'));
  const run = spawnSync(
    process.execPath,
    [
      require.resolve('tsx/cli'),
      path.join(REPO_ROOT, 'scripts', 'gate.ts'),
      ...twoNodeGateArgv('@app:bitcoin-(knots|core)\\b(?!.*@destructive)'),
      '-c',
      path.join(REPO_ROOT, 'playwright.config.ts'),
    ],
    {
      cwd: root,
      encoding: 'utf8',
      timeout: 600_000,
      env: {
        ...process.env,
        ARCHY_ENV_DIR: root,
        ARCHY_OUTPUT_ROOT: root,
        ARCHY_SIM_READY: '',
        ARCHY_ALLOW_DESTRUCTIVE: '',
        CI: '',
      },
    },
  );
  const output = `${run.stdout}\n${run.stderr}`;
  const file = path.join(root, 'reports', 'release', 'release.json');
  assert.ok(existsSync(file), `no release verdict (output root ${root}):\n${output.slice(-3000)}`);
  return { code: run.status, output, release: JSON.parse(readFileSync(file, 'utf8')) as ReleaseResult, root };
}

after(async () => {
  for (const s of sims) await s.stop();
});

describe('two nodes, one release verdict', { timeout: 1_200_000 }, () => {
  test('node-a on bitcoin-knots and node-b on bitcoin-core cover both bitcoin rows: release pass, both rows ●', async () => {
    const { code, output, release, root } = await twoNodeGate([]);
    assert.equal(release.verdict, 'pass', `${release.reasons.join('\n')}\n${output.slice(-2000)}`);
    assert.equal(code, 0, output.slice(-3000));
    assert.match(output, /\[gate release\] verdict PASS over node-a, node-b/, output.slice(-3000));
    for (const cell of ['present', 'state', 'rpc', 'ui']) {
      assert.deepEqual(
        release.cells[`bitcoin-knots/${cell}`].coveredBy.map((c) => c.node),
        ['node-a'],
        cell,
      );
      assert.deepEqual(
        release.cells[`bitcoin-core/${cell}`].coveredBy.map((c) => c.node),
        ['node-b'],
        cell,
      );
    }
    // The release scorecard: one matrix over both nodes, and one column group per node.
    const sc = spawnSync(
      process.execPath,
      [require.resolve('tsx/cli'), path.join(REPO_ROOT, 'scripts', 'scorecard.ts'), '--required', '2', '--no-list'],
      { cwd: root, encoding: 'utf8' },
    );
    assert.equal(sc.status, 0, sc.stderr);
    const md = readFileSync(path.join(root, 'reports', 'scorecard.md'), 'utf8');
    for (const app of ['bitcoin-knots', 'bitcoin-core']) {
      const row = md.split('\n').find((l) => l.startsWith(`| ${app} | `))!;
      const cells = row
        .split('|')
        .slice(2, 6)
        .map((c) => c.trim());
      assert.ok(
        cells.every((c) => c.startsWith('●')),
        `${app}: ${row}`,
      );
    }
    assert.match(md, /node-a · Container present .* node-b · Container present/);
    assert.match(
      readFileSync(path.join(root, 'reports', 'scorecard.html'), 'utf8'),
      /<colgroup class="node" data-node="node-b"/,
    );
    removeTree(root); // kept when an assertion fails, to read
  });

  test('a fault on node-b only: release fail, naming node-b', async () => {
    const { code, output, release, root } = await twoNodeGate(['schema-drift']);
    const why = `${release.reasons.join('\n')}\n${output.slice(-3000)}`;
    assert.equal(release.verdict, 'fail', why);
    assert.equal(code, 1, why);
    assert.match(output, /\[gate release\] verdict FAIL over node-a, node-b · failing on node-b\b/, why);
    assert.ok(
      release.reasons.some((r) => /^bitcoin-core\/state on node-b: /.test(r)),
      release.reasons.join('\n'),
    );
    assert.ok(!release.reasons.some((r) => r.includes('node-a')), `nothing on node-a: ${why}`);
    removeTree(root);
  });
});
