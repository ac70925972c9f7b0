/**
 * The daemon's reconcile passes, read from its log lines (archy-surface §3.3: "reconcile pass
 * completed … ok=59 failed=3"), for L6 on a node without Prometheus /metrics. A pass's cost is
 * taken only from a duration the line itself gives ("in 12.5 ms", "took 1.2s", "duration=80ms"):
 * the time between two passes is the configured period, not what a pass costs, so it is never used.
 */

export interface ReconcilePass {
  ok: number;
  failed: number;
  /** The pass's own duration, when the line gives one. */
  ms?: number;
}

const PASS = /reconcile pass completed\b(.*)$/i;
const DURATION = /(?:\bin|\btook|\bduration[=:]|\belapsed[=:])\s*(\d+(?:\.\d+)?)\s*(ms|s|µs|us)\b/i;

function toMs(value: number, unit: string): number {
  const u = unit.toLowerCase();
  return u === 's' ? value * 1000 : u === 'ms' ? value : value / 1000;
}

/** The passes among `lines` (any other line is ignored). */
export function reconcilePasses(lines: readonly string[]): ReconcilePass[] {
  const out: ReconcilePass[] = [];
  for (const line of lines) {
    const m = PASS.exec(line);
    if (!m) continue;
    const rest = m[1] ?? '';
    const ok = /\bok=(\d+)/.exec(rest);
    const failed = /\bfailed=(\d+)/.exec(rest);
    const d = DURATION.exec(rest);
    out.push({
      ok: ok ? Number(ok[1]) : 0,
      failed: failed ? Number(failed[1]) : 0,
      ...(d ? { ms: toMs(Number(d[1]), d[2]!) } : {}),
    });
  }
  return out;
}
