/**
 * Each direct port listens while its app is up and refuses connections while it is not;
 * direct-port-closed:<app> and electrum-down close ports; closing drops open connections.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSurfaces } from '../index';
import { DIRECT_PORTS, DIRECT_PORT_NAMES, directPortOwners } from '../../apps';
import { fakeNode } from './fake-context';
import { LineClient, tryConnect } from './clients';

/** Each port and the first app that publishes it (sim/apps.ts). */
const OWNERS = Object.fromEntries(DIRECT_PORT_NAMES.map((name) => [name, directPortOwners(name)[0]!.id]));

test('ports are portBase + the offsets of sim/apps.ts', async () => {
  const node = await fakeNode();
  const surfaces = createSurfaces(node);
  assert.deepEqual(
    surfaces.ports,
    Object.fromEntries(DIRECT_PORT_NAMES.map((name) => [name, node.portBase + DIRECT_PORTS[name].offset])),
  );
  assert.equal(OWNERS['bitcoin-rpc'], 'bitcoin-knots', 'the first bitcoin node publishes bitcoin-rpc');
});

for (const [name, app] of Object.entries(OWNERS)) {
  test(`${name} listens while ${app} is up, refuses while it is down`, async () => {
    const node = await fakeNode();
    const surfaces = createSurfaces(node);
    const port = surfaces.ports[name];
    try {
      await surfaces.start();
      assert.equal(await tryConnect(port), 'connected');
      node.up.delete(app);
      await surfaces.refresh();
      assert.equal(await tryConnect(port), 'refused');
      node.up.add(app);
      await surfaces.refresh();
      assert.equal(await tryConnect(port), 'connected');
    } finally {
      await surfaces.stop();
    }
    assert.equal(await tryConnect(port), 'refused', 'stop() closes every port');
  });

  for (const fault of new Set([`direct-port-closed:${name}`, `direct-port-closed:${app}`]))
    test(`${fault} closes ${name} while ${app} is up`, async () => {
      const node = await fakeNode();
      const surfaces = createSurfaces(node);
      const port = surfaces.ports[name];
      try {
        await surfaces.start();
        node.faults.add(fault);
        await surfaces.refresh();
        assert.equal(await tryConnect(port), 'refused');
        node.faults.delete(fault);
        await surfaces.refresh();
        assert.equal(await tryConnect(port), 'connected');
      } finally {
        await surfaces.stop();
      }
    });
}

test('nothing listens before start, only the ports of running apps after it', async () => {
  const node = await fakeNode({ up: ['bitcoin-knots', 'filebrowser'] });
  const surfaces = createSurfaces(node);
  try {
    assert.equal(await tryConnect(surfaces.ports['bitcoin-rpc']), 'refused');
    await surfaces.start();
    assert.equal(await tryConnect(surfaces.ports['bitcoin-rpc']), 'connected');
    for (const name of ['archy-bitcoin-ui', 'electrum', 'lnd-rest'])
      assert.equal(await tryConnect(surfaces.ports[name]), 'refused', name);
  } finally {
    await surfaces.stop();
  }
});

test('bitcoin-rpc follows whichever bitcoin node is installed (core instead of knots)', async () => {
  const node = await fakeNode();
  const surfaces = createSurfaces(node);
  try {
    node.bitcoin = null;
    node.up.delete('bitcoin-knots');
    await surfaces.start();
    assert.equal(await tryConnect(surfaces.ports['bitcoin-rpc']), 'refused');
    node.bitcoin = 'bitcoin-core';
    node.up.add('bitcoin-core');
    await surfaces.refresh();
    assert.equal(await tryConnect(surfaces.ports['bitcoin-rpc']), 'connected');
    node.faults.add('direct-port-closed:bitcoin-core');
    await surfaces.refresh();
    assert.equal(await tryConnect(surfaces.ports['bitcoin-rpc']), 'refused');
  } finally {
    await surfaces.stop();
  }
});

