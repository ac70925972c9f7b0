/**
 * lib/probes/http-fetch.ts: probes reach the node through the suite's one client. Over https the
 * chain must lead to the node's pinned root (a direct port with another CA is the run's stop, thrown,
 * never a probe's failure text); the session's cookies go only where a browser would send them, and
 * never over plain http to an https node; redirects are followed on the node's host only. Against
 * loopback servers with throw-away CAs.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { closeNodeClients, type NodeHttp, type NodeTarget } from '../lib/http/client';
import { forgetStops, IdentityChangedError } from '../lib/http/pin';
import { cookieHeaderFor, type StoredCookie } from '../lib/http/session-cookies';
import { httpFetch } from '../lib/probes/http-fetch';
import { makeTestCa, trustRootOf, type TestCa } from './support/test-ca';

const listen = (server: http.Server): Promise<number> =>
  new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));

const cookie = (over: Partial<StoredCookie>): StoredCookie => ({
  name: 'session',
  value: 's3',
  domain: '127.0.0.1',
  path: '/',
  expires: -1,
  secure: true,
  ...over,
});

test("the session's cookies for a URL: domain, path, Secure, expiry; none over http to an https node", () => {
  const jar = [
    cookie({}),
    cookie({ name: 'csrf_token', value: 'c3', secure: false }),
    cookie({ name: 'signer_login_ab', value: 'b', path: '/rpc/' }),
    cookie({ name: 'old', value: 'x', expires: 1 }),
    cookie({ name: 'elsewhere', value: 'y', domain: 'archy.local' }),
  ];
  const base = 'https://127.0.0.1';
  assert.equal(cookieHeaderFor(jar, 'https://127.0.0.1:3743/app/lnd/', base), 'session=s3; csrf_token=c3');
  assert.equal(cookieHeaderFor(jar, 'https://127.0.0.1/rpc/v1', base), 'session=s3; csrf_token=c3; signer_login_ab=b');
  assert.equal(cookieHeaderFor(jar, 'https://127.0.0.1/rpcx', base), 'session=s3; csrf_token=c3');
  assert.equal(cookieHeaderFor(jar, 'http://127.0.0.1:8332/', base), '', 'an https node: nothing over plain http');
  assert.equal(cookieHeaderFor(jar, 'http://127.0.0.1:8332/', 'http://127.0.0.1'), 'csrf_token=c3');
});

describe('a probe over https', () => {
  let ca: TestCa;
  let other: TestCa;
  let node: https.Server;
  let stranger: https.Server;
  let nodePort: number;
  let strangerPort: number;
  const received: { url: string; cookie?: string }[] = [];

  before(async () => {
    ca = makeTestCa();
    other = makeTestCa();
    const handler: http.RequestListener = (req, res) => {
      received.push({ url: req.url ?? '', cookie: req.headers.cookie });
      if (req.url === '/app/lnd') return void res.writeHead(301, { Location: '/app/lnd/' }).end();
      if (req.url === '/away') return void res.writeHead(302, { Location: 'https://203.0.113.9/' }).end();
      res.writeHead(200, { 'Content-Type': 'text/html' }).end('<h1>Lightning</h1>');
    };
    node = https.createServer({ key: ca.key, cert: ca.cert + ca.caCert }, handler);
    stranger = https.createServer({ key: other.key, cert: other.cert + other.caCert }, handler);
    nodePort = await listen(node);
    strangerPort = await listen(stranger);
  });
  after(async () => {
    forgetStops();
    await closeNodeClients();
    for (const s of [node, stranger]) {
      s.closeAllConnections();
      s.close();
    }
  });

  const client = (root: 'pinned' | 'none'): NodeHttp => {
    const target: NodeTarget = {
      node: 'node-test',
      root: root === 'pinned' ? trustRootOf('node-test', ca.caCert) : null,
    };
    return { target, cookieHeader: async (url) => cookieHeaderFor([cookie({})], url, 'https://127.0.0.1') };
  };

  test("verified against the pinned root, with the session's cookie, following a redirect on the node's host", async () => {
    received.length = 0;
    const outcome = await httpFetch(client('pinned'), `https://127.0.0.1:${nodePort}/app/lnd`, { timeoutMs: 5_000 });
    assert.ok(outcome.ok, outcome.ok ? '' : outcome.failure);
    assert.equal(outcome.answer.status, 200);
    assert.deepEqual(
      received.map((r) => [r.url, r.cookie]),
      [
        ['/app/lnd', 'session=s3'],
        ['/app/lnd/', 'session=s3'],
      ],
    );
    const away = await httpFetch(client('pinned'), `https://127.0.0.1:${nodePort}/away`, { timeoutMs: 5_000 });
    assert.ok(away.ok);
    assert.equal(away.answer.status, 302, 'a redirect off the node is not followed');
  });

  test("without a pin the node's own CA is refused: a failure, nothing sent", async () => {
    received.length = 0;
    const outcome = await httpFetch(client('none'), `https://127.0.0.1:${nodePort}/`, { timeoutMs: 5_000 });
    assert.equal(outcome.ok, false);
    assert.match(outcome.ok ? '' : outcome.failure, /connection failed/);
    assert.equal(received.length, 0);
  });

  test('a direct port with another CA: the run stops, naming the node and both fingerprints; nothing sent', async () => {
    received.length = 0;
    const pinned = client('pinned');
    const error = await httpFetch(pinned, `https://127.0.0.1:${strangerPort}/`, { timeoutMs: 5_000 }).catch(
      (e: unknown) => e,
    );
    assert.ok(error instanceof IdentityChangedError, String(error));
    assert.ok(error.message.includes(ca.caSha256), 'names the pinned fingerprint');
    assert.ok(error.message.includes(other.caSha256), 'names the fingerprint it saw');
    const after = await httpFetch(pinned, `https://127.0.0.1:${nodePort}/`, { timeoutMs: 5_000 }).catch(
      (e: unknown) => e,
    );
    assert.ok(after instanceof IdentityChangedError, 'every later request to the node stops too');
    assert.equal(received.length, 0, 'neither server got a request');
  });
});
