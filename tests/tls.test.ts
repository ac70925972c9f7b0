import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { fetchCertificateChain, normalizeFingerprint, TlsIdentityError, verifyNodeIdentity } from '../lib/tls';
import { checkIdentity } from '../setup/preflight';
import type { NodeConfig } from '../config/nodes';
import { makeTestCa, type TestCa } from './support/test-ca';
import { realNodeFor } from './support/node-config';

describe('node identity (TLS pin)', () => {
  let ca: TestCa;
  let server: Server;
  let url: string;

  before(async () => {
    ca = makeTestCa();
    // The server sends its leaf and the CA, as a node with a per-node CA does.
    server = createServer({ key: ca.key, cert: ca.cert + ca.caCert }, (_req, res) => res.end('ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const node = (caSha256?: string, caFile?: string): NodeConfig =>
    realNodeFor({ name: 'node-test', baseUrl: url, hostname: '127.0.0.1', caSha256, caFile });

  test('the chain holds the leaf and the CA', async () => {
    const chain = await fetchCertificateChain(url);
    assert.ok(chain.length >= 2, JSON.stringify(chain));
    assert.ok(chain.some((c) => c.sha256 === ca.caSha256));
  });

  test('a matching pin passes (colons and case do not matter)', async () => {
    const pin = ca.caSha256.toUpperCase().match(/../g)!.join(':');
    const check = await verifyNodeIdentity('node-test', url, pin);
    assert.equal(check.matched.sha256, ca.caSha256);
    assert.equal(normalizeFingerprint(pin), ca.caSha256);
  });

  test('a wrong pin refuses to run, naming node, pin and what was presented', async () => {
    const wrong = 'ab'.repeat(32);
    await assert.rejects(verifyNodeIdentity('node-test', url, wrong), (error: unknown) => {
      assert.ok(error instanceof TlsIdentityError);
      assert.match(
        error.message,
        /^node-test: the certificate chain at https:\/\/127\.0\.0\.1:\d+ does not contain the pinned CA abab/,
      );
      assert.match(error.message, new RegExp(ca.caSha256));
      assert.match(error.message, /Refusing to run/);
      return true;
    });
  });

  test('preflight: pinned → verified; https without pin or http → a warning naming the secrets', async () => {
    const caFile = path.join(mkdtempSync(path.join(tmpdir(), 'archy-tls-ca-')), 'ca.crt');
    writeFileSync(caFile, ca.caCert);
    const pinned = await checkIdentity(node(ca.caSha256, caFile));
    assert.equal(pinned.kind, 'pinned');
    assert.equal(pinned.kind === 'pinned' ? pinned.root.sha256 : '', ca.caSha256);
    const unchecked = await checkIdentity(node(undefined));
    assert.equal(unchecked.kind, 'unchecked');
    assert.match(
      unchecked.kind === 'unchecked' ? unchecked.warning : '',
      /identity is unchecked — neither ARCHY_CA_SHA256 nor ARCHY_CA_FILE is set in \.env\.node-test, so the dashboard password .* and the session, csrf_token and remember cookies/,
    );
    const plain = await checkIdentity({ ...node(undefined), baseUrl: 'http://127.0.0.1:1' });
    assert.equal(plain.kind, 'plain-http');
    assert.match(plain.kind === 'plain-http' ? plain.warning : '', /plain http — the dashboard password/);
    assert.match(plain.kind === 'plain-http' ? plain.warning : '', /the probes of proxy paths and app ports/);
    assert.match(
      unchecked.kind === 'unchecked' ? unchecked.warning : '',
      /own client \(probes, state feed, security checks, Electrum over TLS\) .* fail until it is pinned/,
    );
  });
});