test('electrum-down closes the Electrum port (a dead electrumx listens on nothing)', async () => {
  const node = await fakeNode();
  const surfaces = createSurfaces(node);
  try {
    await surfaces.start();
    node.faults.add('electrum-down');
    await surfaces.refresh();
    assert.equal(await tryConnect(surfaces.ports.electrum), 'refused');
    assert.equal(await tryConnect(surfaces.ports['lnd-rest']), 'connected', 'other ports stay up');
    node.faults.delete('electrum-down');
    await surfaces.refresh();
    assert.equal(await tryConnect(surfaces.ports.electrum), 'connected');
  } finally {
    await surfaces.stop();
  }
});

test('closing a port destroys connections that were open on it', async () => {
  const node = await fakeNode();
  const surfaces = createSurfaces(node);
  try {
    await surfaces.start();
    const client = await LineClient.connect(surfaces.ports.electrum);
    client.send('{"id":1,"method":"server.ping"}\n');
    await client.waitLines(1);
    node.up.delete('electrumx');
    await surfaces.refresh();
    await client.waitLines(99, 1_000);
    assert.equal(client.closed, true, 'open session was dropped');
  } finally {
    await surfaces.stop();
  }
});

test('a fault switched on without a refresh call still closes the port within a tick', async () => {
  const node = await fakeNode();
  const surfaces = createSurfaces(node);
  try {
    await surfaces.start();
    node.faults.add('direct-port-closed:archy-bitcoin-ui');
    const deadline = Date.now() + 2_000;
    let outcome = await tryConnect(surfaces.ports['archy-bitcoin-ui']);
    while (outcome !== 'refused' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      outcome = await tryConnect(surfaces.ports['archy-bitcoin-ui']);
    }
    assert.equal(outcome, 'refused');
  } finally {
    await surfaces.stop();
  }
});

test('a port taken by someone else is reported once in the log and taken over once it is free', async () => {
  const node = await fakeNode();
  const surfaces = createSurfaces(node);
  const net = await import('node:net');
  const squatter = net.createServer();
  await new Promise<void>((r) => squatter.listen({ host: '127.0.0.1', port: surfaces.ports['lnd-rest'] }, () => r()));
  const { DirectListener } = await import('../direct-listener');
  const savedRetry = DirectListener.retryAfterMs;
  DirectListener.retryAfterMs = 100;
  try {
    await surfaces.start();
    await surfaces.refresh();
    await surfaces.refresh();
    assert.equal(node.lines.filter((l) => l.includes('lnd-rest could not listen')).length, 1);
    assert.equal(await tryConnect(surfaces.ports.electrum), 'connected', 'the other ports opened');
    await new Promise<void>((r) => squatter.close(() => r()));
    await new Promise((r) => setTimeout(r, 150));
    await surfaces.refresh();
    assert.ok(node.lines.some((l) => l.includes(`lnd-rest listening on 127.0.0.1:${surfaces.ports['lnd-rest']}`)));
  } finally {
    DirectListener.retryAfterMs = savedRetry;
    squatter.close();
    await surfaces.stop();
  }
});

test('a context that throws makes refresh() reject but never crashes the periodic re-check', async () => {
  const node = await fakeNode();
  const surfaces = createSurfaces(node);
  try {
    await surfaces.start();
    const isUp = node.isUp;
    node.isUp = () => {
      throw new Error('daemon state unavailable');
    };
    await assert.rejects(surfaces.refresh(), /daemon state unavailable/);
    await new Promise((r) => setTimeout(r, 450)); // a couple of ticks
    assert.equal(
      node.lines.filter((l) => l.includes('refresh failed: daemon state unavailable')).length,
      1,
      'logged once',
    );
    node.isUp = isUp;
    node.up.delete('lnd');
    await surfaces.refresh();
    assert.equal(await tryConnect(surfaces.ports['lnd-rest']), 'refused', 'refresh works again');
  } finally {
    await surfaces.stop();
  }
});
