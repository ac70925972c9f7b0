/**
 * Every lifecycle transition of every app, dependencies, conflicts, companions, the baseline,
 * container-list and bitcoin.getinfo.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BITCOIN_NODES, SIM_APPS } from '../apps';
import { StateTrail, startSim, waitFor, waitState, type TestSim } from './helpers';

type Container = {
  name: string;
  app: string;
  state: string;
  Names: string[];
  Image: string;
  Status: string;
  Ports: unknown[];
  Created: number;
};

/** The sim's own app descriptions decide which apps each step covers (never the suite's catalogue). */
const isBitcoinNode = (id: string): boolean => (BITCOIN_NODES as readonly string[]).includes(id);
/** Apps (not companions) that need a running bitcoin node. */
const NEED_BITCOIN = SIM_APPS.filter((a) => a.kind !== 'companion' && a.needsBitcoin).map((a) => a.id);
/** Apps (not companions, not a bitcoin node) that can be uninstalled and installed again on their own. */
const UNINSTALLABLE = SIM_APPS.filter((a) => a.kind !== 'companion' && !isBitcoinNode(a.id)).map((a) => a.id);

describe('package lifecycle', () => {
  let t: TestSim;
  let trail: StateTrail;

  before(async () => {
    t = await startSim({ timeScale: 0.02 });
    await t.rpc.login();
    trail = new StateTrail(t.ready, t.rpc.cookieHeader());
    await trail.opened;
  });
  after(async () => {
    trail.close();
    await t.stop();
  });

  it('a fresh node has the baseline apps running and healthy', async () => {
    const e = await t.rpc.entries();
    const baseline = SIM_APPS.filter((a) => a.baseline).map((a) => a.id);
    assert.ok(baseline.length > 0, 'the sim describes a baseline');
    assert.deepEqual(Object.keys(e).sort(), [...baseline].sort());
    for (const id of baseline) {
      assert.equal(e[id]?.state, 'running');
      assert.equal(e[id]?.health, 'healthy');
    }
  });

  it('refuses apps that need a bitcoin node while none runs', async () => {
    for (const id of NEED_BITCOIN) {
      await assert.rejects(
        t.rpc.result('package.install', { id }),
        /^Error: Invalid dependency: .*requires a running bitcoin node/,
      );
    }
    await assert.rejects(t.rpc.result('bitcoin.getinfo'), /Invalid state: no bitcoin node/);
  });

  it('install returns at once and goes installing → running, health absent → healthy, with install-progress', async () => {
    const result = await t.rpc.result('package.install', { id: 'bitcoin-knots' });
    assert.deepEqual(result, { package_id: 'bitcoin-knots', status: 'installing' });
    const first = (await t.rpc.entries())['bitcoin-knots'];
    assert.equal(first?.state, 'installing');
    assert.equal(typeof first?.['install-progress']?.message, 'string');
    assert.ok(first?.manifest && (first.manifest as { title: string }).title === 'Bitcoin Knots');
    await waitState(t.rpc, 'bitcoin-knots', 'running');
    const running = (await t.rpc.entries())['bitcoin-knots'];
    assert.equal(running?.['install-progress'], undefined);
    await waitFor('healthy', async () => (await t.rpc.entries())['bitcoin-knots']?.health === 'healthy');
    assert.deepEqual(trail.health['bitcoin-knots'], ['healthy'], 'health was absent until healthy');
    const lan = (running?.installed as { 'interface-addresses': { main: { 'lan-address': string } } })[
      'interface-addresses'
    ].main['lan-address'];
    assert.equal(lan, `http://localhost:${t.ready.ports['archy-bitcoin-ui']}`);
    await waitState(t.rpc, 'archy-bitcoin-ui', 'running');
    assert.deepEqual(trail.trail['bitcoin-knots']?.slice(0, 2), ['installing', 'running']);
    assert.equal(trail.trail['archy-bitcoin-ui']?.[0], 'installing', 'the companion is installed with its backend');
  });

  it('bitcoin-core conflicts with bitcoin-knots; reinstalling an installed app is "Already exists"', async () => {
    await assert.rejects(
      t.rpc.result('package.install', { id: 'bitcoin-core' }),
      /^Error: Invalid package: bitcoin-core cannot be installed beside bitcoin-knots/,
    );
    await assert.rejects(t.rpc.result('package.install', { id: 'bitcoin-knots' }), /^Error: Already exists/);
  });

  it('bitcoin.getinfo answers while bitcoin runs, blocks <= headers', async () => {
    const info = await t.rpc.result<{ chain: string; blocks: number; headers: number; verificationprogress: number }>(
      'bitcoin.getinfo',
    );
    assert.equal(info.chain, 'main');
    assert.ok(info.blocks > 800_000 && info.blocks <= info.headers);
    assert.ok(info.verificationprogress > 0.99);
  });

  const deps = NEED_BITCOIN;
  it('installs every app that needs bitcoin, with companions', async () => {
    for (const id of deps) await t.rpc.result('package.install', { id });
    const companions = SIM_APPS.filter(
      (a) => a.companionOf !== undefined && (deps as readonly string[]).includes(a.companionOf),
    );
    for (const id of [...deps, ...companions.map((a) => a.id)]) await waitState(t.rpc, id, 'running');
    for (const id of deps) assert.deepEqual(trail.trail[id]?.slice(0, 2), ['installing', 'running'], id);
  });

  it('container-list has one podman-ps-like entry per container', async () => {
    const list = await t.rpc.result<Container[]>('container-list');
    const names = list.map((c) => c.name);
    for (const app of SIM_APPS.filter((a) => a.id !== 'bitcoin-core'))
      for (const n of app.containers) assert.ok(names.includes(n), `${n} listed`);
    const knots = list.find((c) => c.name === 'bitcoin-knots');
    assert.equal(knots?.state, 'running');
    assert.deepEqual(knots?.Names, ['bitcoin-knots']);
    assert.match(knots?.Status ?? '', /^Up /);
    assert.ok(typeof knots?.Image === 'string' && typeof knots.Created === 'number' && Array.isArray(knots.Ports));
  });

  const cycle = async (app: (typeof SIM_APPS)[number]): Promise<void> => {
    await t.rpc.result('package.stop', { id: app.id });
    await waitState(t.rpc, app.id, 'stopped');
    const stopped = (await t.rpc.result<Container[]>('container-list')).find((c) => c.name === app.containers[0]);
    assert.equal(stopped?.state, 'exited');
    await assert.rejects(t.rpc.result('package.stop', { id: app.id }), /Invalid state/);
    await t.rpc.result('package.start', { id: app.id });
    await waitState(t.rpc, app.id, 'running');
    await t.rpc.result('package.restart', { id: app.id });
    await waitState(t.rpc, app.id, 'running');
    const tr = trail.trail[app.id] ?? [];
    assert.deepEqual(tr.slice(-6), ['stopping', 'stopped', 'starting', 'running', 'restarting', 'running']);
  };
  const knots = SIM_APPS.find((a) => a.id === 'bitcoin-knots') as (typeof SIM_APPS)[number];
  it('bitcoin-knots: stop → stopping → stopped, start → starting → running, restart → restarting → running', () =>
    cycle(knots));
  describe('every other app, concurrently', { concurrency: true }, () => {
    for (const app of SIM_APPS.filter((a) => a.id !== 'bitcoin-core' && a.id !== 'bitcoin-knots')) {
      it(`${app.id}: stop → stopping → stopped, start → starting → running, restart → restarting → running`, () =>
        cycle(app));
    }
  });

  it('a companion can be stopped on its own; its backend keeps running', async () => {
    await t.rpc.result('package.stop', { id: 'archy-lnd-ui' });
    await waitState(t.rpc, 'archy-lnd-ui', 'stopped');
    assert.equal(await t.rpc.stateOf('lnd'), 'running');
    await t.rpc.result('package.start', { id: 'archy-lnd-ui' });
    await waitState(t.rpc, 'archy-lnd-ui', 'running');
  });

  describe('uninstall and reinstall, concurrently', { concurrency: true }, () => {
    for (const id of UNINSTALLABLE) {
      it(`${id}: uninstall → removing → absent (companions with it), containers gone, reinstall works`, async () => {
        await t.rpc.result('package.uninstall', { id });
        await waitState(t.rpc, id, undefined);
        const app = SIM_APPS.find((a) => a.id === id);
        for (const c of app?.companions ?? []) await waitState(t.rpc, c, undefined);
        const names = (await t.rpc.result<Container[]>('container-list')).map((c) => c.name);
        for (const n of app?.containers ?? []) assert.ok(!names.includes(n), `${n} removed`);
        await t.rpc.result('package.install', { id });
        await waitState(t.rpc, id, 'running');
        for (const c of app?.companions ?? []) await waitState(t.rpc, c, 'running');
        assert.deepEqual(trail.trail[id]?.slice(-4), ['removing', 'absent', 'installing', 'running']);
      });
    }
  });

  it('swaps bitcoin-knots for bitcoin-core; archy-bitcoin-ui follows the bitcoin node', async () => {
    await t.rpc.result('package.uninstall', { id: 'bitcoin-knots' });
    await waitState(t.rpc, 'bitcoin-knots', undefined);
    await waitState(t.rpc, 'archy-bitcoin-ui', undefined);
    await assert.rejects(t.rpc.result('package.start', { id: 'bitcoin-knots' }), /^Error: Not found/);
    await t.rpc.result('package.install', { id: 'bitcoin-core' });
    await waitState(t.rpc, 'bitcoin-core', 'running');
    await waitState(t.rpc, 'archy-bitcoin-ui', 'running');
    const info = await t.rpc.result<{ node: string }>('bitcoin.getinfo');
    assert.equal(info.node, 'bitcoin-core');
    await t.rpc.result('package.stop', { id: 'bitcoin-core' });
    await waitState(t.rpc, 'bitcoin-core', 'stopped');
    await assert.rejects(t.rpc.result('package.restart', { id: 'lnd' }), /requires a running bitcoin node/);
    await assert.rejects(t.rpc.result('bitcoin.getinfo'), /no bitcoin node is running/);
  });

  it('an app in a transitional state refuses other actions but can be uninstalled', async () => {
    await t.admin.faults(['install-hangs']);
    await t.rpc.result('package.install', { id: 'bitcoin-knots' }).catch(() => undefined);
    await t.rpc.result('package.uninstall', { id: 'bitcoin-core' });
    await waitState(t.rpc, 'bitcoin-core', undefined);
    await t.rpc.result('package.install', { id: 'bitcoin-knots' });
    await assert.rejects(
      t.rpc.result('package.stop', { id: 'bitcoin-knots' }),
      /^Error: Invalid state: bitcoin-knots is installing/,
    );
    await assert.rejects(
      t.rpc.result('package.restart', { id: 'bitcoin-knots' }),
      /^Error: Invalid state: bitcoin-knots is installing/,
    );
    await t.rpc.result('package.uninstall', { id: 'bitcoin-knots' });
    await waitState(t.rpc, 'bitcoin-knots', undefined);
    await t.admin.faults([], ['install-hangs']);
  });

  it('unknown ids and wrong param types give clear errors', async () => {
    await assert.rejects(
      t.rpc.result('package.install', { id: 'nope' }),
      /^Error: Not found: no package with id "nope"/,
    );
    await assert.rejects(t.rpc.result('package.install', {}), /^Error: Missing required parameter: id/);
    await assert.rejects(t.rpc.result('package.stop', { id: 42 }), /^Error: Invalid params: id must be a string/);
    await assert.rejects(t.rpc.result('package.install', { id: 'lnd', dockerImage: 5 }), /Invalid params: dockerImage/);
    await assert.rejects(
      t.rpc.result('package.uninstall', { id: 'bitcoin-knots' }),
      /^Error: Not found: bitcoin-knots is not installed/,
    );
  });
});
