/** A throw-away CA and a server certificate signed by it (openssl CLI), for TLS tests on loopback. */
import { execFileSync } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface TestCa {
  caCert: string;
  key: string;
  cert: string;
  /** SHA-256 of the CA certificate (lowercase hex). */
  caSha256: string;
}

export function makeTestCa(): TestCa {
  const dir = mkdtempSync(path.join(tmpdir(), 'archy-test-ca-'));
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  run(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'ca.key',
    '-out',
    'ca.crt',
    '-days',
    '2',
    '-subj',
    '/CN=archy test CA',
  );
  run('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1');
  writeFileSync(path.join(dir, 'ext.cnf'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  run(
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    'ca.crt',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    'server.crt',
    '-days',
    '2',
    '-extfile',
    'ext.cnf',
  );
  const caCert = readFileSync(path.join(dir, 'ca.crt'), 'utf8');
  const der = new X509Certificate(caCert).raw;
  return {
    caCert,
    key: readFileSync(path.join(dir, 'server.key'), 'utf8'),
    cert: readFileSync(path.join(dir, 'server.crt'), 'utf8'),
    caSha256: createHash('sha256').update(der).digest('hex'),
  };
}
