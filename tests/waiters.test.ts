import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { request, type APIRequestContext } from '@playwright/test';
import { RpcClient } from '../lib/rpc';
import { matchesTarget, MIN_SCALED_TIMEOUT_MS, terminalState, waitForAppState, waitTimeoutMs } from '../lib/waiters';
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

  test('the entry gone while waiting for running ends the wait at once, naming it', async () => {
    node.setResult('server.get-state', stateWith({ lnd: { state: 'installing' } }));
    setTimeout(() => node.setResult('server.get-state', stateWith({})), 300);
    const started = Date.now();
    await assert.rejects(
      waitForAppState(rpc, 'lnd', 'running', { timeoutMs: 20_000, intervals: [100], cell: 'reinstall' }),
      (error: Error) => {
        assert.match(error.message, /^lnd on fake will not reach running \(cell reinstall\): the entry is gone/);
        return true;
      },
    );
    assert.ok(Date.now() - started < 5_000, `ended after ${Date.now() - started} ms, not the 20 s budget`);
  });

  test('stopped with install-progress.message ends a wait for running at once (§3.3)', async () => {
    node.setResult('server.get-state', stateWith({ lnd: { state: 'installing' } }));
    setTimeout(
      () =>
        node.setResult(
          'server.get-state',
          stateWith({ lnd: { state: 'stopped', 'install-progress': { message: 'Invalid container: name in use' } } }),
        ),
      300,
    );
    const started = Date.now();
    await assert.rejects(
      waitForAppState(rpc, 'lnd', 'running-healthy', { timeoutMs: 20_000, intervals: [100] }),
      /will not reach running \(health healthy or absent\): stopped with install-progress.message "Invalid container: name in use"/,
    );
    assert.ok(Date.now() - started < 5_000);
  });

  test('unhealthy ends a wait for health only once the health window is over', async () => {
    node.setResult('server.get-state', stateWith({ lnd: { state: 'running', health: 'unhealthy' } }));
    const started = Date.now();
    await assert.rejects(
      // health window 20 s real at time-scale 0.05 = 1 s
      waitForAppState(rpc, 'lnd', 'running-healthy', { timeoutMs: 20_000, intervals: [100], healthWindowMs: 20_000 }),
      /will not reach running \(health healthy or absent\): running but unhealthy \d+ ms after it ran \(health window 1000 ms\)/,
    );
    const took = Date.now() - started;
    assert.ok(took >= 1_000 && took < 6_000, `ended after ${took} ms`);
  });

  test('what is not terminal: absent before the entry appeared, a stop found at the first read, other targets', () => {
    const w = 1_000;
    assert.equal(terminalState(undefined, 'running', { present: false }, 0, w), undefined);
    const failed = { state: 'stopped' as const, 'install-progress': { message: 'boom' } };
    assert.equal(terminalState(failed, 'running', { present: true }, 0, w), undefined);
    assert.match(terminalState(failed, 'running', { present: true, moved: true }, 0, w) ?? '', /boom/);
    assert.equal(terminalState(undefined, 'absent', { present: true }, 0, w), undefined);
    assert.equal(terminalState(failed, 'stopped', { present: true, moved: true }, 0, w), undefined);
    const sick = { state: 'running' as const, health: 'unhealthy' as const };
    assert.equal(terminalState(sick, 'running-healthy', { present: true, runningAtMs: 0 }, 500, w), undefined);
    assert.match(
      terminalState(sick, 'running-healthy', { present: true, runningAtMs: 0 }, 1_000, w) ?? '',
      /unhealthy/,
    );
    assert.equal(terminalState(sick, 'running', { present: true, runningAtMs: 0 }, 5_000, w), undefined);
  });
});
