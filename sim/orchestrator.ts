/**
 * The simulated orchestrator's podman call counts per lifecycle event (archy-TESTING.md KPI:
 * today's imperative path makes 7-10 podman shell-outs per install, a Quadlet path 1-2).
 */
import type { Orchestrator } from './options';
import { METRIC, type Metrics } from './metrics';

export type LifecycleEvent = 'install' | 'start' | 'stop' | 'restart' | 'uninstall' | 'reconcile' | 'oom-restart';

/** podman invocations for one event on an app with `containers` containers. */
export function podmanCallsFor(mode: Orchestrator, event: LifecycleEvent, containers: number): number {
  const n = Math.max(1, containers);
  if (mode === 'quadlet') {
    // image exists (+ one health probe per extra container); the rest is systemctl
    const table: Record<LifecycleEvent, number> = {
      install: Math.min(2, n),
      start: 0,
      stop: 0,
      restart: 0,
      uninstall: 1,
      reconcile: 1,
      'oom-restart': 0,
    };
    return table[event];
  }
  // imperative: image exists, network exists, rm -f stale, create, start, inspect ×2 (+1 per extra container)
  const table: Record<LifecycleEvent, number> = {
    install: Math.min(10, 7 + (n - 1)),
    start: 1 + n,
    stop: n,
    restart: 2 * n,
    uninstall: 2 * n + 1,
    reconcile: n, // one podman inspect per container per tick
    'oom-restart': 0,
  };
  return table[event];
}

export class OrchestratorMeter {
  constructor(
    private readonly mode: Orchestrator,
    private readonly metrics: Metrics,
  ) {}

  /** Counts the podman calls of one event and returns them. */
  record(event: LifecycleEvent, containers: number): number {
    const calls = podmanCallsFor(this.mode, event, containers);
    const labels = { event, orchestrator: this.mode };
    this.metrics.inc(METRIC.podmanCalls[0], METRIC.podmanCalls[1], labels, calls);
    this.metrics.inc(METRIC.lifecycleEvents[0], METRIC.lifecycleEvents[1], labels);
    if (event !== 'reconcile') this.metrics.set(METRIC.podmanCallsLast[0], METRIC.podmanCallsLast[1], calls, labels);
    return calls;
  }
}
