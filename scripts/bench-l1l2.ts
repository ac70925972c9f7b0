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
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { globalEnv, nodePassword, outputPaths, REPO_ROOT } from '../config/env';
import { readJsonReport, testRows } from '../reporters/json-report';

function option(name: string, fallback: number): number {
  const argv = process.argv.slice(2);
  const i = argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return fallback;
  const raw = argv[i].includes('=') ? argv[i].split('=')[1] : argv[i + 1];
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} wants a positive number, got ${raw}`);
  return value;
}

function startSim(dataDir: string): Promise<{ child: ChildProcess; readyJson: string }> {
  const tsx = require.resolve('tsx/cli');
  const args = [tsx, 'sim/main.ts', '--port', '0', '--port-base', '0', '--time-scale', String(globalEnv().simTimeScale), '--quiet', '--fresh', '--data-dir', dataDir];
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, env: { ...process.env, SIM_PASSWORD: nodePassword('sim') }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('the sim printed no SIM_READY line within 60 s')), 60_000);
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (chunk: string) => {
      out += chunk;
      const match = /SIM_READY (\{.*\})/.exec(out);
      if (match) {
        clearTimeout(timer);
        child.stdout!.removeAllListeners('data');
        child.stdout!.resume();
        resolve({ child, readyJson: match[1] });
      }
    });
    child.on('exit', (code) => reject(new Error(`the sim exited (${code}) before SIM_READY`)));
  });
}

interface Timed {
  wallMs: number;
  passed: number;
  failed: number;
  skipped: number;
}

function runOnce(readyJson: string, reportFile: string): Timed {
  const cli = require.resolve('@playwright/test/cli');
  const started = Date.now();
  spawnSync(process.execPath, [cli, 'test', '--project=sim', '--grep', '@L1|@L2', '--grep-invert', '@destructive', '--reporter=json'], {
    cwd: REPO_ROOT,
    env: { ...process.env, ARCHY_SIM_READY: readyJson, PLAYWRIGHT_JSON_OUTPUT_NAME: reportFile, ARCHY_SPEC_DIRS: 'api-specs' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const wallMs = Date.now() - started;
  const rows = testRows(readJsonReport(reportFile));
  return {
    wallMs,
    passed: rows.filter((r) => r.outcome === 'passed').length,
    failed: rows.filter((r) => r.outcome === 'failed' || r.outcome === 'flaky').length,
    skipped: rows.filter((r) => r.outcome === 'skipped').length,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function main(): Promise<void> {
  const runs = option('runs', 5);
  const targetS = option('target-s', 5);
  const dir = path.join(outputPaths().reports, 'bench-l1l2');
  mkdirSync(dir, { recursive: true });
  const dataDir = mkdtempSync(path.join(tmpdir(), 'archy-bench-sim-'));
  const { child, readyJson } = await startSim(dataDir);
  try {
    const warm = runOnce(readyJson, path.join(dir, 'warm-up.json'));
    console.log(`warm-up (untimed): ${(warm.wallMs / 1000).toFixed(1)} s, ${warm.passed} passed, ${warm.failed} failed, ${warm.skipped} skipped`);
    const timed: Timed[] = [];
    for (let i = 1; i <= runs; i++) {
      const t = runOnce(readyJson, path.join(dir, `run-${i}.json`));
      timed.push(t);
      console.log(`run ${i}: ${(t.wallMs / 1000).toFixed(1)} s, ${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped`);
    }
    const med = median(timed.map((t) => t.wallMs)) / 1000;
    const allGreen = timed.every((t) => t.failed === 0 && t.passed > 0);
    console.log(`median of ${runs}: ${med.toFixed(1)} s (target ≤ ${targetS} s) — ${med <= targetS && allGreen ? 'OK' : allGreen ? 'TOO SLOW' : 'RED TESTS'}`);
    process.exitCode = med <= targetS && allGreen ? 0 : 1;
  } finally {
    child.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exitCode = 1;
});
