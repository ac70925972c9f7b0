/**
 * Each daemon-owned fault of sim/FAULTS.md does what it says, switched on at start or live; the
 * generic primitives compose new faults.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { FAULTS } from '../faults';
import { NodeSim } from '../node-sim';
import { createSurfaces } from '../surfaces';
import { RpcClient, sleep, startSim, tempDir, waitFor, waitState, type TestSim } from './helpers';
import { runInNewContext } from 'node:vm';

type Container = { name: string; state: string };
const SCALE = 0.02;

async function withSim(faults: string[], body: (t: TestSim) => Promise<void>): Promise<void> {
  const t = await startSim({ timeScale: SCALE, faults });
  try {
    await t.rpc.login();
    await body(t);
  } finally {
    await t.stop();
  }
}

async function installRunning(t: TestSim, id: string): Promise<void> {
  await t.rpc.result('package.install', { id });
  await waitState(t.rpc, id, 'running');
}

async function containers(t: TestSim): Promise<Container[]> {
  return t.rpc.result<Container[]>('container-list');
}

function portRefuses(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve(false);
    });
    s.once('error', () => resolve(true));
  });
}

async function daemonUp(t: TestSim): Promise<void> {
  await waitFor(
    'daemon up',
    async () => (await t.admin.req<{ daemon: string }>('GET', '/admin/status')).body.daemon === 'up',
  );
}

/** bitcoin-knots is installing when the daemon is killed, and is still installing well after it is back. */
async function killDuringInstall(t: TestSim): Promise<void> {
  await t.rpc.result('package.install', { id: 'bitcoin-knots' });
  await sleep(60); // past the 15 ms write-behind: an unflushed install is lost by kill -9
  await t.admin.post('/admin/kill9');
  await daemonUp(t);
  await sleep(20_000 * SCALE * 2);
  assert.equal(await t.rpc.stateOf('bitcoin-knots'), 'installing');
}

