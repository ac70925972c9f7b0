/**
 * restoreNode against an in-memory node whose uninstall takes a while: what appeared is uninstalled
 * deepest first (a companion goes with its backend); with `sideBySide` one dependency depth at a time,
 * all at once, never an app before what needs it.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { deepestFirst, restoreNode, type RestoreNode } from '../restore';
import type { NodeRpc } from '../../rpc/node-rpc';
import { dependencyDepth } from '../../../config/catalogue';

const UNINSTALL_MS = 150;

/** A node with these apps running; package.uninstall removes the entry after UNINSTALL_MS. */
function fakeNode(running: string[]): { rpc: NodeRpc; log: string[]; inFlight: () => number; maxInFlight: number } {
  const entries = new Map(running.map((id) => [id, 'running']));
  const log: string[] = [];
  let inFlight = 0;
  const state = { maxInFlight: 0 };
  const rpc: NodeRpc = {
    async call(method, params) {
      const id = (params as { id?: string } | undefined)?.id;
      if (method === 'server.get-state')
        return { data: { 'package-data': Object.fromEntries([...entries].map(([k, s]) => [k, { state: s }])) } };
      if (method === 'container-list') return [];
      if (method === 'package.uninstall' && id) {
        log.push(`uninstall ${id}`);
        entries.set(id, 'removing');
        inFlight++;
        state.maxInFlight = Math.max(state.maxInFlight, inFlight);
        setTimeout(() => {
          entries.delete(id);
          if (id === 'lnd') entries.delete('archy-lnd-ui'); // a companion goes with its backend
          inFlight--;
        }, UNINSTALL_MS);
        return null;
      }
      throw new Error(`unexpected ${method}`);
    },
  };
  return {
    rpc,
    log,
    inFlight: () => inFlight,
    get maxInFlight() {
      return state.maxInFlight;
    },
  };
}

const BEFORE = { filebrowser: { state: 'running' } };
const RUN_LEFT = ['filebrowser', 'bitcoin-knots', 'lnd', 'archy-lnd-ui', 'electrumx', 'mempool', 'btcpay-server'];
const node = (sideBySide: boolean): RestoreNode => ({
  name: 'node-t',
  timeScale: 1,
  protectedApps: [],
  mayChange: true,
  sideBySide,
});

describe('restoreNode: uninstalling what the run installed', () => {
  test('deepestFirst groups by dependency depth, dependants before what they need', () => {
    const levels = deepestFirst(['bitcoin-knots', 'lnd', 'mempool', 'electrumx', 'btcpay-server']);
    const depths = levels.map((l) => dependencyDepth(l[0]!));
    assert.deepEqual(
      depths,
      [...depths].sort((a, b) => b - a),
    );
    for (const level of levels) assert.equal(new Set(level.map((id) => dependencyDepth(id))).size, 1);
    assert.deepEqual(levels.at(-1), ['bitcoin-knots']);
  });

  for (const sideBySide of [false, true]) {
    test(`${sideBySide ? 'side by side' : 'one at a time'}: the node is as found, dependants uninstalled first`, async () => {
      const fake = fakeNode(RUN_LEFT);
      const started = Date.now();
      const report = await restoreNode(fake.rpc, node(sideBySide), BEFORE);
      const took = Date.now() - started;
      assert.deepEqual(report.differences, []);
      assert.ok(!fake.log.includes('uninstall archy-lnd-ui'), 'the companion went with lnd');
      const order = fake.log.map((l) => l.replace('uninstall ', ''));
      for (const [dependant, needed] of [
        ['mempool', 'bitcoin-knots'],
        ['lnd', 'bitcoin-knots'],
        ['electrumx', 'bitcoin-knots'],
        ['btcpay-server', 'bitcoin-knots'],
      ] as const)
        assert.ok(
          order.indexOf(dependant) < order.indexOf(needed),
          `${dependant} before ${needed}: ${order.join(', ')}`,
        );
      const levels = deepestFirst(order).length;
      if (sideBySide) {
        assert.ok(fake.maxInFlight > 1, 'apps of one depth were uninstalled at once');
        assert.ok(took < order.length * UNINSTALL_MS, `${took} ms for ${order.length} uninstalls in ${levels} depths`);
      } else {
        assert.equal(fake.maxInFlight, 1);
        assert.ok(took >= order.length * UNINSTALL_MS, `${took} ms`);
      }
    });
  }
});

