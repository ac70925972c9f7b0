/**
 * What a probe is given and what it returns. Probes depend on these narrow shapes, not on the
 * fixtures, so they run the same inside Playwright specs and in node:test unit tests.
 */
import type { AppEntry, CellId } from '../../config/apps';
import type { NodeProfile } from '../../config/profiles';
import type { NodeHttp } from '../http/client';

/** The node as probes see it (a subset of the foundation's `nodeConfig`). */
export interface ProbeNode {
  name: string;
  /** Dashboard origin, e.g. `https://archy.local` or `http://127.0.0.1:41000`. */
  baseUrl: string;
  isSim: boolean;
  /** Direct ports by name (`bitcoin-rpc`, `archy-bitcoin-ui`, `electrum`, `lnd-rest`). */
  ports: Record<string, number>;
  /** Schemes of direct ports that differ from the app's own (ARCHY_PORT_SCHEMES), by port name. */
  portSchemes?: Record<string, 'http:' | 'https:'>;
}

/** The archy RPC calls probes need (the foundation's `rpc` fixture has them). */
export interface ProbeRpc {
  bitcoinGetinfo(): Promise<unknown>;
  containerList(): Promise<unknown>;
}

export interface BitcoinRpcAuth {
  user: string;
  password: string;
}

export interface ProbeContext {
  node: ProbeNode;
  /** The node's reviewed profile (config/profiles.ts), loaded once by the fixtures; null: none. */
  profile: NodeProfile | null;
  app: AppEntry;
  /** The node's client (lib/http/client.ts): its pinned root and its session's cookies. */
  request: NodeHttp;
  rpc: ProbeRpc;
  /** Bitcoin JSON-RPC credentials when known; null = that half of the probe is skipped with a reason. */
  bitcoinRpcAuth: BitcoinRpcAuth | null;
  /** Upper bound for one network exchange (ms). */
  timeoutMs: number;
}

export interface ProbeResult {
  node: string;
  app: string;
  cell: CellId;
  /** One line per check that passed, e.g. `bitcoin.getinfo: chain=regtest blocks=120 headers=120`. */
  checks: string[];
  /** Parts not checked, each with the reason (e.g. credentials unknown on a real node). */
  skipped: string[];
  /** Values read, for attachments and cross-checks. */
  data: Record<string, unknown>;
  /** Guessed checks' notes ("guess unchecked" / "guess contradicted"), for the test's annotations. */
  annotations: { type: string; description?: string }[];
}

export type Probe = (ctx: ProbeContext) => Promise<ProbeResult>;

export function emptyResult(ctx: ProbeContext, cell: CellId): ProbeResult {
  return { node: ctx.node.name, app: ctx.app.id, cell, checks: [], skipped: [], data: {}, annotations: [] };
}