describe('faults', { concurrency: 4 }, () => {
  it('the catalogue lists every fault; unknown names are refused', async () => {
    await withSim([], async (t) => {
      const r = await t.admin.req<{ faults: string[]; catalogue: { name: string }[] }>('GET', '/admin/faults');
      assert.deepEqual(r.body.faults, []);
      assert.equal(r.body.catalogue.length, FAULTS.length);
      const bad = await t.admin.req('POST', '/admin/faults', { on: ['no-such-fault'] });
      assert.equal(bad.status, 400);
      await t.admin.faults(['proxy-502:lnd']);
      assert.deepEqual((await t.admin.req('GET', '/admin/status')).body.faults, ['proxy-502:lnd']);
      const md = readFileSync(path.join(__dirname, '..', 'FAULTS.md'), 'utf8');
      for (const f of FAULTS)
        assert.ok(
          md.includes(`\`${f.name.endsWith(':') ? `${f.name}<app>` : f.name}\``),
          `FAULTS.md documents ${f.name}`,
        );
    });
  });

  it('bitcoin-stops: bitcoin-knots stops by itself some seconds after reaching running', async () => {
    await withSim(['bitcoin-stops'], async (t) => {
      await installRunning(t, 'bitcoin-knots');
      await waitState(t.rpc, 'bitcoin-knots', 'stopped', 5000);
      assert.equal((await containers(t)).find((c) => c.name === 'bitcoin-knots')?.state, 'exited');
    });
  });

  for (const event of ['daemon-restart', 'reboot'] as const) {
    it(`bitcoin-stops: bitcoin-knots also stops by itself after a ${event}`, async () => {
      await withSim([], async (t) => {
        await installRunning(t, 'bitcoin-knots');
        await t.admin.faults(['bitcoin-stops']);
        await t.admin.post(`/admin/${event}`);
        await sleep(50);
        await daemonUp(t);
        await t.rpc.login().catch(() => undefined);
        await waitState(t.rpc, 'bitcoin-knots', 'running', 5000);
        await waitState(t.rpc, 'bitcoin-knots', 'stopped', 5000);
      });
    });
  }

  it('backends-die-on-daemon-restart: backends come back stopped, companions survive', async () => {
    await withSim(['backends-die-on-daemon-restart'], async (t) => {
      await installRunning(t, 'bitcoin-knots');
      await waitState(t.rpc, 'archy-bitcoin-ui', 'running');
      await t.admin.post('/admin/daemon-restart');
      await daemonUp(t);
      const e = await t.rpc.entries();
      assert.equal(e['bitcoin-knots']?.state, 'stopped');
      assert.equal(e.filebrowser?.state, 'stopped');
      assert.equal(e['archy-bitcoin-ui']?.state, 'running');
    });
  });

  it('install-hangs: the entry stays installing with progress stuck', async () => {
    await withSim(['install-hangs'], async (t) => {
      await t.rpc.result('package.install', { id: 'filebrowser' }).catch(() => undefined);
      await t.rpc.result('package.uninstall', { id: 'filebrowser' });
      await waitState(t.rpc, 'filebrowser', undefined);
      await t.rpc.result('package.install', { id: 'filebrowser' });
      await sleep(10_000 * SCALE * 3);
      const e = (await t.rpc.entries()).filebrowser as unknown as {
        state: string;
        'install-progress': { size: number; downloaded: number };
      };
      assert.equal(e.state, 'installing');
      assert.ok(e['install-progress'].downloaded < e['install-progress'].size);
    });
  });

  it('install-vanishes: the entry disappears mid-install, no container left', async () => {
    await withSim(['install-vanishes'], async (t) => {
      await t.rpc.result('package.install', { id: 'bitcoin-knots' });
      assert.equal(await t.rpc.stateOf('bitcoin-knots'), 'installing');
      await waitState(t.rpc, 'bitcoin-knots', undefined);
      assert.ok(!(await containers(t)).some((c) => c.name === 'bitcoin-knots'));
    });
  });

  it('state-lies: RPC says running, the container is gone and its port closed', async () => {
    await withSim(['state-lies'], async (t) => {
      await installRunning(t, 'bitcoin-knots');
      await waitFor('healthy', async () => (await t.rpc.entries())['bitcoin-knots']?.health === 'healthy');
      assert.ok(!(await containers(t)).some((c) => c.name === 'bitcoin-knots'));
      assert.equal(await portRefuses(t.ready.ports['bitcoin-rpc'] as number), true);
    });
  });

  it('uninstall-leaves-container: the entry goes, the containers stay', async () => {
    await withSim(['uninstall-leaves-container'], async (t) => {
      await t.rpc.result('package.uninstall', { id: 'filebrowser' });
      await waitState(t.rpc, 'filebrowser', undefined);
      assert.equal((await containers(t)).find((c) => c.name === 'filebrowser')?.state, 'running');
    });
  });

  it('uninstall-stuck:<app>: the entry of that app stays removing, its containers stay', async () => {
    await withSim(['uninstall-stuck:filebrowser'], async (t) => {
      await t.rpc.result('package.uninstall', { id: 'filebrowser' });
      await sleep(1000); // 50 s at this scale; an uninstall takes a few
      const state = await t.rpc.result<{ data: { 'package-data': Record<string, { state: string }> } }>(
        'server.get-state',
      );
      assert.equal(state.data['package-data'].filebrowser?.state, 'removing');
      assert.ok((await containers(t)).some((c) => c.name === 'filebrowser'));
    });
  });

  it('slow-get-state: server.get-state answers 3 s late, other methods at once', async () => {
    await withSim(['slow-get-state'], async (t) => {
      let started = Date.now();
      await t.rpc.result('server.get-state');
      assert.ok(Date.now() - started >= 3_000, `get-state took ${Date.now() - started} ms`);
      started = Date.now();
      await t.rpc.result('system.get-hostname');
      assert.ok(Date.now() - started < 2_000);
    });
  });

  it('reinstall-fails: installing an app again leaves it stopped with the reason', async () => {
    await withSim(['reinstall-fails'], async (t) => {
      await t.rpc.result('package.uninstall', { id: 'filebrowser' });
      await waitState(t.rpc, 'filebrowser', undefined);
      await t.rpc.result('package.install', { id: 'filebrowser' });
      await waitState(t.rpc, 'filebrowser', 'stopped');
      assert.match((await t.rpc.entries()).filebrowser?.['install-progress']?.message ?? '', /already in use/);
      await installRunning(t, 'bitcoin-knots');
    });
  });

  it('reboot-loses-app:<app>: after a reboot the app is gone, the others are back', async () => {
    await withSim(['reboot-loses-app:filebrowser'], async (t) => {
      await t.admin.post('/admin/reboot');
      await daemonUp(t);
      const e = await t.rpc.entries();
      assert.equal(e.filebrowser, undefined);
      assert.equal(e['fedimint-clientd']?.state, 'running');
      assert.ok(!(await containers(t)).some((c) => c.name === 'filebrowser'));
    });
  });

  it('wedged-after-kill9: transitional entries never finish, package calls fail', async () => {
    await withSim(['wedged-after-kill9'], async (t) => {
      await killDuringInstall(t);
      await assert.rejects(
        t.rpc.result('package.uninstall', { id: 'bitcoin-knots' }),
        /Invalid state: package lock held/,
      );
      await assert.rejects(t.rpc.result('package.stop', { id: 'filebrowser' }), /Invalid state: package lock held/);
    });
  });

  it('daemon-restart-starts-stopped: a daemon restart or kill -9 starts the stopped apps; without it they stay stopped', async () => {
    await withSim([], async (t) => {
      await t.rpc.result('package.stop', { id: 'filebrowser' });
      await waitState(t.rpc, 'filebrowser', 'stopped');
      await t.admin.post('/admin/daemon-restart');
      await daemonUp(t);
      await sleep(200);
      assert.equal(await t.rpc.stateOf('filebrowser'), 'stopped', 'without the fault a stopped app stays stopped');
      await t.admin.faults(['daemon-restart-starts-stopped']);
      for (const event of ['/admin/daemon-restart', '/admin/kill9']) {
        await t.admin.post(event);
        await daemonUp(t);
        await waitState(t.rpc, 'filebrowser', 'running');
        assert.ok((await containers(t)).some((c) => c.name === 'filebrowser' && c.state === 'running'));
        await t.rpc.result('package.stop', { id: 'filebrowser' });
        await waitState(t.rpc, 'filebrowser', 'stopped');
      }
    });
  });

  it('reboot-starts-stopped: after a reboot the stopped apps run; a daemon restart leaves them stopped', async () => {
    await withSim(['reboot-starts-stopped'], async (t) => {
      await t.rpc.result('package.stop', { id: 'filebrowser' });
      await waitState(t.rpc, 'filebrowser', 'stopped');
      await t.admin.post('/admin/daemon-restart');
      await daemonUp(t);
      await sleep(200);
      assert.equal(await t.rpc.stateOf('filebrowser'), 'stopped');
      await t.admin.post('/admin/reboot');
      await daemonUp(t);
      await waitState(t.rpc, 'filebrowser', 'running');
    });
  });

  it('reboot-starts-stopped where the host reboots for real (--boot-marker): a start whose marker is gone is a reboot', async () => {
    const marker = path.join(tempDir(), 'run', 'booted');
    const t = await startSim({ timeScale: SCALE, faults: ['reboot-starts-stopped'], bootMarker: marker });
    await t.rpc.login();
    await t.rpc.result('package.stop', { id: 'filebrowser' });
    await waitState(t.rpc, 'filebrowser', 'stopped');
    await t.stop();
    const startAgain = async (): Promise<NodeSim> => {
      const sim = new NodeSim({ ...t.sim.opts, port: 0, adminPort: 0 }, createSurfaces);
      const ready = await sim.start();
      const c = new RpcClient(ready.baseUrl);
      Object.assign(c.jar, t.rpc.jar);
      t.rpc = c;
      return sim;
    };
    const processStart = await startAgain(); // the marker is still there: the sim process started again, the host did not boot
    try {
      await sleep(200);
      assert.equal(await t.rpc.stateOf('filebrowser'), 'stopped');
    } finally {
      await processStart.stop();
    }
    rmSync(marker); // what a reboot does to /run
    const afterReboot = await startAgain();
    try {
      await waitState(t.rpc, 'filebrowser', 'running');
    } finally {
      await afterReboot.stop();
    }
  });

  it('install-stuck-after-kill9: the interrupted install stays installing; other apps still answer', async () => {
    await withSim(['install-stuck-after-kill9'], async (t) => {
      await killDuringInstall(t);
      await t.rpc.result('package.stop', { id: 'filebrowser' });
      await waitState(t.rpc, 'filebrowser', 'stopped');
    });
  });

  it('unhealthy-after-start:<app>: health turns unhealthy after a start of that app only; a restart is healthy', async () => {
    await withSim(['unhealthy-after-start:filebrowser'], async (t) => {
      const health = async (id: string): Promise<unknown> => (await t.rpc.entries())[id]?.health;
      for (const id of ['filebrowser', 'fedimint-clientd']) {
        await t.rpc.result('package.stop', { id });
        await waitState(t.rpc, id, 'stopped');
        await t.rpc.result('package.start', { id });
        await waitState(t.rpc, id, 'running');
      }
      await waitFor('filebrowser unhealthy', async () => (await health('filebrowser')) === 'unhealthy');
      await waitFor('fedimint-clientd healthy', async () => (await health('fedimint-clientd')) === 'healthy');
      await t.rpc.result('package.restart', { id: 'filebrowser' });
      await waitState(t.rpc, 'filebrowser', 'running');
      await waitFor('filebrowser healthy after a restart', async () => (await health('filebrowser')) === 'healthy');
    });
  });

  it('schema-drift: health is a number on every entry, in get-state and /ws/db', async () => {
    await withSim([], async (t) => {
      await t.admin.faults(['schema-drift']);
      const e = await t.rpc.entries();
      assert.equal(e.filebrowser?.health, 1);
      await t.admin.faults([], ['schema-drift']);
      assert.equal((await t.rpc.entries()).filebrowser?.health, 'healthy');
    });
  });

  it('slow-install: an install takes 10x as long', async () => {
    await withSim(['slow-install'], async (t) => {
      await t.rpc.result('package.install', { id: 'bitcoin-knots' });
      await sleep(20_000 * SCALE * 2);
      assert.equal(await t.rpc.stateOf('bitcoin-knots'), 'installing');
    });
  });

  it('slow-reconcile: a reconcile tick takes >= 600 ms of wall time', async () => {
    await withSim(['slow-reconcile'], async (t) => {
      const metric = async (): Promise<number> => {
        const text = await (
          await fetch(`${t.ready.adminUrl}/metrics`, { headers: { Authorization: `Bearer ${t.ready.adminToken}` } })
        ).text();
        return Number(/archy_reconcile_tick_seconds_last ([\d.]+)/.exec(text)?.[1] ?? 0);
      };
      const seconds = await waitFor(
        'a slow tick',
        async () => ((await metric()) >= 0.6 ? await metric() : 0),
        5000,
        100,
      );
      assert.ok(seconds >= 0.6);
    });
  });

  it('csrf-not-enforced and auth-bypass', async () => {
    await withSim(['csrf-not-enforced', 'auth-bypass'], async (t) => {
      const a = await t.rpc.call('package.stop', { id: 'filebrowser' }, { csrf: false });
      assert.equal(a.status, 200);
      assert.equal(a.body?.error, null);
      const anon = new RpcClient(t.ready.baseUrl);
      assert.equal((await anon.call('server.get-state')).status, 200);
    });
  });

  it('login-ui-broken: the dashboard page breaks auth.login in the browser; RPC login still works', async () => {
    await withSim([], async (t) => {
      assert.doesNotMatch(await (await fetch(`${t.ready.baseUrl}/`)).text(), /auth\.login/);
      await t.admin.faults(['login-ui-broken']);
      const html = await (await fetch(`${t.ready.baseUrl}/dashboard`)).text();
      // What the page's script does, run against a stand-in fetch: auth.login fails as a network error would, other calls go out.
      const script = /<script>([\s\S]*?)<\/script>/.exec(html)?.[1];
      assert.ok(script, 'the dashboard page carries the fault script');
      const sent: string[] = [];
      const window = {
        fetch: (_input: unknown, init?: { body?: string }): Promise<string> => {
          sent.push(init?.body ?? '');
          return Promise.resolve('sent');
        },
      };
      runInNewContext(script, { window, TypeError, Promise });
      const body = (method: string): { body: string } => ({ body: JSON.stringify({ method, params: {} }) });
      await assert.rejects(window.fetch('/rpc/v1', body('auth.login')), /Failed to fetch/);
      assert.equal(await window.fetch('/rpc/v1', body('server.get-state')), 'sent');
      assert.equal(sent.length, 1, 'only the other call went out');
      await new RpcClient(t.ready.baseUrl).login();
    });
  });

  it('no-restart-after-oom: the container stays down and the entry goes stopped', async () => {
    await withSim(['no-restart-after-oom'], async (t) => {
      await t.admin.post('/admin/oom', { app: 'filebrowser' });
      await waitState(t.rpc, 'filebrowser', 'stopped', 5000);
      assert.equal((await containers(t)).find((c) => c.name === 'filebrowser')?.state, 'exited');
    });
  });

  it('primitives: latency, HTTP status, RPC error, body and JSON-patch rewrite, per method or path', async () => {
    await withSim([], async (t) => {
      const bad = await t.admin.req('POST', '/admin/primitives', { rules: [{ match: {} }] });
      assert.equal(bad.status, 400);
      await t.admin.post('/admin/primitives', {
        rules: [
          { match: { method: 'system.get-hostname' }, latencyMs: 200 },
          { match: { method: 'container-list' }, status: 503 },
          { match: { method: 'auth.isSetup' }, rpcError: { message: 'Invalid state: injected' } },
          { match: { method: 'health' }, body: { result: 'rewritten' } },
          {
            match: { method: 'server.get-state' },
            jsonPatch: [{ op: 'replace', path: '/result/data/package-data/filebrowser/state', value: 'stopped' }],
          },
          { match: { path: '/dashboard/' }, status: 500 },
        ],
      });
      const t0 = Date.now();
      assert.equal(await t.rpc.result('system.get-hostname'), 'archy-sim');
      assert.ok(Date.now() - t0 >= 190, 'latency added');
      assert.equal((await t.rpc.call('container-list')).status, 503);
      assert.equal((await t.rpc.call('auth.isSetup')).body?.error?.message, 'Invalid state: injected');
      assert.deepEqual((await t.rpc.call('health')).body, { result: 'rewritten' });
      assert.equal(await t.rpc.stateOf('filebrowser'), 'stopped');
      assert.equal((await fetch(`${t.ready.baseUrl}/dashboard/apps`)).status, 500);
      await t.admin.req('DELETE', '/admin/primitives');
      assert.equal(await t.rpc.stateOf('filebrowser'), 'running');
      assert.equal((await t.rpc.call('container-list')).status, 200);
    });
  });
});
