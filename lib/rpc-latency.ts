/**
 * How fast the node answers (issue 28: a slow node is named, not suffered): `health` and
 * `server.get-state` called a few times one after the other, p50/p95 of each. The preflight puts it
 * in the report (reports/env/<node>.json `rpcLatency`), L6 judges get-state's p95 against the
 * rpc-latency KPI (config/kpis.ts), and the gate's ETA counts it (reporters/gate-timing.ts).
 */
export interface LatencyStats {
  calls: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
}

export interface RpcLatency {
  health: LatencyStats;
  getState: LatencyStats;
  measuredAt: string;
}

/** Calls of each method per measurement: enough for a p95 of what a test meets, few enough for a slow node's preflight. */
export const LATENCY_CALLS = 5;

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

async function timed(call: () => Promise<unknown>, n: number): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    await call();
    samples.push(performance.now() - started);
  }
  return samples;
}

/** What the measurement needs of the RPC client (lib/rpc/client.ts RpcClient has it). */
export interface LatencyRpc {
  health(): Promise<unknown>;
  call(method: string, params?: unknown): Promise<unknown>;
}

export async function measureRpcLatency(rpc: LatencyRpc, calls = LATENCY_CALLS): Promise<RpcLatency> {
  const health = await timed(() => rpc.health(), calls);
  const getState = await timed(() => rpc.call('server.get-state'), calls);
  return { health: latencyStats(health), getState: latencyStats(getState), measuredAt: new Date().toISOString() };
}

/** "server.get-state p50 3012 ms, p95 3020 ms (5 calls); health p50 2 ms, p95 3 ms" */
export function describeLatency(l: RpcLatency): string {
  const one = (name: string, s: LatencyStats): string =>
    `${name} p50 ${Math.round(s.p50Ms)} ms, p95 ${Math.round(s.p95Ms)} ms (${s.calls} calls)`;
  return `${one('server.get-state', l.getState)}; ${one('health', l.health)}`;
}
