/**
 * The reporters the release gate needs, for playwright.config.ts:
 *
 *   reporter: [['list'], ...nodes.flatMap((n) => gateReporters(n.name))],
 *
 * Per node: allure-playwright narrowed to that node's project (results in
 * `reports/allure-results/<node>`, labels layer/app/cell/node/failure, the node's facts from
 * `reports/env/<node>.json` as environment info) and the pass-rate reporter (gate verdict in
 * `reports/gate/<node>.json` during `npm run gate`, `reports/pass-rate/<node>.json` otherwise).
 */
import { resolve } from 'node:path';
import type { ReporterDescription } from '@playwright/test';
import type { AllureNodeReporterOptions } from './allure-node-reporter';
import { allureResultsDir, nodeEnvFile } from './gate-files';
import type { PassRateReporterOptions } from './pass-rate-reporter';
import { gateLayersFromEnv, requireAllCellsFromEnv } from './gate-layers';

export function gateReporters(nodeName: string, root: string = process.cwd()): ReporterDescription[] {
  const allure: AllureNodeReporterOptions = {
    node: nodeName,
    resultsDir: resolve(root, allureResultsDir(nodeName)),
    envFile: resolve(root, nodeEnvFile(nodeName)),
  };
  const passRate: PassRateReporterOptions = {
    node: nodeName,
    root,
    gateLayers: gateLayersFromEnv(),
    requireAllCells: requireAllCellsFromEnv(),
  };
  return [
    [require.resolve('./allure-node-reporter'), allure],
    [require.resolve('./pass-rate-reporter'), passRate],
    // L6: p50/p95 of the KPI samples and start latencies → reports/perf/<node>.json (the scorecard's KPI table)
    [require.resolve('./perf-reporter'), { node: nodeName, root }],
  ];
}
