/**
 * One trust root per node (issue 27), resolved at preflight: ARCHY_CA_FILE (a PEM; the sim: its own
 * ca.crt), or the node's own http://<node>/ca.crt (archy-surface §4.5) checked against
 * ARCHY_CA_SHA256. Preflight then opens one connection that verifies the node's chain against that
 * root alone, and keeps the root and the verified leaf's key for the run in .auth/<node>.trust.json:
 * the workers' dispatchers (lib/http/client.ts), the state feed, the Electrum client and the browser
 * read it there. An http node, or a node with neither setting, has no root: its connections are
 * unverified, which the preflight says once.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import tls from 'node:tls';
import { request } from 'undici';
import { outputPaths } from '../../config/env';
import type { NodeConfig } from '../../config/nodes';
import { TlsIdentityError } from '../tls';
import { pinnedTlsOptions, spkiSha256 } from './pin';

export interface TrustRoot {
  node: string;
  /** The CA certificate, PEM. */
  pem: string;
  /** SHA-256 of its DER, lowercase hex. */
  sha256: string;
  /** base64 SHA-256 of the public key of the leaf that preflight verified against the CA (the browser's pin). */
  leafSpki: string;
  /** Where the root came from, for messages. */
  source: string;
}

type TrustInput = Pick<NodeConfig, 'name' | 'baseUrl' | 'caSha256' | 'caFile'>;

/** Does this node's run verify TLS against a root (https and ARCHY_CA_FILE or ARCHY_CA_SHA256)? */
export function isPinned(node: TrustInput): boolean {
  return node.baseUrl.startsWith('https:') && Boolean(node.caFile || node.caSha256);
}

function firstCertificate(pem: string, where: string, node: string): X509Certificate {
  const block = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(pem)?.[0];
  if (!block) throw new TlsIdentityError(`${node}: ${where} holds no PEM certificate`);
  try {
    return new X509Certificate(block);
  } catch (error) {
    throw new TlsIdentityError(`${node}: ${where} is not a readable certificate (${(error as Error).message})`);
  }
}

const CA_FETCH_TIMEOUT_MS = 10_000;

/** archy-surface §4.5: the node hands out its CA over plain http, on the dashboard's host. */
export function caCrtUrl(baseUrl: string): string {
  return `http://${new URL(baseUrl).hostname}/ca.crt`;
}

async function fetchCaCrt(node: TrustInput, url: string): Promise<{ pem: string; source: string }> {
  const answer = await request(url, {
    headersTimeout: CA_FETCH_TIMEOUT_MS,
    bodyTimeout: CA_FETCH_TIMEOUT_MS,
    signal: AbortSignal.timeout(CA_FETCH_TIMEOUT_MS),
  }).catch((error: Error) => {
    throw new TlsIdentityError(
      `${node.name}: could not fetch the node's CA from ${url} (${error.message}); set ARCHY_CA_FILE in .env.${node.name} to the node's ca.crt instead`,
    );
  });
  const text = await answer.body.text();
  if (answer.statusCode !== 200)
    throw new TlsIdentityError(
      `${node.name}: ${url} answered HTTP ${answer.statusCode}, not the node's CA; set ARCHY_CA_FILE in .env.${node.name} to the node's ca.crt instead`,
    );
  return { pem: text, source: url };
}

/** The leaf a connection verified against the root alone presents (one handshake, nothing sent). */
function verifiedLeafSpki(root: Omit<TrustRoot, 'leafSpki'>, baseUrl: string): Promise<string> {
  const target = new URL(baseUrl);
  const host = target.hostname.replace(/^\[|\]$/g, '');
  return new Promise((resolve, reject) => {
    const socket = tls.connect({
      host,
      port: Number(target.port || 443),
      servername: /^[\d.:]+$/.test(host) ? undefined : host,
      timeout: CA_FETCH_TIMEOUT_MS,
      ...pinnedTlsOptions(root),
    });
    socket.once('secureConnect', () => {
      const raw = socket.getPeerCertificate().raw;
      socket.end();
      resolve(spkiSha256(new X509Certificate(raw).toString()));
    });
    socket.once('timeout', () => {
      socket.destroy();
      reject(new TlsIdentityError(`${root.node}: TLS handshake with ${target.host} timed out`));
    });
    socket.once('error', (error) =>
      reject(
        new TlsIdentityError(
          `${root.node}: the chain at ${baseUrl} does not verify against the pinned CA ${root.sha256} (${root.source}): ${error.message}. Refusing to run against a node whose identity does not match.`,
        ),
      ),
    );
  });
}

/**
 * Preflight: the node's trust root, checked against the pin and against the chain the node serves;
 * null for an http node or one without ARCHY_CA_FILE / ARCHY_CA_SHA256.
 */
export async function resolveTrustRoot(
  node: TrustInput,
  caUrl: string = caCrtUrl(node.baseUrl),
): Promise<TrustRoot | null> {
  if (!isPinned(node)) return null;
  const { pem, source } = node.caFile
    ? { pem: readCaFile(node), source: `ARCHY_CA_FILE ${node.caFile}` }
    : await fetchCaCrt(node, caUrl);
  const cert = firstCertificate(pem, source, node.name);
  const sha256 = createHash('sha256').update(cert.raw).digest('hex');
  if (node.caSha256 && sha256 !== node.caSha256)
    throw new TlsIdentityError(
      `${node.name}: the CA from ${source} has fingerprint ${sha256}, not the pinned ${node.caSha256} (ARCHY_CA_SHA256 in .env.${node.name}). Refusing to run against a node whose identity does not match.`,
    );
  if (!cert.ca)
    throw new TlsIdentityError(`${node.name}: the certificate from ${source} is not a CA (basicConstraints CA:FALSE)`);
  const root = { node: node.name, pem: cert.toString(), sha256, source };
  return { ...root, leafSpki: await verifiedLeafSpki(root, node.baseUrl) };
}

function readCaFile(node: TrustInput): string {
  try {
    return readFileSync(node.caFile!, 'utf8');
  } catch (error) {
    throw new TlsIdentityError(
      `${node.name}: ARCHY_CA_FILE ${node.caFile} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): fix it in .env.${node.name}`,
    );
  }
}

/** Keeps the root for the run's workers. */
export function writeTrustRoot(root: TrustRoot): void {
  const file = outputPaths().trustFile(root.node);
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, `${JSON.stringify(root, null, 2)}\n`);
  chmodSync(file, 0o600);
}

const loaded = new Map<string, TrustRoot | null>();

/**
 * The node's trust root in a worker: what preflight kept; null for an unpinned node. A pinned node
 * without it is an error (its preflight did not run in this output root).
 */
export function trustRootFor(node: TrustInput): TrustRoot | null {
  if (loaded.has(node.name)) return loaded.get(node.name)!;
  let root: TrustRoot | null = null;
  if (isPinned(node)) {
    const file = outputPaths().trustFile(node.name);
    if (!existsSync(file))
      throw new TlsIdentityError(
        `${node.name}: no trust root for this run (${file} is missing): the node's preflight (project ${node.name}-setup) resolves it before any connection`,
      );
    root = JSON.parse(readFileSync(file, 'utf8')) as TrustRoot;
    if (node.caSha256 && root.sha256 !== node.caSha256)
      throw new TlsIdentityError(
        `${node.name}: ${file} holds CA ${root.sha256}, not the pinned ${node.caSha256}: run the node's preflight again`,
      );
  }
  loaded.set(node.name, root);
  return root;
}

/** Forget loaded roots (tests). */
export function forgetTrustRoots(): void {
  loaded.clear();
}
