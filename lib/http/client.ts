/**
 * The suite's own HTTP to a node (issue 27): the requests that do not go through Playwright (raw
 * security requests, the state feed's handshake options, probes that take a target) share this one
 * undici-based client. One dispatcher per node carries the node's trust root (`connect.ca` and a
 * `checkServerIdentity` that holds the pin, lib/http/pin.ts), keeps connections alive and bounds
 * every wait. A connection that meets a chain without the pinned CA fails with IdentityChangedError,
 * and nothing more goes to that node from this process.
 */
import type { ConnectionOptions } from 'node:tls';
import { Agent, request, type Dispatcher } from 'undici';
import type { NodeConfig } from '../../config/nodes';
import { assertIdentityHolds, explainFailure, pinnedTlsOptions } from './pin';
import { cookieHeaderFor, type StoredCookie } from './session-cookies';
import { trustRootFor, type TrustRoot } from './trust-root';

/** A node as the client reaches it: its name (for messages and the stop) and its trust root (null: unverified). */
export interface NodeTarget {
  node: string;
  root: TrustRoot | null;
}

export function targetFor(node: TargetInput): NodeTarget {
  return { node: node.name, root: trustRootFor(node) };
}

type TargetInput = Pick<NodeConfig, 'name' | 'baseUrl' | 'caSha256' | 'caFile'>;

/** What probes reach a node with: its target (the pinned client) and its session's cookies. */
export interface NodeHttp {
  target: NodeTarget;
  /** The Cookie header of the node's session for a request to `url` ('' without a session). */
  cookieHeader(url: string): Promise<string>;
}

/** The node's client; `cookies` lists the session's cookies (the RPC client's request context holds them). */
export function nodeHttp(
  node: TargetInput,
  cookies: () => Promise<readonly StoredCookie[]> = () => Promise.resolve([]),
): NodeHttp {
  return { target: targetFor(node), cookieHeader: async (url) => cookieHeaderFor(await cookies(), url, node.baseUrl) };
}

const CONNECT_TIMEOUT_MS = 10_000;
const KEEP_ALIVE_MS = 4_000;

const agents = new Map<string, Agent>();

function dispatcherFor(target: NodeTarget): Dispatcher {
  const key = `${target.node} ${target.root?.sha256 ?? 'unverified'}`;
  let agent = agents.get(key);
  if (!agent) {
    agent = new Agent({
      connect: { timeout: CONNECT_TIMEOUT_MS, ...tlsOptionsFor(target) },
      keepAliveTimeout: KEEP_ALIVE_MS,
      keepAliveMaxTimeout: 30_000,
      connections: 16,
    });
    agents.set(key, agent);
  }
  return agent;
}

/**
 * TLS options of a connection to the node made outside undici (websocket, Electrum); the dispatchers
 * use them too. Without a root (an https node with neither ARCHY_CA_FILE nor ARCHY_CA_SHA256) the
 * chain must lead to a CA the system trusts: a node's own CA is refused until it is pinned.
 */
export function tlsOptionsFor(target: NodeTarget): Pick<ConnectionOptions, 'ca' | 'checkServerIdentity'> {
  return target.root ? pinnedTlsOptions(target.root) : {};
}

/** Before any connection to the node: throws when a connection of this process met a changed identity. */
export function beforeConnect(target: NodeTarget): void {
  assertIdentityHolds(target.node);
}

/** A failed connection: an IdentityChangedError when the chain was refused, else the error as it was. */
export async function connectionFailure(target: NodeTarget, url: string, error: unknown): Promise<unknown> {
  return target.root ? explainFailure(target.root, url, error) : error;
}

export interface NodeRequest {
  method?: 'GET' | 'POST';
  /** Sent exactly as given (Host and Cookie included). */
  headers?: Record<string, string>;
  body?: string;
  /** Bounds the whole exchange. */
  timeoutMs: number;
  /** A connection of its own, closed after the answer (as a fresh client's would be). */
  fresh?: boolean;
}

export interface NodeAnswer {
  status: number;
  /** Response headers, one entry per value (several Set-Cookie lines stay apart). */
  headers: [string, string][];
  text: string;
}

export class NodeRequestTimeout extends Error {
  override name = 'NodeRequestTimeout';
}

export async function nodeRequest(target: NodeTarget, url: string, options: NodeRequest): Promise<NodeAnswer> {
  beforeConnect(target);
  const signal = AbortSignal.timeout(options.timeoutMs);
  try {
    const answer = await request(url, {
      dispatcher: dispatcherFor(target),
      method: options.method ?? 'GET',
      headers: options.headers,
      body: options.body,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      reset: options.fresh ?? false,
      signal,
    });
    const text = await answer.body.text();
    const headers: [string, string][] = [];
    for (const [name, value] of Object.entries(answer.headers))
      for (const v of Array.isArray(value) ? value : [value]) if (v !== undefined) headers.push([name, v]);
    return { status: answer.statusCode, headers, text };
  } catch (error) {
    if (signal.aborted)
      throw new NodeRequestTimeout(`${options.method ?? 'GET'} ${url}: no answer within ${options.timeoutMs} ms`);
    throw await connectionFailure(target, url, error);
  }
}

/** Close every dispatcher (tests, end of a script). */
export async function closeNodeClients(): Promise<void> {
  const all = [...agents.values()];
  agents.clear();
  await Promise.all(all.map((a) => a.close().catch(() => undefined)));
}
