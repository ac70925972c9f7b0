/**
 * The pin on every TLS connection of the suite to a node (issue 27): the node's trust root
 * (lib/http/trust-root.ts) is the only CA (`ca`), and `checkServerIdentity` holds the pin instead of
 * the host name (a node reached by IP need not name it: the pinned CA is its identity).
 *
 * A changed identity is a stop: the first connection that meets a chain without the pinned CA fails
 * with an IdentityChangedError that names the node and both fingerprints, and every later connection
 * of this process to that node fails with the same error before it opens a socket.
 */
import { createHash, X509Certificate } from 'node:crypto';
import type { ConnectionOptions, DetailedPeerCertificate, PeerCertificate } from 'node:tls';
import { fetchCertificateChain, normalizeFingerprint } from '../tls';
import type { TrustRoot } from './trust-root';

export class IdentityChangedError extends Error {
  override name = 'IdentityChangedError';
  constructor(
    readonly node: string,
    readonly expected: string,
    readonly seen: string,
    readonly where: string,
  ) {
    super(
      `${node}: the node's identity changed — ${where} presented a certificate chain without the pinned CA ${expected} (it presented ${seen}). The run stops here: nothing more is sent to ${node}.`,
    );
  }
}

const stopped = new Map<string, IdentityChangedError>();

/** Throws the stop of this node, if a connection already met a changed identity. */
export function assertIdentityHolds(node: string): void {
  const stop = stopped.get(node);
  if (stop) throw stop;
}

/** Remembers the stop (the first one wins) and returns the error to throw. */
export function stopNode(error: IdentityChangedError): IdentityChangedError {
  const first = stopped.get(error.node) ?? error;
  stopped.set(error.node, first);
  return first;
}

/** Forget every stop (tests only). */
export function forgetStops(): void {
  stopped.clear();
}

function chainOf(cert: PeerCertificate | DetailedPeerCertificate): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  let c: DetailedPeerCertificate | undefined = cert as DetailedPeerCertificate;
  while (c?.raw && !seen.has(c.fingerprint256)) {
    seen.add(c.fingerprint256);
    out.push(createHash('sha256').update(c.raw).digest('hex'));
    c = c.issuerCertificate;
  }
  return out;
}

/** Node TLS options of a pinned connection: only the trust root, and the pin in place of the host name check. */
export function pinnedTlsOptions(
  root: Pick<TrustRoot, 'node' | 'pem' | 'sha256'>,
): Pick<ConnectionOptions, 'ca' | 'checkServerIdentity'> {
  return {
    ca: [root.pem],
    checkServerIdentity: (_host, cert) => {
      const chain = chainOf(cert);
      if (chain.includes(root.sha256)) return undefined;
      return stopNode(
        new IdentityChangedError(root.node, root.sha256, chain.join(', ') || 'no certificate', 'a TLS connection'),
      );
    },
  };
}

/** OpenSSL's verdicts on a chain that does not lead to the only CA given. */
const UNTRUSTED =
  /SELF_SIGNED_CERT_IN_CHAIN|DEPTH_ZERO_SELF_SIGNED_CERT|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT|CERT_SIGNATURE_FAILURE|CERT_UNTRUSTED|self[- ]signed certificate|unable to verify the first certificate|unable to get (local )?issuer certificate/i;

function errorText(error: unknown): string {
  const parts: string[] = [];
  let e: unknown = error;
  for (let i = 0; i < 4 && e; i++) {
    const x = e as { code?: unknown; message?: unknown; cause?: unknown };
    parts.push(`${String(x.code ?? '')} ${String(x.message ?? e)}`);
    e = x.cause;
  }
  return parts.join(' | ');
}

/** The IdentityChangedError inside an error (as undici or ws wrap it), if any. */
export function identityErrorIn(error: unknown): IdentityChangedError | undefined {
  let e: unknown = error;
  for (let i = 0; i < 4 && e; i++) {
    if (e instanceof IdentityChangedError) return e;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * A failed connection to a pinned node, explained: when OpenSSL refused the chain (it does not lead
 * to the trust root), the chain the node presents now is read (one handshake, nothing sent) so the
 * error can name the fingerprint it saw; the node is stopped. Any other error comes back as it was.
 */
export async function explainFailure(
  root: Pick<TrustRoot, 'node' | 'sha256'>,
  url: string,
  error: unknown,
): Promise<unknown> {
  const known = identityErrorIn(error);
  if (known) return stopNode(known);
  if (!UNTRUSTED.test(errorText(error))) return error;
  const target = new URL(url);
  const chainUrl = `https://${target.host}/`;
  const seen = await fetchCertificateChain(chainUrl, 5_000).then(
    (chain) => chain.map((c) => `${c.sha256} (${c.subject})`).join(', ') || 'no certificate',
    (e: Error) => `a chain that could not be read (${e.message})`,
  );
  return stopNode(new IdentityChangedError(root.node, root.sha256, seen, `${target.host}`));
}

/** base64 SHA-256 of a certificate's public key (Chromium's --ignore-certificate-errors-spki-list). */
export function spkiSha256(pem: string): string {
  const der = new X509Certificate(pem).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('base64');
}

export { normalizeFingerprint };
