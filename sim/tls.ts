/**
 * `--tls`: a self-signed per-node CA and a server certificate, made with the openssl CLI into
 * `<data-dir>/tls/` on the first start and reused after (like a node's setup-node-ca.sh).
 */
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface NodeTls {
  key: string;
  cert: string;
  caCertPath: string;
  /** The CA certificate, PEM. */
  caPem: string;
  /** SHA-256 of the CA certificate's DER, uppercase colon hex (as `openssl x509 -fingerprint -sha256`). */
  caSha256: string;
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'], timeout: 15_000 });
}

export interface CaRequest {
  /** The CA certificate's common name. */
  caName: string;
  /** The server certificate's common name. */
  serverName: string;
  /** subjectAltName entries, e.g. `DNS:localhost`, `IP:127.0.0.1`. */
  altNames: string[];
  caDays: number;
  serverDays: number;
}

/**
 * Writes a CA (`ca.key`, `ca.crt`) and a server key and certificate signed by it (`server.key`,
 * `server.crt`) into `dir`, with the openssl CLI (EC P-256 keys).
 */
export function issueCaAndServerCert(dir: string, request: CaRequest): void {
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl(
    [
      'req',
      '-x509',
      ...ec,
      '-keyout',
      'ca.key',
      '-out',
      'ca.crt',
      '-days',
      String(request.caDays),
      '-subj',
      `/CN=${request.caName}`,
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ],
    dir,
  );
  openssl(['req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', `/CN=${request.serverName}`], dir);
  writeFileSync(
    path.join(dir, 'server.ext'),
    `basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=${request.altNames.join(',')}\n`,
  );
  openssl(
    [
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
      String(request.serverDays),
      '-sha256',
      '-extfile',
      'server.ext',
    ],
    dir,
  );
}

export function ensureNodeTls(dataDir: string, hostname: string): NodeTls {
  const dir = path.join(dataDir, 'tls');
  const caCert = path.join(dir, 'ca.crt');
  const serverKey = path.join(dir, 'server.key');
  const serverCert = path.join(dir, 'server.crt');
  if (!existsSync(caCert) || !existsSync(serverKey) || !existsSync(serverCert)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    issueCaAndServerCert(dir, {
      caName: `Archipelago ${hostname} Node CA`,
      serverName: `${hostname}.local`,
      altNames: [`DNS:${hostname}.local`, `DNS:${hostname}`, 'DNS:localhost', 'IP:127.0.0.1', 'IP:::1'],
      caDays: 3650,
      serverDays: 825,
    });
  }
  const caPem = readFileSync(caCert, 'utf8');
  return {
    key: readFileSync(serverKey, 'utf8'),
    cert: readFileSync(serverCert, 'utf8') + caPem,
    caCertPath: caCert,
    caPem,
    caSha256: new X509Certificate(caPem).fingerprint256.toUpperCase(),
  };
}
