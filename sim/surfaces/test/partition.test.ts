/**
 * Partition: every surface accepts connections but answers nothing until the partition heals,
 * then answers what was held.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import { createSurfaces } from '../index';
import type { Surfaces } from '../types';
import { fakeNode, RPC_AUTH, type FakeNode } from './fake-context';
import { basicAuth, closeServer, LineClient, mainServer, request, tryConnect, type HttpAnswer } from './clients';

let node: FakeNode;
let surfaces: Surfaces;
let main: { server: Server; port: number };

before(async () => {
  node = await fakeNode();
  surfaces = createSurfaces(node);
  await surfaces.start();
  main = await mainServer(surfaces.handleProxy);
});
after(async () => {
  node.isPartitioned = false;
  await closeServer(main.server);
  await surfaces.stop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Starts `work` partitioned, checks it is still pending after 300 ms, heals, returns its outcome. */
async function heldUntilHealed<T>(work: () => Promise<T>): Promise<T> {
  node.isPartitioned = true;
  let settled = false;
  const pending = work().finally(() => {
    settled = true;
  });
  await sleep(300);
  assert.equal(settled, false, 'answered during the partition');
  node.isPartitioned = false;
  const started = Date.now();
  const outcome = await pending;
  assert.ok(Date.now() - started < 1_000, 'answered soon after the heal');
  return outcome;
}

test('a partitioned port still accepts connections', async () => {
  node.isPartitioned = true;
  try {
    assert.equal(await tryConnect(surfaces.ports['lnd-rest']), 'connected');
    assert.equal(await tryConnect(surfaces.ports.electrum), 'connected');
  } finally {
    node.isPartitioned = false;
  }
});

test('bitcoin RPC: no answer while partitioned, the answer after the heal', async () => {
  const answer: HttpAnswer = await heldUntilHealed(() =>
    request(surfaces.ports['bitcoin-rpc'], '/', {
      method: 'POST',
      headers: { Authorization: basicAuth(RPC_AUTH.user, RPC_AUTH.password) },
      body: '{"id":1,"method":"getblockcount"}',
    }),
  );
  assert.equal(answer.status, 200);
  assert.equal(JSON.parse(answer.body).result, node.chainInfo.blocks);
});

test('bitcoin UI and LND REST: held, then answered', async () => {
  const ui = await heldUntilHealed(() => request(surfaces.ports['archy-bitcoin-ui'], '/'));
  assert.equal(ui.status, 200);
  const lnd = await heldUntilHealed(() => request(surfaces.ports['lnd-rest'], '/v1/getinfo'));
  assert.equal(lnd.status, 200);
});

test('proxy path: held, then answered', async () => {
  const page = await heldUntilHealed(() => request(main.port, '/app/mempool/'));
  assert.equal(page.status, 200);
});

test('electrum: the request is held, answered after the heal', async () => {
  const client = await LineClient.connect(surfaces.ports.electrum);
  try {
    const replies = await heldUntilHealed(async () => {
      client.send('{"id":1,"method":"server.version","params":["x","1.4"]}\n');
      return client.waitLines(1, 5_000);
    });
    assert.deepEqual((replies[0] as { result: unknown }).result, ['ElectrumX 1.16.0', '1.4']);
  } finally {
    client.close();
  }
});

test('a client that gives up during the partition is dropped, the others are answered', async () => {
  node.isPartitioned = true;
  const quitter = request(surfaces.ports['lnd-rest'], '/v1/getinfo', { timeoutMs: 100 }).then(
    () => 'answered',
    () => 'gave up',
  );
  const patient = request(surfaces.ports['lnd-rest'], '/v1/getinfo');
  assert.equal(await quitter, 'gave up');
  node.isPartitioned = false;
  assert.equal((await patient).status, 200);
});
