/**
 * Speed of the read-only L1+L2 run (issue 4: ≤ 20 s; issue 13: ≤ 5 s wall on this 2-core machine,
 * median of 5). The read-only cells run side by side (ARCHY_APP_CONCURRENCY; the sim's default in a
 * read-only run is a worker per core, at most 4: config/env.ts readOnlySimConcurrency): they change
 * nothing, each takes only its own app's lock; the read-only security checks take the login lock),
 * within the workers' bounded requests.
 * Starts one reference node, makes one untimed warm-up run (its preconditions install what the specs
 * need), then times 5 runs of `playwright test --project=sim --grep "@L1|@L2" --grep-invert @destructive`
 * against that running sim, prints each and the median, and stops the sim.
 *
 * The timed runs are read-only runs (ARCHY_READ_ONLY=1), as a real node's run is by default, on a
 * node in use: before them every app is installed and running on one bitcoin node (ARCHY_BITCOIN_NODE).
 * They change nothing, so the 4 cells of the other bitcoin node are "not covered" (skipped, named)
 * instead of swapping the bitcoin node twice a run. `--mode preconditions` times the runs with
 * preconditions allowed instead (the sim's default: both bitcoin rows, each run swaps and restores).
 *
 * After each timed run it times Playwright's own floor for the same shape (scripts/playwright-floor.ts:
 * the same projects, tests per file, workers and traces, empty bodies), so that both meet the machine
 * in the same state: the median of the differences is the suite's own work (`--no-floor` skips it).
 *
 *   npx tsx scripts/bench-l1l2.ts [--runs 5] [--target-s 5] [--mode read-only|preconditions] [--no-floor]
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { request } from '@playwright/test';
import { APPS } from '../config/apps';
import { BITCOIN_NODES } from '../config/catalogue';
import { exportSimReady, globalEnv, nodePassword, outputPaths, REPO_ROOT } from '../config/env';
import { simNodeConfig } from '../config/nodes';
import { ensureAppRunning } from '../lib/ensure-app';
import { RpcClient } from '../lib/rpc/client';
import { median, positiveNumber } from '../lib/cli';
import { startSim } from '../lib/start-sim';
import { readJsonReport, testRows } from '../reporters/json-report';
import { describeShape, floorShape, prepareFloor, type FloorShape } from './playwright-floor';

interface Timed {
  wallMs: number;
  passed: number;
  failed: number;
  skipped: number;
}

/**
 * What a read-only run meets on a node in use: every app installed and running, on one bitcoin node
 * (ARCHY_BITCOIN_NODE, default bitcoin-knots); the other bitcoin node cannot be installed beside it.
 */
async function installEverything(readyJson: string): Promise<string[]> {
  exportSimReady(readyJson);
  const node = simNodeConfig();
  const context = await request.newContext({ baseURL: node.baseUrl }); // the bench's sim is plain http
  try {
    const rpc = new RpcClient({ node, request: context, password: () => nodePassword('sim') });
    await rpc.login();
    const bitcoin = globalEnv().bitcoinNode;
    const target = {
      name: node.name,
      timeScale: node.timeScale,
      allowDestructive: true,
      protectedApps: [],
      bitcoinNode: bitcoin,
    };
    const installed: string[] = [];
    for (const app of APPS) {
      if ((BITCOIN_NODES as readonly string[]).includes(app.id) && app.id !== bitcoin) continue;
      const outcome = await ensureAppRunning(rpc, target, app.id);
      if (!outcome.ready)
        throw new Error(`bench: ${app.id} could not be made ready on the bench sim: ${outcome.reason}`);
      installed.push(app.id);
    }
    return installed;
  } finally {
    await context.dispose();
  }
}

function runOnce(readyJson: string, reportFile: string, readOnly: boolean): Timed {
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
        ARCHY_READ_ONLY: readOnly ? '1' : '',
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
  const { values } = parseArgs({
    options: {
      runs: { type: 'string' },
      'target-s': { type: 'string' },
      mode: { type: 'string' },
      floor: { type: 'boolean' },
      'no-floor': { type: 'boolean' },
    },
  });
  if (values['no-floor']) values.floor = false;
  const mode = values.mode ?? 'read-only';
  if (mode !== 'read-only' && mode !== 'preconditions')
    throw new Error(`--mode wants read-only or preconditions, got ${mode}`);
  const readOnly = mode === 'read-only';
  const runs = positiveNumber(values.runs, 'runs', 5);
  const targetS = positiveNumber(values['target-s'], 'target-s', 5);
  const dir = path.join(outputPaths().reports, 'bench-l1l2');
  const floorDir = path.join(dir, 'floor');
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
    const warm = runOnce(readyJson, path.join(dir, 'warm-up.json'), false);
    console.log(
      `warm-up (untimed): ${(warm.wallMs / 1000).toFixed(1)} s, ${warm.passed} passed, ${warm.failed} failed, ${warm.skipped} skipped`,
    );
    console.log(
      readOnly
        ? 'timed runs: read-only (ARCHY_READ_ONLY=1): nothing changes; what needs a change is skipped as not covered'
        : 'timed runs: preconditions allowed (each run may install, swap the bitcoin node, and restore)',
    );
    if (readOnly) {
      const installed = await installEverything(readyJson);
      console.log(`installed and running for the read-only runs: ${installed.join(', ')}`);
    }
    // Each timed run is followed by Playwright's floor for the same shape (scripts/playwright-floor.ts),
    // so both meet the machine as it is at that moment: the difference is the suite's own work.
    const timed: Timed[] = [];
    const floors: number[] = [];
    let shape: FloorShape | undefined;
    let floorOnce: ReturnType<typeof prepareFloor> | undefined;
    for (let i = 1; i <= runs; i++) {
      const report = path.join(dir, `run-${i}.json`);
      const t = runOnce(readyJson, report, readOnly);
      timed.push(t);
      if (values.floor !== false && !shape) {
        shape = floorShape(readJsonReport(report));
        floorOnce = prepareFloor(shape, floorDir);
      }
      const floor = floorOnce?.(String(i)).wallMs;
      if (floor !== undefined) floors.push(floor);
      console.log(
        `run ${i}: ${(t.wallMs / 1000).toFixed(1)} s, ${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped` +
          (floor !== undefined
            ? ` · floor ${(floor / 1000).toFixed(1)} s, own work ${((t.wallMs - floor) / 1000).toFixed(1)} s`
            : ''),
      );
    }
    const med = median(timed.map((t) => t.wallMs)) / 1000;
    const allGreen = timed.every((t) => t.failed === 0 && t.passed > 0);
    console.log(
      `median of ${runs}: ${med.toFixed(1)} s (target ≤ ${targetS} s) — ${med <= targetS && allGreen ? 'OK' : allGreen ? 'TOO SLOW' : 'RED TESTS'}`,
    );
    if (shape && floors.length > 0) {
      const floor = median(floors) / 1000;
      const own = median(timed.map((t, i) => t.wallMs - floors[i]!)) / 1000;
      console.log(
        `Playwright's floor for this shape (${describeShape(shape)}, ` +
          `empty bodies taking \`request\`, traces retained on failure), each right after a timed run: median ${floor.toFixed(1)} s; ` +
          `the suite's own work (median of the differences): ${own.toFixed(1)} s` +
          (floor > targetS ? ` — the floor alone is over the ${targetS} s target` : ''),
      );
    }
    process.exitCode = med <= targetS && allGreen ? 0 : 1;
  } finally {
    await sim.stop();
  }
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exitCode = 1;
});
