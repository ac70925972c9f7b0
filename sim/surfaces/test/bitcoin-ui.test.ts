/**
 * archy-bitcoin-ui on its direct port: block height while bitcoin runs, 503 "Bitcoin node unreachable"
 * without a height while it does not, and its JSON endpoint.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from './clients';
import { startedSurface } from './started-surface';

const s = startedSurface('archy-bitcoin-ui');

test('the page has the title, a heading and "Block height" with the live height', async () => {
  const answer = await request(s.port, '/');
  assert.equal(answer.status, 200);
  assert.match(String(answer.headers['content-type']), /text\/html/);
  assert.match(answer.body, /<title>Bitcoin UI<\/title>/);
  assert.match(answer.body, /<h1>Bitcoin UI<\/h1>/);
  assert.match(answer.body, new RegExp(`Block height</dt><dd[^>]*>${s.node.chainInfo.blocks}<`));
});

test('bitcoin node down → 503 "Bitcoin node unreachable" and no height', async () => {
  s.node.up.delete('bitcoin-knots');
  try {
    const answer = await request(s.port, '/');
    assert.equal(answer.status, 503);
    assert.match(answer.body, /Bitcoin node unreachable/);
    assert.doesNotMatch(answer.body, /Block height/);
    assert.ok(!answer.body.includes(String(s.node.chainInfo.blocks)));
    const json = await request(s.port, '/rpc/v1');
    assert.equal(json.status, 503);
    assert.equal(JSON.parse(json.body).error.message, 'Bitcoin node unreachable');
  } finally {
    s.node.up.add('bitcoin-knots');
  }
});

test('/rpc/v1 answers getblockchaininfo as JSON (GET and POST keep the id)', async () => {
  const get = await request(s.port, '/rpc/v1');
  assert.equal(get.status, 200);
  assert.equal(JSON.parse(get.body).result.blocks, s.node.chainInfo.blocks);
  const post = await request(s.port, '/rpc/v1', {
    method: 'POST',
    body: JSON.stringify({ id: 42, method: 'getblockchaininfo' }),
  });
  const body = JSON.parse(post.body);
  assert.equal(body.id, 42);
  assert.equal(body.result.bestblockhash, s.node.chainInfo.bestblockhash);
});

test('unknown path → 404', async () => {
  assert.equal((await request(s.port, '/nothing-here')).status, 404);
});
