/**
 * Speed of the read-only L1+L2 run (issue 4: ≤ 20 s; issue 13: ≤ 5 s wall on this 2-core machine,
 * median of 5). The read-only cells run side by side (ARCHY_APP_CONCURRENCY, default on for the sim:
 * they change nothing, each takes only its own app's lock), within the workers' bounded requests.
 * Starts one reference node, makes one untimed warm-up run (it installs the apps the specs need),
 * then times 5 runs of `playwright test --project=sim --grep "@L1|@L2" --grep-invert @destructive`
 * against that running sim, prints each and the median, and stops the sim.
 *
 *   npx tsx scripts/bench-l1l2.ts [--runs 5] [--target-s 5]
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { globalEnv, nodePassword, outputPaths, REPO_ROOT } from '../config/env';
import { median, positiveNumber } from '../lib/cli';
import { startSim } from '../lib/start-sim';
import { readJsonReport, testRows } from '../reporters/json-report';

interface Timed {
  wallMs: number;
  passed: number;
  failed: number;
  skipped: number;
}

function runOnce(readyJson: string, reportFile: string): Timed {
  const cli = require.resolve('@playwright/test/cli');
  const started = Date.now();
  spawnSync(
    process.execPath,
    [cli, 'test', '--project=sim', '--grep', '@L1|@L2', '--grep-invert', '@destructive', '--reporter=json'],
    {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        ARCHY_SIM_READY: readyJson,
        PLAYWRIGHT_JSON_OUTPUT_NAME: reportFile,
        ARCHY_SPEC_DIRS: 'api-specs',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const wallMs = Date.now() - started;
  const rows = testRows(readJsonReport(reportFile));
  return {
    wallMs,
    passed: rows.filter((r) => r.outcome === 'passed').length,
    failed: rows.filter((r) => r.outcome === 'failed' || r.outcome === 'flaky').length,
    skipped: rows.filter((r) => r.outcome === 'skipped').length,
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { runs: { type: 'string' }, 'target-s': { type: 'string' } } });
  const runs = positiveNumber(values.runs, 'runs', 5);
  const targetS = positiveNumber(values['target-s'], 'target-s', 5);
  const dir = path.join(outputPaths().reports, 'bench-l1l2');
  mkdirSync(dir, { recursive: true });
  const sim = await startSim({
    timeScale: globalEnv().simTimeScale,
    password: nodePassword('sim'),
    stderr: 'inherit',
    readyTimeoutMs: 60_000,
    label: 'bench sim',
  });
  const readyJson = sim.readyJson;
  try {
    const warm = runOnce(readyJson, path.join(dir, 'warm-up.json'));
    console.log(
      `warm-up (untimed): ${(warm.wallMs / 1000).toFixed(1)} s, ${warm.passed} passed, ${warm.failed} failed, ${warm.skipped} skipped`,
    );
    const timed: Timed[] = [];
    for (let i = 1; i <= runs; i++) {
      const t = runOnce(readyJson, path.join(dir, `run-${i}.json`));
      timed.push(t);
      console.log(
        `run ${i}: ${(t.wallMs / 1000).toFixed(1)} s, ${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped`,
      );
    }
    const med = median(timed.map((t) => t.wallMs)) / 1000;
    const allGreen = timed.every((t) => t.failed === 0 && t.passed > 0);
    console.log(
      `median of ${runs}: ${med.toFixed(1)} s (target ≤ ${targetS} s) — ${med <= targetS && allGreen ? 'OK' : allGreen ? 'TOO SLOW' : 'RED TESTS'}`,
    );
    process.exitCode = med <= targetS && allGreen ? 0 : 1;
  } finally {
    await sim.stop();
  }
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exitCode = 1;
});
