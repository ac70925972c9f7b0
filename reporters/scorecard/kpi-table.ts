/**
 * archy-TESTING.md's "Performance KPIs" table, with its "Today" column filled from
 * `reports/perf/<node>.json` when the L6 layer has written them:
 *   { "node": "sim", "kpis": { "<kpi id>": { "value": 21.4, "unit": "s", "samples": 5 } } }
 * KPI ids are the `id`s below. Without a measurement a row keeps the value it had.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { escapeTableText } from './matrix-markdown';

export interface KpiRow {
  id: string;
  kpi: string;
  today: string;
  target: string;
  notes: string;
}

/** The rows exactly as archy-TESTING.md has them ("Today" as written there). */
export const KPI_ROWS: readonly KpiRow[] = [
  {
    id: 'cold-install:bitcoin-knots',
    kpi: 'cold install: bitcoin-knots manifest → `running` healthcheck',
    today: 'unknown',
    target: '< 30s once image is local',
    notes: 'excludes the ~1GB image pull',
  },
  {
    id: 'cold-install:lnd',
    kpi: 'cold install: lnd',
    today: 'unknown',
    target: '< 60s once image is local',
    notes: 'wallet unlock dominates',
  },
  {
    id: 'reconcile-tick',
    kpi: 'reconcile-tick wall time (no-op pass over all installed apps)',
    today: 'unknown',
    target: '< 250ms',
    notes: 'the current orchestrator does many `podman inspect` calls',
  },
  {
    id: 'podman-calls-per-install',
    kpi: 'podman shell-outs per package.install (orchestrator path)',
    today: '7-10',
    target: '1-2 (Quadlet)',
    notes: 'post-Phase-3',
  },
  {
    id: 'daemon-startup',
    kpi: 'daemon startup (boot → port 5678 listening)',
    today: 'unknown',
    target: '< 5s',
    notes: 'reconcile is async after this',
  },
];

export interface PerfMeasurement {
  value: number;
  unit?: string;
  samples?: number;
  /** reporters/perf-reporter.ts adds these: p95, the node's time-scale, the budget there, samples over it. */
  p95?: number;
  timeScale?: number;
  budget?: number;
  over?: number;
  scaled?: boolean;
}

export type PerfResults = Record<string, Record<string, PerfMeasurement>>; // node → kpi id → measurement

export function readPerfResults(dir: string): PerfResults {
  const out: PerfResults = {};
  if (!existsSync(dir)) return out;
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    try {
      const data = JSON.parse(readFileSync(join(dir, file), 'utf8')) as {
        node?: string;
        kpis?: Record<string, PerfMeasurement>;
      };
      const node = data.node ?? file.replace(/\.json$/, '');
      for (const [id, m] of Object.entries(data.kpis ?? {})) {
        if (typeof m?.value === 'number' && Number.isFinite(m.value)) (out[node] ??= {})[id] = m;
      }
    } catch (error) {
      console.error(`scorecard: ignoring ${join(dir, file)}: ${(error as Error).message}`);
    }
  }
  return out;
}

function num(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(v < 10 ? 2 : 1);
}

/** "1.02s p50, 1.10s p95 (n=3; ×0.05 time-scale ≈ 20.4s real; 1 of 3 over budget 1.50s)" */
function formatMeasurement(m: PerfMeasurement): string {
  const unit = m.unit ? (m.unit === 'count' ? '' : m.unit) : '';
  const p95 = m.p95 !== undefined && m.samples && m.samples > 1 ? ` p50, ${num(m.p95)}${unit} p95` : '';
  const notes: string[] = [];
  if (m.samples) notes.push(`n=${m.samples}`);
  if (m.timeScale && m.timeScale !== 1 && m.scaled !== false && m.unit !== 'count')
    notes.push(`×${m.timeScale} time-scale ≈ ${num(m.value / m.timeScale)}${unit} real`);
  if (m.over)
    notes.push(
      `${m.over} of ${m.samples ?? '?'} over budget ${m.budget !== undefined ? `${num(m.budget)}${unit}` : ''}`.trim(),
    );
  return `${num(m.value)}${unit}${p95}${notes.length ? ` (${notes.join('; ')})` : ''}`;
}

export function todayFor(id: string, perf: PerfResults): string | undefined {
  const parts = Object.entries(perf)
    .filter(([, kpis]) => kpis[id])
    .map(([node, kpis]) => `${formatMeasurement(kpis[id])} on ${node}`);
  return parts.length ? parts.join('; ') : undefined;
}

/** @param previousToday the "Today" values the document has now, by KPI text (kept when nothing was measured). */
export function renderKpiTable(perf: PerfResults, previousToday: Record<string, string> = {}): string {
  const lines = ['| KPI | Today | Target | Notes |', '|---|---|---|---|'];
  for (const row of KPI_ROWS) {
    const today = todayFor(row.id, perf) ?? previousToday[row.kpi] ?? row.today;
    lines.push(`| ${row.kpi} | ${escapeTableText(today)} | ${row.target} | ${row.notes} |`);
  }
  return lines.join('\n');
}
