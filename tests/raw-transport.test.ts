/**
 * lib/security/raw-transport postRaw: the security checks' crafted requests reach the node with
 * exactly the headers given (Host and Cookie included), keep every Set-Cookie line apart, and fail
 * with a clear error when the node does not answer. Against real loopback servers (http and https
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
import { ensureNodeTls } from '../sim/tls';

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
after(() => {
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
    { timeoutMs: 5_000, ignoreHTTPSErrors: false },
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

test('https with a per-node CA: refused unless ignoreHTTPSErrors (the preflight pins the CA instead)', async () => {
  const port = await listening(secure);
  const url = `https://127.0.0.1:${port}/rpc/v1`;
  await assert.rejects(
    postRaw(url, '{}', {}, { timeoutMs: 5_000, ignoreHTTPSErrors: false }),
    /WireError|certificate/i,
  );
  const answer = await postRaw(url, '{}', {}, { timeoutMs: 5_000, ignoreHTTPSErrors: true });
  assert.equal(answer.status, 401);
});

test('a node that never answers: a bounded wait and an error that says so', async () => {
  const port = (plain.address() as AddressInfo).port;
  const started = Date.now();
  await assert.rejects(
    postRaw(`http://127.0.0.1:${port}/rpc/v1`, '{"method":"slow"}', {}, { timeoutMs: 300, ignoreHTTPSErrors: false }),
    /no answer within 300 ms/,
  );
  assert.ok(Date.now() - started < 3_000);
});

test('nobody listening: an error naming the URL', async () => {
  const probe = http.createServer();
  const port = await listening(probe);
  probe.close();
  await assert.rejects(
    postRaw(`http://127.0.0.1:${port}/rpc/v1`, '{}', {}, { timeoutMs: 2_000, ignoreHTTPSErrors: false }),
    new RegExp(`POST http://127.0.0.1:${port}/rpc/v1: .*ECONNREFUSED`),
  );
});
