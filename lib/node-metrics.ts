/**
 * The node's Prometheus metrics (`GET /metrics` with the session, sim/CONTRACT.md), parsed with
 * parse-prometheus-text-format. A node without them answers `undefined`: L6 then measures from outside.
 */
import type { APIRequestContext } from '@playwright/test';
import parsePrometheusTextFormat, { type PrometheusFamily } from 'parse-prometheus-text-format';

export type NodeMetrics = PrometheusFamily[];

export async function readNodeMetrics(
  request: APIRequestContext,
  baseUrl: string,
  timeoutMs = 10_000,
): Promise<NodeMetrics | undefined> {
  let response;
  try {
    response = await request.get(new URL('/metrics', baseUrl).toString(), {
      timeout: timeoutMs,
      failOnStatusCode: false,
    });
  } catch {
    return undefined;
  }
  if (response.status() !== 200) return undefined;
  const text = await response.text();
  if (!/^# (HELP|TYPE) /m.test(text)) return undefined;
  return parsePrometheusTextFormat(text);
}

/** The value of `name` whose labels include `labels` (undefined when absent). */
export function metricValue(
  metrics: NodeMetrics,
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  const family = metrics.find((f) => f.name === name);
  const sample = family?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));
  const value = sample?.value === undefined ? NaN : Number(sample.value);
  return Number.isFinite(value) ? value : undefined;
}
