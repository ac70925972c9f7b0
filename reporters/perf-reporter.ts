/**
 * Playwright reporter: gathers the L6 samples of one node's project (`kpi` annotations, lib/kpi-samples.ts)
 * and the start latency every L1 start cell records (`latency` annotations of package.start), and
 * writes p50 / p95 per KPI to `reports/perf/<node>.json` — the file the scorecard's KPI table reads:
 *   { node, generatedAt, kpis: { "<id>": { value (p50), p95, unit, samples, timeScale, budget, over } }, raw }
 * `raw` keeps every sample, so the gate can merge its sims' files into one (mergePerfFiles: percentiles
 * cannot be merged, samples can). A run without any sample leaves the file as it was.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Reporter, TestCase, TestResult } from '@playwright/test/reporter';
import { REPORTS_DIR } from './gate-files';

export interface PerfReporterOptions {
  node: string;
  root?: string;
}

export interface Sample {
  id: string;
  value: number;
  unit: 'ms' | 'count';
  timeScale: number;
  budget?: number;
  gating?: boolean;
  scaled?: boolean;
}

export interface PerfKpi {
  value: number;
  p95: number;
  unit: string;
  samples: number;
  timeScale: number;
  budget?: number;
  /** Samples over budget (gating KPIs only). */
  over: number;
  /** The sim scales what was measured (a real-time equivalent is value / timeScale). */
  scaled: boolean;
}

export function percentile(values: readonly number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * s.length) - 1;
  return s[Math.min(s.length - 1, Math.max(0, rank))];
}

/** Durations shown in seconds from 1 s up, else ms; counts as they are. */
function display(value: number, unit: 'ms' | 'count', seconds: boolean): number {
  if (unit === 'count') return value;
  return Number((seconds ? value / 1000 : value).toFixed(3));
}

export function summariseSamples(samples: readonly Sample[]): Record<string, PerfKpi> {
  const byId = new Map<string, Sample[]>();
  for (const s of samples) byId.set(s.id, [...(byId.get(s.id) ?? []), s]);
  const out: Record<string, PerfKpi> = {};
  for (const [id, list] of byId) {
    const values = list.map((s) => s.value);
    const unit = list[0].unit;
    const p50 = percentile(values, 50);
    const seconds = unit === 'ms' && p50 >= 1000;
    const budget = list[0].budget;
    out[id] = {
      value: display(p50, unit, seconds),
      p95: display(percentile(values, 95), unit, seconds),
      unit: unit === 'count' ? 'count' : seconds ? 's' : 'ms',
      samples: list.length,
      timeScale: list[0].timeScale,
      budget: budget === undefined ? undefined : display(budget, unit, seconds),
      over: list.filter((s) => s.gating && s.budget !== undefined && s.value > s.budget).length,
      scaled: list[0].scaled ?? true,
    };
  }
  return out;
}

export default class PerfReporter implements Reporter {
  private readonly samples: Sample[] = [];

  constructor(private readonly options: PerfReporterOptions) {}

  printsToStdio(): boolean {
    return false;
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    if (test.parent.project()?.name !== this.options.node) return;
    const annotations = result.annotations ?? [];
    for (const a of annotations) {
      if (a.type === 'kpi' && a.description) {
        try {
          this.samples.push(JSON.parse(a.description) as Sample);
        } catch {
          /* not a sample */
        }
      }
    }
    if (!test.tags.includes('@cell:start') || result.status !== 'passed') return;
    for (const a of annotations) {
      const m = a.type === 'latency' && a.description ? /^(\S+) package\.start (\d+)ms$/.exec(a.description) : null;
      if (m)
        this.samples.push({ id: `start:${m[1]}`, value: Number(m[2]), unit: 'ms', timeScale: scaleOf(annotations) });
    }
  }

  onEnd(): void {
    writePerf(this.options.node, this.options.root ?? '.', this.samples);
  }
}

/** reports/perf/<node>.json under `root`. */
export function perfFile(node: string, root = '.'): string {
  return join(root, REPORTS_DIR, 'perf', `${node}.json`);
}

/** Writes the node's KPI file from `samples` (whole or not at all: a temp file renamed); none: left as it was. */
export function writePerf(node: string, root: string, samples: readonly Sample[]): boolean {
  if (samples.length === 0) return false;
  const file = perfFile(node, root);
  mkdirSync(join(root, REPORTS_DIR, 'perf'), { recursive: true });
  const body = { node, generatedAt: new Date().toISOString(), kpis: summariseSamples(samples), raw: samples };
  writeFileSync(`${file}.tmp`, `${JSON.stringify(body, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
  return true;
}

const isSample = (x: unknown): x is Sample =>
  typeof x === 'object' &&
  x !== null &&
  typeof (x as Sample).id === 'string' &&
  typeof (x as Sample).value === 'number' &&
  ((x as Sample).unit === 'ms' || (x as Sample).unit === 'count') &&
  typeof (x as Sample).timeScale === 'number';

/**
 * One KPI file for `node` under `root` from the samples of several (the gate's sims, each its own
 * output root). A missing file adds nothing; one that cannot be read or has no raw samples is named
 * in `unreadable` and adds nothing. Returns how many samples went in.
 */
export function mergePerfFiles(
  node: string,
  files: readonly string[],
  root: string,
): { samples: number; unreadable: string[] } {
  const samples: Sample[] = [];
  const unreadable: string[] = [];
  for (const file of files) {
    if (!existsSync(file)) continue;
    try {
      const raw = (JSON.parse(readFileSync(file, 'utf8')) as { raw?: unknown }).raw;
      if (!Array.isArray(raw)) throw new Error('no raw samples');
      samples.push(...raw.filter(isSample));
    } catch (error) {
      unreadable.push(`${file}: ${(error as Error).message}`);
    }
  }
  writePerf(node, root, samples);
  return { samples: samples.length, unreadable };
}

/** The node's time-scale as a lifecycle cell recorded it (1 when it did not). */
function scaleOf(annotations: readonly { type: string; description?: string }[]): number {
  const a = annotations.find((x) => x.type === 'time-scale');
  const n = Number(a?.description);
  return Number.isFinite(n) && n > 0 ? n : 1;
}
