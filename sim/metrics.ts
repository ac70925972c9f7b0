/**
 * Prometheus counters and gauges of the node for the performance layer (L6): podman calls per
 * lifecycle event, reconcile-tick wall time, daemon start-up time, RPC calls.
 */
type Labels = Record<string, string>;

interface Series {
  help: string;
  type: 'counter' | 'gauge';
  values: Map<string, number>;
}

function labelKey(labels: Labels): string {
  const keys = Object.keys(labels).sort();
  return keys.map((k) => `${k}="${String(labels[k]).replace(/["\\\n]/g, '_')}"`).join(',');
}

export class Metrics {
  private readonly series = new Map<string, Series>();

  private get(name: string, type: Series['type'], help: string): Series {
    let s = this.series.get(name);
    if (!s) {
      s = { help, type, values: new Map() };
      this.series.set(name, s);
    }
    return s;
  }

  inc(name: string, help: string, labels: Labels = {}, by = 1): void {
    const s = this.get(name, 'counter', help);
    const key = labelKey(labels);
    s.values.set(key, (s.values.get(key) ?? 0) + by);
  }

  set(name: string, help: string, value: number, labels: Labels = {}): void {
    this.get(name, 'gauge', help).values.set(labelKey(labels), value);
  }

  value(name: string, labels: Labels = {}): number | undefined {
    return this.series.get(name)?.values.get(labelKey(labels));
  }

  render(): string {
    const out: string[] = [];
    for (const [name, s] of this.series) {
      out.push(`# HELP ${name} ${s.help}`, `# TYPE ${name} ${s.type}`);
      for (const [key, v] of s.values)
        out.push(`${name}${key ? `{${key}}` : ''} ${Number.isInteger(v) ? v : v.toFixed(6)}`);
    }
    return out.join('\n') + '\n';
  }
}

export const METRIC = {
  podmanCalls: ['archy_podman_calls_total', 'podman invocations by the orchestrator, by lifecycle event'],
  lifecycleEvents: ['archy_lifecycle_events_total', 'lifecycle events handled by the orchestrator'],
  podmanCallsLast: ['archy_podman_calls_last', 'podman invocations of the last event of this kind'],
  reconcileLast: ['archy_reconcile_tick_seconds_last', 'wall time of the last reconcile tick'],
  reconcileSum: ['archy_reconcile_tick_seconds_sum', 'total wall time of reconcile ticks'],
  reconcileCount: ['archy_reconcile_ticks_total', 'reconcile ticks run'],
  reconcileMax: ['archy_reconcile_tick_seconds_max', 'slowest reconcile tick'],
  startup: ['archy_daemon_startup_seconds', 'daemon start-up time: process start to the RPC port answering'],
  daemonStarts: ['archy_daemon_starts_total', 'daemon starts (first start, restarts, kill -9 recoveries, reboots)'],
  rpcCalls: ['archy_rpc_requests_total', 'JSON-RPC requests by method and HTTP status'],
} as const;
