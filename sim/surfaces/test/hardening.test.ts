/**
 * Load and abuse: many concurrent connections, keep-alive reuse, slow-header clients cut off,
 * oversized bodies refused, abrupt disconnects harmless.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { createSurfaces } from '../index';
import { HTTP_LIMITS } from '../http-surface';
import { fakeNode, RPC_AUTH } from './fake-context';
import { basicAuth, LineClient, request } from './clients';

test('200 concurrent HTTP requests and 100 Electrum sessions are all answered', async () => {
  const node = await fakeNode();
  const surfaces = createSurfaces(node);
  await surfaces.start();
  try {
    const http200 = await Promise.all(
      Array.from({ length: 200 }, () => request(surfaces.ports['lnd-rest'], '/v1/getinfo')),
    );
    assert.ok(http200.every((a) => a.status === 200));
    const clients = await Promise.all(Array.from({ length: 100 }, () => LineClient.connect(surfaces.ports.electrum)));
    clients.forEach((c, i) => c.send(`{"id":${i},"method":"blockchain.headers.subscribe","params":[]}\n`));
    const replies = await Promise.all(clients.map((c) => c.waitLines(1)));
    clients.forEach((c) => c.close());
    assert.ok(replies.every((r, i) => (r[0] as { id: number }).id === i));
  } finally {
    await surfaces.stop();
  }
});

test('keep-alive: one connection carries several requests', async () => {
  const node = await fakeNode();
  const surfaces = createSurfaces(node);
  await surfaces.start();
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const sockets = new Set<net.Socket>();
    for (let i = 0; i < 5; i++) {
      await new Promise<void>((resolve, reject) => {
        const req = http.get(
          { host: '127.0.0.1', port: surfaces.ports['archy-bitcoin-ui'], path: '/', agent },
          (res) => {
            sockets.add(res.socket);
            res.resume();
            res.on('end', () => resolve());
          },
        );
        req.on('error', reject);
      });
    }
    assert.equal(sockets.size, 1);
  } finally {
    agent.destroy();
    await surfaces.stop();
  }
});

test('a client that never finishes its headers is cut off (slowloris)', async () => {
  const saved = { ...HTTP_LIMITS };
  HTTP_LIMITS.headersTimeoutMs = 300;
  HTTP_LIMITS.requestTimeoutMs = 400;
  HTTP_LIMITS.connectionsCheckingIntervalMs = 100;
  const node = await fakeNode();
  const surfaces = createSurfaces(node);
  await surfaces.start();
  try {
    const socket = net.connect({ host: '127.0.0.1', port: surfaces.ports['bitcoin-rpc'] });
    socket.on('error', () => undefined);
    socket.write('POST / HTTP/1.1\r\nHost: x\r\n');
    const started = Date.now();
    const ended = await new Promise<string>((resolve) => {
      let data = '';
      socket.on('data', (d) => (data += d.toString()));
      socket.on('close', () => resolve(data));
      setTimeout(() => resolve('still open'), 3_000);
    });
    socket.destroy();
    assert.notEqual(ended, 'still open');
    assert.ok(Date.now() - started < 3_000);
    // the port keeps serving others
    const ok = await request(surfaces.ports['bitcoin-rpc'], '/', {
      method: 'POST',
      headers: { Authorization: basicAuth(RPC_AUTH.user, RPC_AUTH.password) },
      body: '{"id":1,"method":"getblockcount"}',
    });
    assert.equal(ok.status, 200);
  } finally {
    Object.assign(HTTP_LIMITS, saved);
    await surfaces.stop();
  }
});

test('an oversized RPC body → 413; malformed HTTP → 400; the port keeps serving', async () => {
  const node = await fakeNode();
  const surfaces = createSurfaces(node);
  await surfaces.start();
  const port = surfaces.ports['bitcoin-rpc'];
  const auth = { Authorization: basicAuth(RPC_AUTH.user, RPC_AUTH.password) };
  try {
    const big = await request(port, '/', {
      method: 'POST',
      headers: auth,
      body: 'x'.repeat(HTTP_LIMITS.maxBodyBytes + 1),
    }).then(
      (a) => a.status,
      () => 'reset',
    );
    assert.ok(big === 413 || big === 'reset', `got ${big}`);
    const raw = await new Promise<string>((resolve) => {
      const socket = net.connect({ host: '127.0.0.1', port }, () => socket.write('NONSENSE\r\n\r\n'));
      let data = '';
      socket.on('data', (d) => (data += d.toString()));
      socket.on('close', () => resolve(data));
      socket.on('error', () => resolve(data));
    });
    assert.match(raw, /^HTTP\/1\.1 400/);
    const ok = await request(port, '/', { method: 'POST', headers: auth, body: '{"id":1,"method":"getblockcount"}' });
    assert.equal(ok.status, 200);
  } finally {
    await surfaces.stop();
  }
});

test('clients that reset mid-request do not disturb the node', async () => {
  const node = await fakeNode();
  const surfaces = createSurfaces(node);
  await surfaces.start();
  try {
    for (let i = 0; i < 20; i++) {
      const socket = net.connect({
        host: '127.0.0.1',
        port: i % 2 ? surfaces.ports['lnd-rest'] : surfaces.ports.electrum,
      });
      socket.on('error', () => undefined);
      socket.on('connect', () => {
        socket.write(i % 2 ? 'GET /v1/getinfo HTTP/1.1\r\n' : '{"id":1,"method":');
        socket.resetAndDestroy();
      });
    }
    await new Promise((r) => setTimeout(r, 200));
    assert.equal((await request(surfaces.ports['lnd-rest'], '/v1/getinfo')).status, 200);
    const client = await LineClient.connect(surfaces.ports.electrum);
    client.send('{"id":1,"method":"server.ping"}\n');
    assert.equal(((await client.waitLines(1))[0] as { id: number }).id, 1);
    client.close();
  } finally {
    await surfaces.stop();
  }
});
