/**
 * ensureAppRunning changes nothing in a read-only run: on a real node, and on the sim with
 * ARCHY_READ_ONLY=1 (allowDestructive false). On the sim otherwise it installs what is missing.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ensureAppRunning, type EnsureNode, type RawRpc } from '../lib/ensure-app';

/** A node whose package-data holds only `installed`; records every method called. */
function fakeRpc(installed: Record<string, string>): RawRpc & { methods: string[] } {
  const methods: string[] = [];
  const entries: Record<string, { state: string }> = Object.fromEntries(Object.entries(installed).map(([id, state]) => [id, { state }]));
  return {
    methods,
    async call(method: string, params?: unknown) {
      methods.push(method);
      if (method === 'server.get-state') return { data: { 'package-data': entries } };
      const id = (params as { id: string }).id;
      if (method === 'package.install' || method === 'package.start') entries[id] = { state: 'running' };
      return { ok: true };
    },
  };
}

const node = (over: Partial<EnsureNode>): EnsureNode => ({ name: 'sim', isSim: true, timeScale: 0.001, ...over });

describe('ensureAppRunning', () => {
  test('read-only sim (ARCHY_READ_ONLY=1): nothing installed, the reason names app and node', async () => {
    const rpc = fakeRpc({ 'bitcoin-knots': 'running' });
    const outcome = await ensureAppRunning(rpc, node({ allowDestructive: false }), 'filebrowser');
    assert.equal(outcome.ready, false);
    assert.match(outcome.ready ? '' : outcome.reason, /filebrowser is not installed on sim; a read-only run does not change that/);
    assert.deepEqual(rpc.methods.filter((m) => m !== 'server.get-state'), []);
  });

  test('real node: nothing changed even when the app is stopped', async () => {
    const rpc = fakeRpc({ filebrowser: 'stopped' });
    const outcome = await ensureAppRunning(rpc, node({ name: 'node-228', isSim: false, allowDestructive: true }), 'filebrowser');
    assert.equal(outcome.ready, false);
    assert.deepEqual(rpc.methods.filter((m) => m !== 'server.get-state'), []);
  });

  test('the sim, destructive allowed: a missing app is installed', async () => {
    const rpc = fakeRpc({});
    const outcome = await ensureAppRunning(rpc, node({ allowDestructive: true }), 'filebrowser');
    assert.equal(outcome.ready, true);
    assert.ok(rpc.methods.includes('package.install'), rpc.methods.join(', '));
  });
});
