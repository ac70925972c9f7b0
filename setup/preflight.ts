/**
 * Preflight steps of a node's setup project: identity (TLS pin), reachability, session, facts.
 * Each is a plain function over the fixtures so node.setup.ts reads as the checklist it is.
 */
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { APIRequestContext } from '@playwright/test';
import { outputPaths, simReady } from '../config/env';
import type { NodeConfig } from '../config/nodes';
import type { RpcClient } from '../lib/rpc/client';
import { isPinned, resolveTrustRoot, trustRootFor, type TrustRoot } from '../lib/http/trust-root';
import { TlsIdentityError, verifyNodeIdentity, type IdentityCheck } from '../lib/tls';
import type { RpcLatency } from '../lib/rpc-latency';

export type IdentityVerdict =
  | { kind: 'plain-http'; warning: string }
  | { kind: 'unchecked'; warning: string }
  | { kind: 'pinned'; check: IdentityCheck; root: TrustRoot };

/** What travels over plain http to a node. */
const PLAIN_HTTP_SECRETS =
  "the dashboard password (auth.login, the browser's login form, the security checks' logins) and the session, csrf_token and remember cookies (every RPC call, the browser, the state feed, the security checks, the probes of proxy paths and app ports)";

/** What travels unverified to an https node without a pin: what goes through Playwright (its certificate checks off). */
const UNCHECKED_SECRETS =
  "the dashboard password (auth.login, the browser's login form) and the session, csrf_token and remember cookies (every RPC call, the browser)";

/** The suite's own client (lib/http/client.ts) never goes unverified: without a pin it trusts the system's CAs only. */
const UNCHECKED_OWN_CLIENT =
  "The suite's own client (probes, state feed, security checks, Electrum over TLS) accepts only a chain a system CA vouches for, so against the node's own CA those fail until it is pinned.";

/**
 * https + a pin (ARCHY_CA_SHA256 or ARCHY_CA_FILE): the trust root, its chain verified, or a throw;
 * without a pin, or over http: a warning that names the secrets that travel unverified.
 */
export async function checkIdentity(node: NodeConfig): Promise<IdentityVerdict> {
  if (!node.baseUrl.startsWith('https:'))
    return {
      kind: 'plain-http',
      warning: `${node.name}: ${node.baseUrl} is plain http — ${PLAIN_HTTP_SECRETS} travel unencrypted and to whoever answers.`,
    };
  if (!isPinned(node)) {
    return {
      kind: 'unchecked',
      warning: `${node.name}: the node's identity is unchecked — neither ARCHY_CA_SHA256 nor ARCHY_CA_FILE is set in .env.${node.name}, so ${UNCHECKED_SECRETS} go to whoever answers at ${node.baseUrl}. ${UNCHECKED_OWN_CLIENT} Pin the node's CA (see .env.example).`,
    };
  }
  const root = (await resolveTrustRoot(node))!;
  const kept = existsSync(outputPaths().trustFile(node.name)) ? trustRootFor(node) : null;
  if (kept && kept.sha256 !== root.sha256)
    throw new TlsIdentityError(
      `${node.name}: the run pinned CA ${kept.sha256} at its start, the node now has ${root.sha256}. Refusing to run against a node whose identity changed.`,
    );
  return { kind: 'pinned', check: await verifyNodeIdentity(node.name, node.baseUrl, root.sha256), root };
}

/** Does the stored session still work? A read-only, CSRF-exempt probe without re-login. */
export async function sessionIsValid(rpc: RpcClient): Promise<boolean> {
  const { status, body } = await rpc.raw('system.get-hostname', {}, { csrf: false });
  return status === 200 && typeof body === 'object' && body !== null && !(body as { error?: unknown }).error;
}

/** Save the session cookies for the node's project, readable by the owner only. */
export async function saveSession(request: APIRequestContext, file: string): Promise<void> {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  await request.storageState({ path: file });
  chmodSync(file, 0o600);
}

export interface NodeFacts {
  node: string;
  baseUrl: string;
  isSim: boolean;
  hostname: string;
  version: string | null;
  serverName: string | null;
  tls: 'plain-http' | 'unchecked' | 'pinned';
  caSha256: string | null;
  timeScale: number;
  ports: Record<string, number>;
  protectedApps: string[];
  allowDestructive: boolean;
  allowChaos: boolean;
  /** app id → "state" or "state/health" */
  apps: Record<string, string>;
  /** How fast the node answered `health` and `server.get-state` in the preflight (p50/p95 of a few calls). */
  rpcLatency?: RpcLatency;
  /** The sim's variant (sim/guesses/): spec and one choice per guess; absent on a real node. */
  simVariant?: { spec: string; choices: Record<string, string>; differs: string[] };
  checkedAt: string;
}

export async function collectFacts(
  rpc: RpcClient,
  node: NodeConfig,
  identity: IdentityVerdict,
  rpcLatency?: RpcLatency,
): Promise<NodeFacts> {
  const hostname = await rpc.hostname();
  // Read raw, not through the schema: the facts are report metadata, and a schema drift must turn the
  // `state` cells red (where the schema is checked per app), not stop the whole run at setup.
  const raw = asRecord(await rpc.call('server.get-state'));
  const data = asRecord(raw.data ?? raw);
  const info = asRecord(data['server-info']);
  const apps: Record<string, string> = {};
  for (const [id, value] of Object.entries(asRecord(data['package-data'])).sort(([a], [b]) => a.localeCompare(b))) {
    const entry = asRecord(value);
    const state = typeof entry.state === 'string' ? entry.state : `(state ${JSON.stringify(entry.state)})`;
    apps[id] =
      entry.health !== undefined && entry.health !== null && entry.health !== ''
        ? `${state}/${String(entry.health)}`
        : state;
  }
  return {
    node: node.name,
    baseUrl: node.baseUrl,
    isSim: node.isSim,
    hostname,
    version: typeof info.version === 'string' ? info.version : null,
    serverName: typeof info.name === 'string' ? info.name : null,
    tls: identity.kind,
    caSha256: identity.kind === 'pinned' ? identity.check.matched.sha256 : null,
    timeScale: node.timeScale,
    ports: node.ports,
    protectedApps: node.protectedApps,
    allowDestructive: node.allowDestructive,
    allowChaos: node.allowChaos,
    apps,
    ...(rpcLatency ? { rpcLatency } : {}),
    ...(node.isSim && node.name === 'sim' ? simVariantFact() : {}), // the node container is a sim without a local SIM_READY
    checkedAt: new Date().toISOString(),
  };
}

function simVariantFact(): Pick<NodeFacts, 'simVariant'> {
  const v = simReady().variant;
  return v ? { simVariant: { spec: v.spec, choices: v.choices, differs: v.differs } } : {};
}

function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

export function writeFacts(file: string, facts: NodeFacts): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(facts, null, 2)}\n`);
}

export function storedSessionExists(file: string): boolean {
  return existsSync(file);
}
