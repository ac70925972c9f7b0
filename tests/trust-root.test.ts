/**
 * lib/http/trust-root.ts: a node's trust root from its own http://<node>/ca.crt checked against the
 * pin, or from ARCHY_CA_FILE; then one connection verified against that root alone. Against loopback
 * servers with throw-away CAs.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { caCrtUrl, resolveTrustRoot } from '../lib/http/trust-root';
import { spkiSha256 } from '../lib/http/pin';
import { makeTestCa, type TestCa } from './support/test-ca';

const listen = (server: http.Server): Promise<number> =>
  new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));

describe('trust root of a node', () => {
  let ca: TestCa;
  let other: TestCa;
  let node: https.Server;
  let caServer: http.Server;
  let baseUrl: string;
  let caUrl: string;
  let served = '';

  before(async () => {
    ca = makeTestCa();
    other = makeTestCa();
    node = https.createServer({ key: ca.key, cert: ca.cert + ca.caCert }, (_q, r) => r.end('ok'));
    caServer = http.createServer((req, res) => {
      if (req.url !== '/ca.crt') return void res.writeHead(404).end();
      res.writeHead(200, { 'Content-Type': 'application/x-x509-ca-cert' }).end(served);
    });
    baseUrl = `https://127.0.0.1:${await listen(node)}`;
    caUrl = `http://127.0.0.1:${await listen(caServer)}/ca.crt`;
  });
  after(() => {
    node.close();
    caServer.close();
  });

  const input = (over: { caSha256?: string; caFile?: string; baseUrl?: string }) => ({
    name: 'node-test',
    baseUrl,
    ...over,
  });

  test('ca.crt is fetched from the dashboard host over http (archy-surface §4.5)', () => {
    assert.equal(caCrtUrl('https://192.168.1.228'), 'http://192.168.1.228/ca.crt');
    assert.equal(caCrtUrl('https://archy.local:8443/'), 'http://archy.local/ca.crt');
  });

  test("the node's ca.crt with the pinned fingerprint: the root, and the key of the leaf verified against it", async () => {
    served = ca.caCert;
    const root = await resolveTrustRoot(input({ caSha256: ca.caSha256 }), caUrl);
    assert.ok(root);
    assert.equal(root.sha256, ca.caSha256);
    assert.equal(root.source, caUrl);
    assert.equal(root.leafSpki, spkiSha256(ca.cert));
    assert.notEqual(root.leafSpki, spkiSha256(ca.caCert), "the browser's pin is the leaf's key, not the CA's");
  });

  test('a ca.crt with another fingerprint than the pin: refused, naming both', async () => {
    served = other.caCert;
    await assert.rejects(resolveTrustRoot(input({ caSha256: ca.caSha256 }), caUrl), (error: Error) => {
      assert.match(error.message, /^node-test: the CA from http:\/\/127\.0\.0\.1:\d+\/ca\.crt has fingerprint/);
      assert.ok(error.message.includes(other.caSha256) && error.message.includes(ca.caSha256), error.message);
      assert.match(error.message, /ARCHY_CA_SHA256 in \.env\.node-test/);
      return true;
    });
  });

  test('ARCHY_CA_FILE of another CA than the one the node chains to: the verified connection refuses', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'archy-trust-')), 'ca.crt');
    writeFileSync(file, other.caCert);
    await assert.rejects(resolveTrustRoot(input({ caFile: file }), caUrl), /does not verify against the pinned CA/);
    writeFileSync(file, ca.caCert);
    const root = await resolveTrustRoot(input({ caFile: file }), caUrl);
    assert.equal(root?.source, `ARCHY_CA_FILE ${file}`);
  });

  test('ARCHY_CA_FILE holding a leaf, not a CA: refused', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'archy-trust-')), 'leaf.crt');
    writeFileSync(file, ca.cert);
    await assert.rejects(resolveTrustRoot(input({ caFile: file }), caUrl), /is not a CA/);
  });

  test('no pin, or http: no root (the preflight warns instead)', async () => {
    assert.equal(await resolveTrustRoot(input({}), caUrl), null);
    assert.equal(await resolveTrustRoot(input({ caSha256: ca.caSha256, baseUrl: 'http://127.0.0.1:1' }), caUrl), null);
  });

  test('no ca.crt on the node: an error that says to set ARCHY_CA_FILE', async () => {
    await assert.rejects(
      resolveTrustRoot(input({ caSha256: ca.caSha256 }), caUrl.replace('/ca.crt', '/nothing')),
      /answered HTTP 404, not the node's CA; set ARCHY_CA_FILE in \.env\.node-test/,
    );
  });
});
