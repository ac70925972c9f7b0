/**
 * Bitcoin JSON-RPC 1.0 on the bitcoin-rpc port: basic auth, methods, bitcoind's error statuses.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RPC_AUTH } from './fake-context';
import { basicAuth, request } from './clients';
import { startedSurface } from './started-surface';

const s = startedSurface('bitcoin-rpc');
const auth = { Authorization: basicAuth(RPC_AUTH.user, RPC_AUTH.password), 'Content-Type': 'application/json' };

function rpc(method: string, headers: Record<string, string> = auth, id: unknown = 'e2e') {
  return request(s.port, '/', {
    method: 'POST',
    headers,
    body: JSON.stringify({ jsonrpc: '1.0', id, method, params: [] }),
  });
}

test('no credentials → 401 with a Basic challenge and no result', async () => {
  const answer = await rpc('getblockcount', { 'Content-Type': 'application/json' });
  assert.equal(answer.status, 401);
  assert.equal(answer.headers['www-authenticate'], 'Basic realm="jsonrpc"');
  assert.equal(answer.body, '');
});

test('wrong password and wrong user → 401', async () => {
  assert.equal((await rpc('getblockcount', { Authorization: basicAuth(RPC_AUTH.user, 'nope') })).status, 401);
  assert.equal((await rpc('getblockcount', { Authorization: basicAuth('root', RPC_AUTH.password) })).status, 401);
  assert.equal((await rpc('getblockcount', { Authorization: 'Bearer abc' })).status, 401);
});

test('getblockchaininfo answers the live chain in {result, error, id}', async () => {
  const answer = await rpc('getblockchaininfo', auth, 7);
  assert.equal(answer.status, 200);
  const body = JSON.parse(answer.body) as { result: Record<string, unknown>; error: unknown; id: unknown };
  assert.equal(body.error, null);
  assert.equal(body.id, 7);
  assert.equal(body.result.chain, 'main');
  assert.equal(body.result.blocks, s.node.chainInfo.blocks);
  assert.equal(body.result.headers, s.node.chainInfo.headers);
  assert.equal(body.result.bestblockhash, s.node.chainInfo.bestblockhash);
  assert.equal(body.result.pruned, false);
});

test('getblockcount and getbestblockhash follow the chain as it moves on', async () => {
  s.node.chainInfo = {
    ...s.node.chainInfo,
    blocks: s.node.chainInfo.blocks + 1,
    headers: s.node.chainInfo.headers + 1,
    bestblockhash: 'ab'.repeat(32),
  };
  assert.equal(JSON.parse((await rpc('getblockcount')).body).result, s.node.chainInfo.blocks);
  assert.equal(JSON.parse((await rpc('getbestblockhash')).body).result, 'ab'.repeat(32));
});

test('getnetworkinfo names the node software; uptime is whole seconds since the s.port opened', async () => {
  const info = JSON.parse((await rpc('getnetworkinfo')).body).result as { subversion: string; version: number };
  assert.match(info.subversion, /Knots/);
  assert.equal(typeof info.version, 'number');
  const uptime = JSON.parse((await rpc('uptime')).body).result as number;
  assert.ok(Number.isInteger(uptime) && uptime >= 0 && uptime < 60, `uptime ${uptime}`);
});

test('unknown method → HTTP 404, error -32601', async () => {
  const answer = await rpc('getwalletinfo-nope');
  assert.equal(answer.status, 404);
  const body = JSON.parse(answer.body);
  assert.deepEqual(body, { result: null, error: { code: -32601, message: 'Method not found' }, id: 'e2e' });
});

test('bad JSON → HTTP 500, error -32700; GET → 405', async () => {
  const bad = await request(s.port, '/', { method: 'POST', headers: auth, body: '{"method":' });
  assert.equal(bad.status, 500);
  assert.equal(JSON.parse(bad.body).error.code, -32700);
  const get = await request(s.port, '/', { headers: auth });
  assert.equal(get.status, 405);
});

test('a batch answers every call in order', async () => {
  const body = JSON.stringify([
    { id: 1, method: 'getblockcount' },
    { id: 2, method: 'nope' },
  ]);
  const answer = await request(s.port, '/', { method: 'POST', headers: auth, body });
  assert.equal(answer.status, 200);
  const replies = JSON.parse(answer.body) as Array<{ id: number; result: unknown; error: { code: number } | null }>;
  assert.deepEqual(
    replies.map((r) => r.id),
    [1, 2],
  );
  assert.equal(replies[0].result, s.node.chainInfo.blocks);
  assert.equal(replies[1].error?.code, -32601);
});
