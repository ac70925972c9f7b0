/**
 * ensureAppRunning: one code path for every node, the permissions decide. Read-only (a real node by
 * default, the sim with ARCHY_READ_ONLY=1) changes nothing and says which setting would; destructive
 * runs install dependencies first (the installed bitcoin node, else ARCHY_BITCOIN_NODE), start what is
 * stopped, and never uninstall a protected app (policy: not covered).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ensureAppRunning, type EnsureNode } from '../lib/ensure-app';
import type { NodeRpc } from '../lib/rpc/node-rpc';

/** A node whose package-data holds only `installed`; records every mutating call. */
function fakeRpc(
  installed: Record<string, string>,
): NodeRpc & { methods: string[]; entries: Record<string, { state: string }> } {
  const methods: string[] = [];
  const entries: Record<string, { state: string }> = Object.fromEntries(
    Object.entries(installed).map(([id, state]) => [id, { state }]),
  );
  return {
    methods,
    entries,
    async call(method: string, params?: unknown) {
      if (method === 'server.get-state') return { data: { 'package-data': entries } };
      const id = (params as { id: string }).id;
      methods.push(`${method} ${id}`);
      if (method === 'package.install' || method === 'package.start') entries[id] = { state: 'running' };
      if (method === 'package.uninstall') delete entries[id];
      return { ok: true };
    },
  };
}

const node = (over: Partial<EnsureNode>): EnsureNode => ({
  name: 'node-228',
  timeScale: 0.001,
  allowDestructive: true,
  protectedApps: [],
  ...over,
});

describe('ensureAppRunning', () => {
  test('read-only: nothing installed; a missing-setting note names ARCHY_ALLOW_DESTRUCTIVE, the app and the node', async () => {
    const rpc = fakeRpc({ 'bitcoin-knots': 'running' });
    const outcome = await ensureAppRunning(rpc, node({ allowDestructive: false }), 'filebrowser');
    assert.equal(outcome.ready, false);
    if (outcome.ready) return;
    assert.equal(outcome.note.class, 'setting');
    assert.equal(outcome.note.setting, 'ARCHY_ALLOW_DESTRUCTIVE');
    assert.match(
      outcome.reason,
      /^not covered: set ARCHY_ALLOW_DESTRUCTIVE=1 .*filebrowser is not installed on node-228; a read-only run does not change that/,
    );
    assert.deepEqual(rpc.methods, []);
  });

  test('read-only: a stopped app stays stopped', async () => {
    const rpc = fakeRpc({ filebrowser: 'stopped' });
    const outcome = await ensureAppRunning(rpc, node({ allowDestructive: false }), 'filebrowser');
    assert.equal(outcome.ready, false);
    assert.deepEqual(rpc.methods, []);
  });

  test('destructive: a stopped app is started, a missing one installed', async () => {
    const rpc = fakeRpc({ filebrowser: 'stopped' });
    assert.equal((await ensureAppRunning(rpc, node({}), 'filebrowser')).ready, true);
    assert.deepEqual(rpc.methods, ['package.start filebrowser']);
  });

  test('destructive: dependencies first, with ARCHY_BITCOIN_NODE when no bitcoin node is installed', async () => {
    const rpc = fakeRpc({});
    const outcome = await ensureAppRunning(rpc, node({ bitcoinNode: 'bitcoin-core' }), 'archy-lnd-ui');
    assert.equal(outcome.ready, true);
    assert.deepEqual(rpc.methods, [
      'package.install bitcoin-core',
      'package.install lnd',
      'package.install archy-lnd-ui',
    ]);
  });

  test('destructive: the installed bitcoin node is used (started), not ARCHY_BITCOIN_NODE', async () => {
    const rpc = fakeRpc({ 'bitcoin-knots': 'stopped' });
    await ensureAppRunning(rpc, node({ bitcoinNode: 'bitcoin-core' }), 'lnd');
    assert.deepEqual(rpc.methods, ['package.start bitcoin-knots', 'package.install lnd']);
  });

  test('destructive: a protected conflicting app is never uninstalled; the test is not covered (policy)', async () => {
    const rpc = fakeRpc({ 'bitcoin-knots': 'running' });
    const outcome = await ensureAppRunning(rpc, node({ protectedApps: ['bitcoin-knots'] }), 'bitcoin-core');
    assert.equal(outcome.ready, false);
    if (outcome.ready) return;
    assert.equal(outcome.note.class, 'policy');
    assert.match(
      outcome.reason,
      /^not covered on node-228: protected bitcoin-knots would have to be uninstalled for bitcoin-core/,
    );
    assert.deepEqual(rpc.methods, []);
    assert.equal(rpc.entries['bitcoin-knots']?.state, 'running');
  });

  test('destructive: an unprotected conflicting app is uninstalled first', async () => {
    const rpc = fakeRpc({ 'bitcoin-knots': 'running' });
    assert.equal((await ensureAppRunning(rpc, node({}), 'bitcoin-core')).ready, true);
    assert.deepEqual(rpc.methods, ['package.uninstall bitcoin-knots', 'package.install bitcoin-core']);
  });
});