describe('restoreNode: a node as found', () => {
  /** Apps in these states, each moving to its next state after `ms`; counts the get-state reads. */
  function settlingNode(states: Record<string, string[]>, ms: number): { rpc: NodeRpc; reads: () => number } {
    let reads = 0;
    const now = new Map(Object.entries(states).map(([id, trail]) => [id, trail[0]!]));
    for (const [id, trail] of Object.entries(states))
      trail.slice(1).forEach((state, i) => setTimeout(() => now.set(id, state), ms * (i + 1)));
    return {
      reads: () => reads,
      rpc: {
        async call(method) {
          if (method === 'server.get-state') {
            reads++;
            return { data: { 'package-data': Object.fromEntries([...now].map(([k, s]) => [k, { state: s }])) } };
          }
          if (method === 'container-list') return [];
          throw new Error(`unexpected ${method}: a node as found needs no change`);
        },
      },
    };
  }

  test('every app settled: nothing done, a few reads for the whole node (not one per app per pass)', async () => {
    const apps = ['filebrowser', 'bitcoin-knots', 'lnd', 'electrumx', 'mempool', 'btcpay-server', 'fedimint'];
    const fake = settlingNode(Object.fromEntries(apps.map((id) => [id, ['running']])), 0);
    const before = Object.fromEntries(apps.map((id) => [id, { state: 'running' }]));
    const report = await restoreNode(fake.rpc, node(false), before);
    assert.deepEqual(report, { actions: [], differences: [] });
    assert.ok(fake.reads() <= 4, `${fake.reads()} get-state reads for ${apps.length} settled apps`);
  });

  test('an app caught starting is waited for, then judged as it settled (running as before: nothing to do)', async () => {
    const fake = settlingNode({ filebrowser: ['starting', 'running'], lnd: ['running'] }, 150);
    const report = await restoreNode(fake.rpc, node(false), {
      filebrowser: { state: 'running' },
      lnd: { state: 'running' },
    });
    assert.deepEqual(report, { actions: [], differences: [] });
    assert.ok(fake.reads() > 4, 'filebrowser was read again until it settled');
  });

  test('an action that moves another app (a stop that takes a dependant along) is seen before that app is judged', async () => {
    const now = new Map([
      ['bitcoin-knots', 'running'],
      ['lnd', 'running'],
    ]);
    const calls: string[] = [];
    const rpc: NodeRpc = {
      async call(method, params) {
        const id = (params as { id?: string } | undefined)?.id;
        if (method === 'server.get-state')
          return { data: { 'package-data': Object.fromEntries([...now].map(([k, s]) => [k, { state: s }])) } };
        if (method === 'container-list') return [];
        calls.push(`${method} ${id}`);
        if (method === 'package.stop' && id === 'bitcoin-knots') {
          now.set('bitcoin-knots', 'stopped');
          now.set('lnd', 'stopped'); // its dependant goes down with it
          return null;
        }
        if (method === 'package.start' && id) {
          now.set(id, 'running');
          return null;
        }
        throw new Error(`unexpected ${method}`);
      },
    };
    const report = await restoreNode(rpc, node(false), {
      'bitcoin-knots': { state: 'stopped' },
      lnd: { state: 'running' },
    });
    assert.deepEqual(report.differences, []);
    assert.deepEqual(calls, ['package.stop bitcoin-knots', 'package.start lnd']);
  });
});
