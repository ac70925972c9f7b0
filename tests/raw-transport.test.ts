/**
 * lib/security/raw-transport postRaw: the security checks' crafted requests reach the node with
 * exactly the headers given (Host and Cookie included), keep every Set-Cookie line apart, and fail
 * with a clear error when the node does not answer. Over https they verify the pinned CA: another
 * CA's chain is a stop that names both fingerprints. Against real loopback servers (http and https
 * with a per-node CA, as the sim's --tls makes).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { postRaw } from '../lib/security/raw-transport';
import { closeNodeClients, type NodeTarget } from '../lib/http/client';
import { forgetStops, IdentityChangedError } from '../lib/http/pin';
import { ensureNodeTls } from '../sim/tls';
import { trustRootOf } from './support/test-ca';

const seen: { headers: http.IncomingHttpHeaders; body: string }[] = [];
const handler: http.RequestListener = (req, res) => {
  let body = '';
  req.on('data', (c: Buffer) => (body += c.toString()));
  req.on('end', () => {
    seen.push({ headers: req.headers, body });
    if (body.includes('"slow"')) return; // never answers
    res.setHeader('Set-Cookie', ['session=s1; HttpOnly; Path=/', 'csrf_token=c1; Path=/']);
    res.writeHead(401, { 'Content-Type': 'application/json' });
    res.end('{"jsonrpc":"2.0","id":1,"error":{"message":"no"}}');
  });
};
const plain = http.createServer(handler);
const dir = mkdtempSync(path.join(tmpdir(), 'archy-raw-transport-'));
const tls = ensureNodeTls(dir, 'archy-test');
const secure = https.createServer({ key: tls.key, cert: tls.cert }, handler);
const listening = (server: http.Server): Promise<number> =>
  new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
const unverified: NodeTarget = { node: 'node-test', root: null };
after(async () => {
  await closeNodeClients();
  plain.closeAllConnections();
  secure.closeAllConnections();
  plain.close();
  secure.close();
  rmSync(dir, { recursive: true, force: true });
});

test('the headers given, Host and Cookie included, and every Set-Cookie line apart', async () => {
  const port = await listening(plain);
  const answer = await postRaw(
    `http://127.0.0.1:${port}/rpc/v1`,
    '{"method":"x"}',
    { Host: 'archy.local:8443', Cookie: 'session=; remember=r', 'X-Forwarded-For': '203.0.113.1' },
    { timeoutMs: 5_000, target: unverified },
  );
  const got = seen.at(-1)!;
  assert.equal(got.headers.host, 'archy.local:8443');
  assert.equal(got.headers.cookie, 'session=; remember=r');
  assert.equal(got.headers['x-forwarded-for'], '203.0.113.1');
  assert.equal(got.body, '{"method":"x"}');
  assert.equal(answer.status, 401);
  assert.deepEqual(
    answer.headers.filter(([n]) => n.toLowerCase() === 'set-cookie').map(([, v]) => v),
    ['session=s1; HttpOnly; Path=/', 'csrf_token=c1; Path=/'],
  );
  assert.match(answer.text, /"error"/);
});

test('https: the pinned CA opens it; without a pin a per-node CA is refused', async () => {
  const port = await listening(secure);
  const url = `https://127.0.0.1:${port}/rpc/v1`;
  await assert.rejects(postRaw(url, '{}', {}, { timeoutMs: 5_000, target: unverified }), /WireError|certificate/i);
  const pinned: NodeTarget = { node: 'node-test', root: trustRootOf('node-test', tls.caPem) };
  const answer = await postRaw(url, '{}', {}, { timeoutMs: 5_000, target: pinned });
  assert.equal(answer.status, 401);
});

test('https with another CA than the pinned one: a stop naming the node and both fingerprints, nothing sent', async () => {
  forgetStops();
  const port = (secure.address() as AddressInfo).port;
  const url = `https://127.0.0.1:${port}/rpc/v1`;
  const other = ensureNodeTls(mkdtempSync(path.join(tmpdir(), 'archy-raw-other-')), 'archy-other');
  const root = trustRootOf('node-test', other.caPem);
  const before = seen.length;
  const error = await postRaw(
    url,
    '{"password":"x"}',
    {},
    { timeoutMs: 5_000, target: { node: 'node-test', root } },
  ).then(
    () => assert.fail('a chain of another CA was accepted'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof IdentityChangedError, String(error));
  assert.match(error.message, /^node-test: the node's identity changed/);
  assert.ok(error.message.includes(root.sha256), 'names the expected fingerprint');
  assert.ok(error.message.includes(tls.caSha256.replace(/:/g, '').toLowerCase()), 'names the fingerprint it saw');
  assert.equal(seen.length, before, 'the server got no request');
  // later requests to that node stop before connecting, even to the right CA
  const right = { node: 'node-test', root: trustRootOf('node-test', tls.caPem) };
  await assert.rejects(postRaw(url, '{}', {}, { timeoutMs: 5_000, target: right }), IdentityChangedError);
  assert.equal(seen.length, before);
  forgetStops();
});

test('a node that never answers: a bounded wait and an error that says so', async () => {
  const port = (plain.address() as AddressInfo).port;
  const started = Date.now();
  await assert.rejects(
    postRaw(`http://127.0.0.1:${port}/rpc/v1`, '{"method":"slow"}', {}, { timeoutMs: 300, target: unverified }),
    /no answer within 300 ms/,
  );
  assert.ok(Date.now() - started < 3_000);
});

test('nobody listening: an error naming the URL', async () => {
  const probe = http.createServer();
  const port = await listening(probe);
  probe.close();
  await assert.rejects(
    postRaw(`http://127.0.0.1:${port}/rpc/v1`, '{}', {}, { timeoutMs: 2_000, target: unverified }),
    new RegExp(`POST http://127.0.0.1:${port}/rpc/v1: .*ECONNREFUSED`),
  );
});
