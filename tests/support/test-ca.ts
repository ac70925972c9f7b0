/** A throw-away CA and a server certificate signed by it (the sim's openssl recipe), for TLS tests on loopback. */
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TrustRoot } from '../../lib/http/trust-root';
import { issueCaAndServerCert } from '../../sim/tls';

export interface TestCa {
  caCert: string;
  key: string;
  cert: string;
  /** SHA-256 of the CA certificate (lowercase hex). */
  caSha256: string;
}

export function makeTestCa(): TestCa {
  const dir = mkdtempSync(path.join(tmpdir(), 'archy-test-ca-'));
  issueCaAndServerCert(dir, {
    caName: 'archy test CA',
    serverName: '127.0.0.1',
    altNames: ['IP:127.0.0.1', 'DNS:localhost'],
    caDays: 2,
    serverDays: 2,
  });
  const caCert = readFileSync(path.join(dir, 'ca.crt'), 'utf8');
  const der = new X509Certificate(caCert).raw;
  return {
    caCert,
    key: readFileSync(path.join(dir, 'server.key'), 'utf8'),
    cert: readFileSync(path.join(dir, 'server.crt'), 'utf8'),
    caSha256: createHash('sha256').update(der).digest('hex'),
  };
}

/** A trust root for a CA certificate, as preflight would keep it (no leaf key: tests of the pinned client). */
export function trustRootOf(node: string, caPem: string): TrustRoot {
  const cert = new X509Certificate(caPem);
  return {
    node,
    pem: cert.toString(),
    sha256: createHash('sha256').update(cert.raw).digest('hex'),
    leafSpki: '',
    source: 'a test CA',
  };
}
