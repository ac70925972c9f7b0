/**
 * Issue 10: a run killed hard (SIGKILL of Playwright during an install) leaves the node's snapshot on
 * disk; the next run on that node says so first — and changes nothing — and `npm run restore` brings
 * the node back to the snapshot. A sim addressed as a real node, fresh, destructive runs allowed.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { REPO_ROOT } from '../config/env';
import { SimControl } from '../lib/sim-control';
import { runPlaywright, type PlaywrightRun } from './support/run-playwright';
import { startSimAsNode, type SimAsNode } from './support/sim-as-node';

const NODE = 'node-rk';
const UNPROTECT = 'bitcoin-knots,bitcoin-core';
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Starts a run and SIGKILLs its whole process group once the node saw a package.install. */
async function runKilledDuringInstall(node: SimAsNode, control: SimControl): Promise<string> {
  const since = (await control.calls(0)).at(-1)?.seq ?? 0;
  const child = spawn('npx', ['playwright', 'test', `--project=${NODE}`, '--reporter=line', '--grep', '@app:lnd\\b'], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      FORCE_COLOR: '0',
      ...node.env({ ARCHY_ALLOW_DESTRUCTIVE: '1', ARCHY_UNPROTECT: UNPROTECT }),
    },
    stdio: 'ignore',
    detached: true, // its own process group: runner, workers and browsers die together
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 240_000;
  try {
    for (;;) {
      const calls = await control.calls(since);
      const install = calls.find((c) => c.method === 'package.install');
      if (install) return `killed after ${install.method} (seq ${install.seq})`;
      if (child.exitCode !== null) throw new Error('the run ended before any install');
      if (Date.now() > deadline) throw new Error('no package.install within 240 s');
      await sleep(100);
    }
  } finally {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      /* already gone */
    }
    await exited;
  }
}

describe('a run killed hard during an install', { timeout: 900_000 }, () => {
  let node: SimAsNode;
  let control: SimControl;
  let before_: Record<string, string>;
  let killedAt: string;
  let changedByKilledRun: Record<string, string>;
  let nextRun: PlaywrightRun;
  let nextRunMutating: string[];
  let restore: { status: number | null; output: string };
  let after_: Record<string, string>;
  const snapshotFile = (): string => path.join(node.outRoot, '.auth', `${NODE}.before-run.json`);

  before(async () => {
    node = await startSimAsNode(NODE);
    control = new SimControl(node.sim.ready.adminUrl, node.sim.ready.adminToken);
    before_ = await node.states();
    killedAt = await runKilledDuringInstall(node, control);
    await sleep(2000); // the node finishes what it was asked to do
    changedByKilledRun = await node.states();
    const since = (await control.calls(0)).at(-1)?.seq ?? 0;
    nextRun = await runPlaywright(
      [`--project=${NODE}`, '--reporter=line', '--grep', '@app:filebrowser\\b'],
      node.env({ ARCHY_ALLOW_DESTRUCTIVE: '1' }),
      300_000,
    );
    nextRunMutating = (await control.calls(since)).filter((c) => c.mutating).map((c) => c.method);
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', path.join(REPO_ROOT, 'scripts', 'restore.ts'), `--project=${NODE}`],
      {
        cwd: REPO_ROOT,
        env: { ...process.env, ...node.env({ ARCHY_UNPROTECT: UNPROTECT }) }, // the settings of the run it restores after
        encoding: 'utf8',
        timeout: 300_000,
      },
    );
    restore = { status: run.status, output: `${run.stdout}\n${run.stderr}` };
    after_ = await node.states();
  });
  after(async () => {
    await node?.stop();
  });

  test('the killed run changed the node and left its snapshot on disk', () => {
    assert.match(killedAt, /package\.install/);
    assert.notDeepEqual(changedByKilledRun, before_, 'the install had started');
  });

  test('the next run on that node says so first, offers npm run restore, and changes nothing', () => {
    assert.equal(nextRun.code, 1, nextRun.output.slice(-3000));
    assert.match(
      nextRun.output,
      new RegExp(`${NODE}: a run that did not finish \\(killed before its teardown\\) left a snapshot of ${NODE}`),
    );
    assert.match(nextRun.output, new RegExp(`npm run restore -- --project=${NODE}`));
    assert.deepEqual(nextRunMutating, [], 'no mutating call while a leftover snapshot waits');
  });

  test('npm run restore brings the node back to the snapshot and removes it', () => {
    assert.equal(restore.status, 0, restore.output);
    assert.match(restore.output, new RegExp(`${NODE} is as the snapshot found it`));
    assert.deepEqual(after_, before_);
    assert.equal(existsSync(snapshotFile()), false);
  });
});
