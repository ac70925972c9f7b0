/**
 * One L6 sample of a test, recorded as a `kpi` annotation (JSON) that reporters/perf-reporter.ts
 * gathers into p50/p95 per node, and the failure text of a sample over its budget.
 */
import type { TestInfo } from '@playwright/test';
import { budgetOn, type KpiBudget } from '../config/kpis';

export const KPI_ANNOTATION = 'kpi';

export interface KpiSample {
  id: string;
  /** ms (durations) or a count, as measured on the node (scaled time on the sim). */
  value: number;
  unit: 'ms' | 'count';
  timeScale: number;
  /** The budget on this node (scaled where the KPI is), in `unit`. */
  budget: number;
  gating: boolean;
  scaled: boolean;
}

export function recordKpi(
  testInfo: Pick<TestInfo, 'annotations'>,
  kpi: KpiBudget,
  value: number,
  timeScale: number,
): KpiSample {
  const sample: KpiSample = {
    id: kpi.id,
    value: Math.round(value * 100) / 100,
    unit: kpi.unit,
    timeScale,
    budget: budgetOn(kpi, timeScale),
    gating: kpi.gating,
    scaled: kpi.scaled,
  };
  testInfo.annotations.push({ type: KPI_ANNOTATION, description: JSON.stringify(sample) });
  return sample;
}

function show(value: number, unit: 'ms' | 'count'): string {
  if (unit === 'count') return String(value);
  return value >= 1_000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(1)} ms`;
}

/** "bitcoin-knots cold install took 10.02 s, over its budget 1.50 s (KPI 30.00 s at real timings; sim runs at ×0.05, so ≈ 200.40 s real)" */
export function describeOver(kpi: KpiBudget, value: number, node: { name: string; timeScale: number }): string {
  const budget = budgetOn(kpi, node.timeScale);
  const verdict = value > budget ? 'over' : 'within';
  const scaled =
    kpi.scaled && node.timeScale !== 1
      ? ` at real timings; ${node.name} runs at ×${node.timeScale}, so ≈ ${show(value / node.timeScale, kpi.unit)} real`
      : '';
  return `${kpi.what}: ${show(value, kpi.unit)}, ${verdict} its budget ${show(budget, kpi.unit)} (KPI ${show(kpi.budget, kpi.unit)}${scaled}; ${kpi.source})`;
}
