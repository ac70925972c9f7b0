/**
 * With ctx.tls the HTTP surfaces (bitcoin RPC, bitcoin UI, LND REST) speak https; Electrum stays
 * plain TCP.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSurfaces } from '../index';
import type { Surfaces } from '../types';
import { fakeNode, RPC_AUTH, type FakeNode } from './fake-context';
import { basicAuth, LineClient, request } from './clients';

let node: FakeNode;
let surfaces: Surfaces;
let dir: string;
let tls: { key: string; cert: string };

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'surfaces-tls-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=archy-sim',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ],
    { stdio: 'ignore' },
  );
  tls = { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
  node = await fakeNode({ tls });
  surfaces = createSurfaces(node);
  await surfaces.start();
});
after(async () => {
  await surfaces.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('LND REST and bitcoin UI answer over https', async () => {
  assert.equal((await request(surfaces.ports['lnd-rest'], '/v1/getinfo', { https: { ca: tls.cert } })).status, 200);
  const page = await request(surfaces.ports['archy-bitcoin-ui'], '/', { https: { ca: tls.cert } });
  assert.equal(page.status, 200);
  assert.match(page.body, /Block height/);
});

test('bitcoin RPC over https keeps basic auth', async () => {
  const port = surfaces.ports['bitcoin-rpc'];
  const body = '{"id":1,"method":"getblockcount"}';
  assert.equal((await request(port, '/', { https: { ca: tls.cert }, method: 'POST', body })).status, 401);
  const ok = await request(port, '/', {
    https: { ca: tls.cert },
    method: 'POST',
    body,
    headers: { Authorization: basicAuth(RPC_AUTH.user, RPC_AUTH.password) },
  });
  assert.equal(JSON.parse(ok.body).result, node.chainInfo.blocks);
});

test('plain http to a TLS surface does not get a page', async () => {
  const outcome = await request(surfaces.ports['lnd-rest'], '/v1/getinfo').then(
    (a) => a.status,
    () => 'failed',
  );
  assert.notEqual(outcome, 200);
});

test('Electrum stays plain TCP', async () => {
  const client = await LineClient.connect(surfaces.ports.electrum);
  client.send('{"id":1,"method":"server.ping"}\n');
  const [reply] = await client.waitLines(1);
  client.close();
  assert.deepEqual(reply, { jsonrpc: '2.0', id: 1, result: null });
});
