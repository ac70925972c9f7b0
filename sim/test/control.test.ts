/**
 * Each control action and persistence: daemon restart, kill -9 mid-install, reboot, OOM, corrupt
 * config, deleted/corrupt state DB, partition, reset, a new process on the same data dir, the call
 * log, the node log and /metrics.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { NodeSim } from '../node-sim';
import { createSurfaces } from '../surfaces';
import { RpcClient, sleep, startSim, waitFor, waitState, type TestSim } from './helpers';

type Container = { name: string; state: string; StartedAt: number };

async function daemonUp(t: TestSim): Promise<void> {
  await waitFor(
    'daemon up',
    async () => (await t.admin.req<{ daemon: string }>('GET', '/admin/status')).body.daemon === 'up',
  );
}

describe('control channel and persistence', () => {
  let t: TestSim;
  before(async () => {
    t = await startSim({ timeScale: 0.05 });
    await t.rpc.login();
    await t.rpc.result('package.install', { id: 'bitcoin-knots' });
    await waitState(t.rpc, 'bitcoin-knots', 'running');
  });
  after(() => t.stop());

  it('refuses a missing or wrong bearer token', async () => {
    const r = await fetch(`${t.ready.adminUrl}/admin/status`);
    assert.equal(r.status, 401);
    const w = await fetch(`${t.ready.adminUrl}/admin/status`, { headers: { Authorization: 'Bearer nope' } });
    assert.equal(w.status, 401);
  });

  it('status reports daemon, pid, uptime, faults, time-scale, partition', async () => {
    const s = (await t.admin.req('GET', '/admin/status')).body;
    assert.equal(s.daemon, 'up');
    assert.equal(s.pid, process.pid);
    assert.equal(typeof s.uptimeMs, 'number');
    assert.deepEqual(s.faults, []);
    assert.equal(s.timeScale, 0.05);
    assert.equal(s.partitionedUntil, null);
  });

  it('ports answers the direct ports of SIM_READY (the node container reads them there)', async () => {
    const { ports } = (await t.admin.req<{ ports: Record<string, number> }>('GET', '/admin/ports')).body;
    assert.deepEqual(ports, t.ready.ports);
    assert.ok(Object.keys(ports).length > 0, 'some direct port');
  });

  it('daemon restart: RPC answers nginx 502 while down; state, sessions and running containers survive', async () => {
    const before = (await t.rpc.result<Container[]>('container-list')).find((c) => c.name === 'bitcoin-knots');
    await t.admin.post('/admin/daemon-restart');
    const down = await t.rpc.call('health');
    assert.equal(down.status, 502);
    assert.match(down.text, /<title>502 Bad Gateway<\/title>/);
    await daemonUp(t);
    assert.equal(await t.rpc.stateOf('bitcoin-knots'), 'running', 'same session cookie still works');
    const after = (await t.rpc.result<Container[]>('container-list')).find((c) => c.name === 'bitcoin-knots');
    assert.equal(after?.state, 'running');
    assert.equal(after?.StartedAt, before?.StartedAt, 'the container was not restarted');
  });

  it('kill -9 mid-install: the daemon comes back and finishes the install', async () => {
    await t.rpc.result('package.install', { id: 'electrumx' });
    await sleep(20);
    await t.admin.post('/admin/kill9');
    assert.equal((await t.admin.req('GET', '/admin/status')).body.daemon, 'down');
    await daemonUp(t);
    await waitState(t.rpc, 'electrumx', 'running');
    await waitState(t.rpc, 'archy-electrs-ui', 'running');
    const log = (await t.admin.req<{ lines: { line: string }[] }>('GET', '/admin/log?since=0')).body.lines.map(
      (l) => l.line,
    );
    assert.ok(log.some((l) => /electrumx was installing when the daemon went down/.test(l)));
  });

  it('OOM kill: container exits, health unhealthy, Restart=always brings it back healthy', async () => {
    const healths: unknown[] = [];
    const ws = new WebSocket(t.ready.wsUrl, { headers: { Cookie: t.rpc.cookieHeader() } });
    ws.on('message', (m) => {
      for (const op of (JSON.parse(String(m)) as { patch?: { path: string; value?: unknown }[] }).patch ?? [])
        if (op.path === '/package-data/electrumx/health') healths.push(op.value);
    });
    await new Promise((r) => ws.once('message', r));
    const startedBefore = (await t.rpc.result<Container[]>('container-list')).find(
      (x) => x.name === 'electrumx',
    )?.StartedAt;
    await t.admin.post('/admin/oom', { app: 'electrumx' });
    await waitFor('unhealthy seen', async () => healths.includes('unhealthy'));
    await waitFor(
      'back',
      async () =>
        (await t.rpc.result<Container[]>('container-list')).find((x) => x.name === 'electrumx')?.state === 'running',
    );
    ws.terminate();
    assert.ok(startedBefore !== undefined);
    await waitFor('healthy', async () => (await t.rpc.entries()).electrumx?.health === 'healthy');
    assert.equal(await t.rpc.stateOf('electrumx'), 'running');
    const bad = await t.admin.req('POST', '/admin/oom', { app: 'lnd' });
    assert.equal(bad.status, 409);
  });

  it('reboot: everything stops, the port refuses, enabled containers and the daemon come back; stopped apps stay stopped', async () => {
    await t.rpc.result('package.stop', { id: 'filebrowser' });
    await waitState(t.rpc, 'filebrowser', 'stopped');
    await t.admin.post('/admin/reboot');
    await assert.rejects(fetch(`${t.ready.baseUrl}/rpc/v1`, { method: 'POST', body: '{"method":"health"}' }));
    await daemonUp(t);
    await waitFor('rpc', async () => (await t.rpc.call('health')).status === 200);
    const e = await t.rpc.entries();
    assert.equal(e['bitcoin-knots']?.state, 'running');
    assert.equal(e.electrumx?.state, 'running');
    assert.equal(e.filebrowser?.state, 'stopped');
    const list = await t.rpc.result<Container[]>('container-list');
    assert.equal(list.find((c) => c.name === 'filebrowser')?.state, 'exited');
    assert.equal(list.find((c) => c.name === 'bitcoin-knots')?.state, 'running');
  });

  it('corrupt config: a clear log line, defaults, and a working node after restart', async () => {
    await t.admin.post('/admin/corrupt-config');
    await t.admin.post('/admin/daemon-restart');
    await daemonUp(t);
    const log = (await t.admin.req<{ lines: { line: string }[] }>('GET', '/admin/log?since=0')).body.lines.map(
      (l) => l.line,
    );
    assert.ok(
      log.some((l) => /config\.json is corrupt .*using defaults/.test(l)),
      'log names the corrupt file',
    );
    assert.equal(await t.rpc.stateOf('bitcoin-knots'), 'running');
  });

  it('deleted state DB: package-data rebuilt from the containers', async () => {
    await t.admin.post('/admin/delete-state-db');
    await t.admin.post('/admin/daemon-restart');
    await daemonUp(t);
    const e = await t.rpc.entries();
    assert.equal(e['bitcoin-knots']?.state, 'running');
    assert.equal(e.electrumx?.state, 'running');
    assert.equal(e.filebrowser?.state, 'stopped');
    const log = (await t.admin.req<{ lines: { line: string }[] }>('GET', '/admin/log?since=0')).body.lines.map(
      (l) => l.line,
    );
    assert.ok(log.some((l) => /packages\.json is missing; rebuilding/.test(l)));
  });

  it('corrupt state DB: moved aside, rebuilt from the containers', async () => {
    await t.admin.post('/admin/corrupt-state-db');
    await t.admin.post('/admin/kill9');
    await daemonUp(t);
    assert.equal(await t.rpc.stateOf('bitcoin-knots'), 'running');
    const log = (await t.admin.req<{ lines: { line: string }[] }>('GET', '/admin/log?since=0')).body.lines.map(
      (l) => l.line,
    );
    assert.ok(log.some((l) => /packages\.json is corrupt .*moved to/.test(l)));
  });

  it('partition: requests are accepted but never answered, then it heals by itself', async () => {
    await t.admin.post('/admin/partition', { seconds: 0.4 });
    assert.notEqual((await t.admin.req('GET', '/admin/status')).body.partitionedUntil, null);
    await assert.rejects(
      fetch(`${t.ready.baseUrl}/rpc/v1`, {
        method: 'POST',
        body: '{"method":"health"}',
        signal: AbortSignal.timeout(150),
      }),
      /abort|timeout/i,
    );
    await waitFor('healed', async () => (await t.rpc.call('health', undefined, {})).status === 200, 3000, 50);
    const bad = await t.admin.req('POST', '/admin/partition', { seconds: 'x' });
    assert.equal(bad.status, 400);
  });

  it('the call log records every RPC call with method, mutating, status and session', async () => {
    const seq =
      (await t.admin.req<{ calls: { seq: number }[] }>('GET', '/admin/calls?since=0')).body.calls.at(-1)?.seq ?? 0;
    await t.rpc.call('server.get-state');
    await t.rpc.call('package.stop', { id: 'nope' });
    const calls = (
      await t.admin.req<{ calls: { method: string; mutating: boolean; status: number; sessionOk: boolean }[] }>(
        'GET',
        `/admin/calls?since=${seq}`,
      )
    ).body.calls;
    assert.deepEqual(
      calls.map((c) => [c.method, c.mutating, c.status, c.sessionOk]),
      [
        ['server.get-state', false, 200, true],
        ['package.stop', true, 200, true],
      ],
    );
  });

  it('/admin/cursor: the last call and log seq, so calls(since) and log(since) answer only what came after', async () => {
    const admin = async <T>(p: string) => (await t.admin.req<T>('GET', p)).body;
    const before = await admin<{ calls: number; log: number }>('/admin/cursor');
    const calls = (await admin<{ calls: { seq: number }[] }>('/admin/calls?since=0')).calls;
    const lines = (await admin<{ lines: { seq: number }[] }>('/admin/log?since=0')).lines;
    assert.equal(before.calls, calls.at(-1)?.seq ?? 0);
    assert.equal(before.log, lines.at(-1)?.seq ?? 0);
    await t.rpc.call('server.get-state');
    await t.rpc.call('package.stop', { id: 'nope' });
    const seen = (await admin<{ calls: { method: string }[] }>(`/admin/calls?since=${before.calls}`)).calls;
    assert.deepEqual(
      seen.map((c) => c.method),
      ['server.get-state', 'package.stop'],
    );
    const after = await admin<{ calls: number; log: number }>('/admin/cursor');
    assert.equal(after.calls, before.calls + 2);
    assert.ok(after.log >= before.log);
  });

  it('/metrics: 401 without session, Prometheus text with session or admin token', async () => {
    assert.equal((await fetch(`${t.ready.baseUrl}/metrics`)).status, 401);
    const withSession = await fetch(`${t.ready.baseUrl}/metrics`, { headers: { Cookie: t.rpc.cookieHeader() } });
    assert.equal(withSession.status, 200);
    const text = await (
      await fetch(`${t.ready.adminUrl}/metrics`, { headers: { Authorization: `Bearer ${t.ready.adminToken}` } })
    ).text();
    assert.match(text, /archy_podman_calls_last\{event="install",orchestrator="imperative"\} ([7-9]|10)\n/);
    assert.match(text, /archy_podman_calls_total\{event="stop",orchestrator="imperative"\} \d+/);
    assert.match(text, /archy_reconcile_tick_seconds_last \d/);
    assert.match(text, /archy_reconcile_ticks_total \d+/);
    assert.match(text, /archy_daemon_startup_seconds \d/);
    assert.match(text, /archy_daemon_starts_total\{reason="kill9"\} \d/);
  });

  it('reset: back to a fresh node with only the baseline; sessions cleared', async () => {
    await t.admin.post('/admin/reset');
    assert.equal((await t.rpc.call('server.get-state')).status, 401);
    const c = new RpcClient(t.ready.baseUrl);
    await c.login();
    assert.deepEqual(Object.keys(await c.entries()).sort(), ['fedimint-clientd', 'filebrowser']);
    assert.deepEqual((await c.result<Container[]>('container-list')).map((x) => x.name).sort(), [
      'fedimint-clientd',
      'filebrowser',
    ]);
    t.rpc = c;
  });
});

describe('a new process on the same data dir', () => {
  it('boots like a host after a reboot: enabled apps running, stopped apps stopped, sessions kept', async () => {
    const t = await startSim();
    await t.rpc.login();
    await t.rpc.result('package.install', { id: 'bitcoin-knots' });
    await waitState(t.rpc, 'bitcoin-knots', 'running');
    await waitState(t.rpc, 'archy-bitcoin-ui', 'running');
    await t.rpc.result('package.stop', { id: 'fedimint-clientd' });
    await waitState(t.rpc, 'fedimint-clientd', 'stopped');
    await t.stop();
    const again = new NodeSim({ ...t.sim.opts, port: 0, adminPort: 0 }, createSurfaces);
    const ready = await again.start();
    try {
      const c = new RpcClient(ready.baseUrl);
      Object.assign(c.jar, t.rpc.jar);
      const e = await c.entries();
      assert.equal(e['bitcoin-knots']?.state, 'running');
      assert.equal(e['archy-bitcoin-ui']?.state, 'running');
      assert.equal(e['fedimint-clientd']?.state, 'stopped');
      assert.equal(e.filebrowser?.state, 'running');
    } finally {
      await again.stop();
    }
  });

  it('quadlet orchestrator: 1-2 podman calls per install', async () => {
    const t = await startSim({ orchestrator: 'quadlet' });
    try {
      await t.rpc.login();
      await t.rpc.result('package.install', { id: 'bitcoin-knots' });
      await waitState(t.rpc, 'bitcoin-knots', 'running');
      const text = await (
        await fetch(`${t.ready.adminUrl}/metrics`, { headers: { Authorization: `Bearer ${t.ready.adminToken}` } })
      ).text();
      assert.match(text, /archy_podman_calls_last\{event="install",orchestrator="quadlet"\} [12]\n/);
    } finally {
      await t.stop();
    }
  });
});
