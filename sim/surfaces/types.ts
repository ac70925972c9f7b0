/**
 * Interface between the simulated daemon (sim/*.ts) and the simulated app surfaces (sim/surfaces/).
 * The daemon owns package state; the surfaces serve what a running container would serve.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface ChainInfo {
  chain: string; // guess chain-params
  blocks: number;
  headers: number;
  bestblockhash: string;
  verificationprogress: number;
  mediantime: number;
  difficulty: number;
  size_on_disk: number;
  pruned: boolean;
}

export interface SurfaceContext {
  host: string; // bind address (loopback)
  portBase: number; // direct ports are portBase + offset (see sim/CONTRACT.md)
  tls?: { key: string; cert: string }; // when set, HTTP surfaces speak https (Electrum TCP stays plain)
  /** Is this container up right now (state running/restarting-up, not killed, not faulted)? */
  isUp(appId: string): boolean;
  /** The id of the bitcoin node that is installed ('bitcoin-knots' | 'bitcoin-core'), or null. */
  bitcoinNode(): string | null;
  /** Live chain data (moves on as blocks are "mined"). */
  chain(): ChainInfo;
  /** Is a named fault on (e.g. 'electrum-down', 'proxy-502:lnd', 'direct-port-closed:archy-bitcoin-ui')? */
  faultOn(name: string): boolean;
  /** Bitcoin RPC basic-auth credentials. */
  bitcoinRpcAuth(): { user: string; password: string };
  /** Is the network partitioned right now (accept, never answer)? */
  partitioned(): boolean;
  /** Does the request carry a valid dashboard session cookie? */
  hasDashboardSession(req: IncomingMessage): boolean;
  log(line: string): void;
}

export interface Surfaces {
  /** Bind the direct ports of apps that are up. */
  start(): Promise<void>;
  /** Re-evaluate which direct ports listen; call after every state change. Opens/closes listeners. */
  refresh(): Promise<void>;
  /**
   * Serve `/app/<path>/…` on the main (dashboard) server. Returns false when the path is not an app path
   * (the caller then serves the dashboard).
   */
  handleProxy(req: IncomingMessage, res: ServerResponse): boolean;
  /** name → actual port, for every direct port (listening or not). */
  readonly ports: Record<string, number>;
  /** Close every listener and open socket. */
  stop(): Promise<void>;
}

export type CreateSurfaces = (ctx: SurfaceContext) => Surfaces;
