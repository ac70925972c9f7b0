import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { request, type APIRequestContext } from '@playwright/test';
import { RpcClient } from '../lib/rpc';
import { matchesTarget, MIN_SCALED_TIMEOUT_MS, waitForAppState, waitTimeoutMs } from '../lib/waiters';
import { startFakeNode, type FakeNode } from './support/fake-node';

function stateWith(entries: Record<string, unknown>) {
  return { rev: 1, data: { 'server-info': {}, 'package-data': entries } };
}

describe('waiters', () => {
  let node: FakeNode;
  let context: APIRequestContext;
  let rpc: RpcClient;

  before(async () => {
    node = await startFakeNode();
    context = await request.newContext();
    rpc = new RpcClient({
      node: {
        name: 'fake',
        baseUrl: node.baseUrl,
        isSim: true,
        allowDestructive: true,
        allowChaos: true,
        timeScale: 0.05,
        ports: {},
        protectedApps: [],
        hostname: 'fake',
      },
      request: context,
      password: () => node.password,
    });
  });
  after(async () => {
    await context.dispose();
    await node.close();
  });

  test('catalogue budgets scale with the time-scale, with a floor', () => {
    assert.equal(waitTimeoutMs('lnd', 1, { budget: 'install' }), 5 * 60_000);
    assert.equal(waitTimeoutMs('lnd', 0.05, { budget: 'install' }), 15_000);
    assert.equal(waitTimeoutMs('filebrowser', 0.01, { budget: 'action' }), MIN_SCALED_TIMEOUT_MS);
    assert.equal(waitTimeoutMs('lnd', 0.05, { timeoutMs: 1234 }), 1234);
  });

  test('targets: a state, absent, running-healthy, a predicate', () => {
    assert.equal(matchesTarget(undefined, 'absent'), true);
    assert.equal(matchesTarget({ state: 'running' }, 'running-healthy'), true);
    assert.equal(matchesTarget({ state: 'running', health: 'unhealthy' }, 'running-healthy'), false);
    assert.equal(
      matchesTarget({ state: 'stopped' }, (e) => e?.state === 'stopped'),
      true,
    );
  });

  test('waits until the state is reached and returns the entry', async () => {
    node.setResult('server.get-state', stateWith({ lnd: { state: 'installing' } }));
    setTimeout(
      () => node.setResult('server.get-state', stateWith({ lnd: { state: 'running', health: 'healthy' } })),
      400,
    );
    const entry = await waitForAppState(rpc, 'lnd', 'running-healthy', { timeoutMs: 5000, intervals: [100] });
    assert.equal(entry?.health, 'healthy');
  });

  test('a timeout names app, node, target, cell and what was seen last', async () => {
    node.setResult(
      'server.get-state',
      stateWith({ lnd: { state: 'stopping', 'install-progress': { message: 'podman stop' } } }),
    );
    await assert.rejects(
      waitForAppState(rpc, 'lnd', 'stopped', { timeoutMs: 600, intervals: [100], cell: 'stop' }),
      (error: Error) => {
        assert.match(
          error.message,
          /^lnd on fake did not reach stopped within 600 ms \(cell stop\); last seen: stopping \(podman stop\)/,
        );
        return true;
      },
    );
  });
});
