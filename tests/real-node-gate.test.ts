/**
 * Issue 10: `npm run gate -- --project=<node> --layers L1,L2 --repeat-each 2` against a sim addressed
 * as a real node (destructive runs allowed, bitcoin-knots protected and installed) says `pass`, and the
 * scorecard shows every policy-excluded cell (bitcoin-core's, bitcoin-knots reinstall) as ○ with its
 * reason; with L3 in the layers and no SSH settings the gate says `fail` and names ARCHY_SSH_HOST.
 * The gate runs in a scratch root (its reports/), with the repository's config (-c).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { APPS } from '../config/apps';
import { REPO_ROOT } from '../config/env';
import type { GateResult } from '../reporters/gate-model';
import { matrixStatus } from '../reporters/scorecard/cell-status';
import { startSimAsNode, type SimAsNode } from './support/sim-as-node';

const NODE = 'node-rg';

describe('the gate against a sim as a real node with protected bitcoin-knots', { timeout: 1_500_000 }, () => {
  let node: SimAsNode;
  let root: string;

  function gate(layers: string): { status: number | null; output: string; result: GateResult } {
    const run = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        path.join(REPO_ROOT, 'scripts', 'gate.ts'),
        `--project=${NODE}`,
        '--layers',
        layers,
        '--repeat-each',
        '2',
        '-c',
        path.join(REPO_ROOT, 'playwright.config.ts'),
      ],
      {
        cwd: root,
        env: {
          ...process.env,
          FORCE_COLOR: '0',
          ...node.env({ ARCHY_ALLOW_DESTRUCTIVE: '1', ARCHY_OUTPUT_ROOT: root }),
        },
        encoding: 'utf8',
        timeout: 1_200_000,
      },
    );
    const result = JSON.parse(readFileSync(path.join(root, 'reports', 'gate', `${NODE}.json`), 'utf8')) as GateResult;
    return { status: run.status, output: `${run.stdout}\n${run.stderr}`, result };
  }

  before(async () => {
    node = await startSimAsNode(NODE);
    await node.call('package.install', { id: 'bitcoin-knots' });
    const deadline = Date.now() + 60_000;
    for (;;) {
      const states = await node.states();
      if (
        states['bitcoin-knots'] === 'running' &&
        Object.values(states).every((s) => s === 'running' || s === 'stopped')
      )
        break;
      if (Date.now() > deadline) throw new Error(`bitcoin-knots did not settle: ${JSON.stringify(states)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    root = mkdtempSync(path.join(tmpdir(), 'archy-real-gate-'));
    symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(root, 'node_modules'));
    copyFileSync(path.join(REPO_ROOT, 'allurerc.mjs'), path.join(root, 'allurerc.mjs'));
  });
  after(async () => {
    await node?.stop();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  test('L1,L2 ×2: pass; the policy-excluded cells are ○ with the reason in the scorecard', () => {
    const { status, output, result } = gate('L1,L2');
    assert.equal(status, 0, output.slice(-4000));
    assert.equal(result.verdict, 'pass', result.reasons.join('\n'));
    assert.match(output, /quality gate passed, agreeing with the verdict/);
    const policy = result.notCovered.filter((n) => n.class === 'policy');
    assert.ok(
      policy.some((n) => n.app === 'bitcoin-core'),
      'bitcoin-core is policy-excluded',
    );
    assert.ok(
      policy.some((n) => n.app === 'bitcoin-knots' && n.cell === 'reinstall'),
      'bitcoin-knots reinstall is policy-excluded',
    );
    const matrix = matrixStatus([result], 2).flat();
    // App cells only: a security check not covered on this http node (the Secure cookie) has no matrix cell.
    for (const n of policy.filter((p) => p.app !== undefined)) {
      const cell = matrix.find((c) => c.app === n.app && c.cell === n.cell);
      assert.ok(cell, `${n.app}/${n.cell} (${n.title}: ${n.reason}) is not covered but has no matrix cell`);
      assert.equal(cell.mark, '○', `${n.app}/${n.cell}`);
      assert.match(
        cell.text,
        /^○ not covered on node-rg: protected bitcoin-(knots|core) (would have to be|is never) uninstalled/,
      );
    }
    const lnd = matrix.filter(
      (c) =>
        c.app === 'lnd' && ['present', 'state', 'rpc', 'ui', 'stop', 'start', 'restart', 'reinstall'].includes(c.cell),
    );
    assert.ok(
      lnd.every((c) => c.text.startsWith('◐ 2/2') || c.text.startsWith('● 2/2')),
      lnd.map((c) => c.text).join('\n'),
    );
    assert.ok(APPS.length > 0);
  });

  test('with L3 and no SSH settings: fail, naming ARCHY_SSH_HOST', () => {
    const { status, output, result } = gate('L3');
    assert.equal(status, 1, output.slice(-4000));
    assert.equal(result.verdict, 'fail');
    assert.match(
      result.reasons[0] ?? '',
      /^missing setting ARCHY_SSH_HOST: \d+ tests not covered \(not covered: set ARCHY_SSH_HOST/,
    );
    assert.match(output, /missing setting ARCHY_SSH_HOST/);
  });
});
