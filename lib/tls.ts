/**
 * A node's identity: fetch the certificate chain it serves and compare SHA-256 fingerprints with the
 * pinned CA (ARCHY_CA_SHA256). Real nodes use a per-node CA, so browsers run with ignoreHTTPSErrors and
 * this check is what makes sure the suite talks to the right node.
 */
import tls from 'node:tls';

export interface ChainCertificate {
  subject: string;
  issuer: string;
  /** SHA-256 of the DER certificate, lowercase hex without colons. */
  sha256: string;
}

export class TlsIdentityError extends Error {
  override name = 'TlsIdentityError';
}

export function normalizeFingerprint(value: string): string {
  return value.replace(/:/g, '').toLowerCase();
}

function describeName(name: tls.Certificate | undefined): string {
  if (!name) return '?';
  return Object.entries(name)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : String(v)}`)
    .join(', ');
}

/** Every certificate the server presents, leaf first, up to its self-signed root if sent. */
export function fetchCertificateChain(url: string, timeoutMs = 10_000): Promise<ChainCertificate[]> {
  const target = new URL(url);
  if (target.protocol !== 'https:')
    return Promise.reject(new TlsIdentityError(`${url} is not https: there is no certificate to check`));
  const port = Number(target.port || 443);
  const host = target.hostname.replace(/^\[|\]$/g, '');
  return new Promise((resolve, reject) => {
    const socket = tls.connect({
      host,
      port,
      servername: /^[\d.:]+$/.test(host) ? undefined : host, // SNI only for names, not IPs
      rejectUnauthorized: false, // we check the fingerprint ourselves
      timeout: timeoutMs,
    });
    socket.once('secureConnect', () => {
      const chain: ChainCertificate[] = [];
      const seen = new Set<string>();
      let cert: tls.DetailedPeerCertificate | undefined = socket.getPeerCertificate(true);
      while (cert && cert.raw && !seen.has(cert.fingerprint256)) {
        seen.add(cert.fingerprint256);
        chain.push({
          subject: describeName(cert.subject),
          issuer: describeName(cert.issuer),
          sha256: normalizeFingerprint(cert.fingerprint256),
        });
        cert = cert.issuerCertificate;
      }
      socket.end();
      resolve(chain);
    });
    socket.once('timeout', () => {
      socket.destroy();
      reject(new TlsIdentityError(`TLS handshake with ${host}:${port} timed out after ${timeoutMs} ms`));
    });
    socket.once('error', (error) =>
      reject(new TlsIdentityError(`TLS connection to ${host}:${port} failed: ${error.message}`)),
    );
  });
}

export interface IdentityCheck {
  /** The chain certificate that matched the pin. */
  matched: ChainCertificate;
  chain: ChainCertificate[];
}

/**
 * Refuse to go on unless some certificate of the chain has the pinned fingerprint.
 * (A node's CA may be the leaf's issuer or, for a self-signed node, the leaf itself.)
 */
export async function verifyNodeIdentity(node: string, url: string, expectedSha256: string): Promise<IdentityCheck> {
  const expected = normalizeFingerprint(expectedSha256);
  const chain = await fetchCertificateChain(url);
  const matched = chain.find((c) => c.sha256 === expected);
  if (!matched) {
    const seen = chain.map((c) => `${c.sha256} (${c.subject})`).join('; ') || 'no certificate';
    throw new TlsIdentityError(
      `${node}: the certificate chain at ${url} does not contain the pinned CA ${expected} (ARCHY_CA_SHA256 in .env.${node}); it presents ${seen}. Refusing to run against a node whose identity does not match.`,
    );
  }
  return { matched, chain };
}
