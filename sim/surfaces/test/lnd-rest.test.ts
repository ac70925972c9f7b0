/**
 * LND REST getinfo on the lnd-rest port, macaroon handling (guess lnd-rest-macaroon) and grpc-gateway errors.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from './clients';
import { startedSurface } from './started-surface';

const s = startedSurface('lnd-rest');

test('GET /v1/getinfo: identity, alias, block height of the bitcoin node, mainnet chain', async () => {
  const answer = await request(s.port, '/v1/getinfo', { headers: { 'Grpc-Metadata-macaroon': '0201036c6e64' } });
  assert.equal(answer.status, 200);
  const info = JSON.parse(answer.body);
  assert.match(info.identity_pubkey, /^0[23][0-9a-f]{64}$/);
  assert.equal(typeof info.alias, 'string');
  assert.equal(info.block_height, s.node.chainInfo.blocks);
  assert.equal(info.synced_to_chain, true);
  assert.match(info.version, /beta/);
  assert.equal(info.num_active_channels, 0);
  assert.deepEqual(info.chains, [{ chain: 'bitcoin', network: 'mainnet' }]);
});

test('the identity key is stable between calls', async () => {
  const a = JSON.parse((await request(s.port, '/v1/getinfo')).body).identity_pubkey;
  const b = JSON.parse((await request(s.port, '/v1/getinfo')).body).identity_pubkey;
  assert.equal(a, b);
});

test('bitcoin node down → LND still answers but is not synced to chain', async () => {
  s.node.up.delete('bitcoin-knots');
  try {
    assert.equal(JSON.parse((await request(s.port, '/v1/getinfo')).body).synced_to_chain, false);
  } finally {
    s.node.up.add('bitcoin-knots');
  }
});

test('a macaroon header that is not hex → 401', async () => {
  const answer = await request(s.port, '/v1/getinfo', { headers: { 'Grpc-Metadata-macaroon': 'not-a-macaroon' } });
  assert.equal(answer.status, 401);
  assert.equal(typeof JSON.parse(answer.body).message, 'string');
});

test('fault lnd-macaroon-required: no macaroon → 401, any hex macaroon → 200', async () => {
  s.node.faults.add('lnd-macaroon-required');
  try {
    assert.equal((await request(s.port, '/v1/getinfo')).status, 401);
    assert.equal((await request(s.port, '/v1/getinfo', { headers: { 'Grpc-Metadata-macaroon': 'abcd' } })).status, 200);
  } finally {
    s.node.faults.delete('lnd-macaroon-required');
  }
});

test('unknown REST path → 404 with a grpc-gateway error body', async () => {
  const answer = await request(s.port, '/v1/nothing');
  assert.equal(answer.status, 404);
  assert.equal(JSON.parse(answer.body).code, 5);
});
