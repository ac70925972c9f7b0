/**
 * How fast the node answers (a slow node is named, not suffered): `health` and `server.get-state`
 * called in pairs, one after the other, p50/p95 of each. The preflight puts it in the report
 * (reports/env/<node>.json `rpcLatency`) and warns; L6 judges it against the rpc-latency KPI
 * (config/kpis.ts).
 *
 * What the KPI rests on: get-state's own time, its answer time less that of the `health` call made
 * just before it. Both cross the same link and the same runner; `health` does no work on the node, so
 * what it takes is what any call pays on the way (a loaded runner, a busy event loop, TLS). A slow
 * node's get-state is slow on its own; a loaded runner makes both slow alike.
 */
import { callAsSent, type NodeRpc } from './rpc/node-rpc';

/** The preflight's annotation with server.get-state's p50 in ms (the gate's ETA reads it). */
export const RPC_GET_STATE_P50_ANNOTATION = 'rpc-get-state-p50-ms';

export interface LatencyStats {
  calls: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
}

export interface RpcLatency {
  health: LatencyStats;
  getState: LatencyStats;
  /** get-state's answer time less the paired health call's, per pair (never below 0). */
  getStateOwn: LatencyStats;
  measuredAt: string;
}

/** Pairs in the preflight: enough for a p50 and a first p95, few enough for a slow node's preflight (60 s). */
export const LATENCY_CALLS = 5;
/** Pairs in the L6 KPI: with 20 the nearest-rank p95 is the 19th, so one call caught by a busy runner does not decide. */
export const KPI_LATENCY_CALLS = 20;

/** Nearest-rank percentile (p in 0..100) of `values`; 0 for none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

export function latencyStats(samplesMs: readonly number[]): LatencyStats {
  const round = (ms: number): number => Math.round(ms * 10) / 10;
  return {
    calls: samplesMs.length,
    p50Ms: round(percentile(samplesMs, 50)),
    p95Ms: round(percentile(samplesMs, 95)),
    maxMs: round(Math.max(0, ...samplesMs)),
  };
}

async function timed(call: () => Promise<unknown>, now: () => number): Promise<number> {
  const started = now();
  await call();
  return now() - started;
}

/** What the measurement needs of the node: its `health` and its `server.get-state` (lib/rpc/node-rpc.ts callAsSent). */
export interface LatencyRpc {
  health(): Promise<unknown>;
  getState(): Promise<unknown>;
}

export async function measureRpcLatency(
  rpc: LatencyRpc,
  pairs = LATENCY_CALLS,
  now: () => number = () => performance.now(),
): Promise<RpcLatency> {
  const health: number[] = [];
  const getState: number[] = [];
  const own: number[] = [];
  for (let i = 0; i < pairs; i++) {
    const h = await timed(() => rpc.health(), now);
    const g = await timed(() => rpc.getState(), now);
    health.push(h);
    getState.push(g);
    own.push(Math.max(0, g - h));
  }
  return {
    health: latencyStats(health),
    getState: latencyStats(getState),
    getStateOwn: latencyStats(own),
    measuredAt: new Date().toISOString(),
  };
}

/** "server.get-state p50 3012 ms, p95 3020 ms (own p95 3018 ms; 5 calls); health p50 2 ms, p95 3 ms" */
export function describeLatency(l: RpcLatency): string {
  const ms = (v: number): string => `${Math.round(v)} ms`;
  return (
    `server.get-state p50 ${ms(l.getState.p50Ms)}, p95 ${ms(l.getState.p95Ms)} ` +
    `(own p95 ${ms(l.getStateOwn.p95Ms)}, less the paired health call; ${l.getState.calls} calls); ` +
    `health p50 ${ms(l.health.p50Ms)}, p95 ${ms(l.health.p95Ms)}`
  );
}

/** The node's health and server.get-state through its RPC client, as every node call goes (lib/rpc/methods.ts keys). */
export function latencyRpc(rpc: NodeRpc): LatencyRpc {
  return { health: () => callAsSent(rpc, 'health'), getState: () => callAsSent(rpc, 'getState') };
}
