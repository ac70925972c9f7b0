/**
 * Proves the L1/L2 specs detect real bugs: runs `playwright test --project=sim --grep "@L1|@L2"` once
 * without faults (must be green), then once per product fault of the reference node (started fresh by
 * playwright.config.ts with SIM_FAULTS=<fault>), and prints fault → failing tests, compared with the
 * tests each fault is expected to turn red (derived from config/apps.ts). Exit 1 on any mismatch.
 *
 *   npx tsx scripts/fault-matrix.ts                        # baseline + every fault
 *   npx tsx scripts/fault-matrix.ts --faults electrum-down,auth-bypass --no-baseline
 *   npx tsx scripts/fault-matrix.ts --list                 # faults and their expected red tests
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { APPS, appById, type AppEntry, type CellId, type RpcProbe } from '../config/apps';
import { outputPaths, REPO_ROOT } from '../config/env';
import { appliesTo } from '../config/catalogue';
import { readJsonReport, testRows, type TestRow } from '../reporters/json-report';

const SECURITY_401 = 'security/protected method without a session answers 401';
const SECURITY_403 = 'security/mutating method without the CSRF header answers 403';

/** Probes that go through an app's proxy path (so a 502 there turns the rpc cell red too). */
const PROXY_PROBES: readonly RpcProbe[] = ['btcpay-frontend', 'mempool-backend-info', 'filebrowser-http'];
/** Cells that end by checking the app's surfaces answer with the marker. */
const SURFACE_UP_CELLS: readonly CellId[] = ['ui', 'start', 'restart', 'reinstall'];

function keys(apps: readonly AppEntry[], cells: readonly CellId[]): string[] {
  return apps.flatMap((app) => cells.filter((cell) => appliesTo(app, cell)).map((cell) => `${app.id}/${cell}`));
}

/** Apps whose UI is the proxy path the fault breaks. The fault names the app that owns the path. */
function proxyFaultTargets(appId: string): string[] {
  const path = APPS.find((a) => a.id === appId)?.ui?.proxyPath;
  const apps = APPS.filter((a) => a.ui?.proxyPath !== undefined && a.ui.proxyPath === path);
  return [
    ...keys(apps, SURFACE_UP_CELLS),
    ...keys(apps.filter((a) => a.rpcProbe && PROXY_PROBES.includes(a.rpcProbe)), ['rpc']),
  ];
}

const PROXY_APPS = APPS.filter((a) => a.kind === 'backend' && a.ui?.proxyPath).map((a) => a.id);

/** Each fault and the tests it must turn red (every other test stays green). */
export const FAULT_EXPECTATIONS: Record<string, string[]> = {
  ...Object.fromEntries(PROXY_APPS.map((id) => [`proxy-502:${id}`, proxyFaultTargets(id)])),
  'direct-port-closed:archy-bitcoin-ui': keys(
    APPS.filter((a) => a.ui?.directPort?.name === 'archy-bitcoin-ui'),
    SURFACE_UP_CELLS,
  ),
  // Every app brought to running while the fault is on has no containers behind its "running":
  // all but the baseline apps (running before the fault could act) fail their read-only cells, and
  // every app fails the cells that bring it up again and look at its surfaces.
  'state-lies': [
    ...keys(APPS.filter((a) => !a.baseline), ['present', 'state', 'rpc', 'ui']),
    ...keys(APPS, ['start', 'restart', 'reinstall']),
  ],
  'schema-drift': keys(APPS, ['state']),
  'electrum-down': keys(APPS.filter((a) => a.rpcProbe === 'electrum'), ['rpc', 'start', 'restart', 'reinstall']),
  'csrf-not-enforced': [SECURITY_403],
  'auth-bypass': [SECURITY_401],
  // The bitcoin node tested second replaces the first: with this fault the first one's container
  // stays up and keeps the shared archy-bitcoin-ui page serving, so the second one's stop is red too.
  'uninstall-leaves-container': [...keys(APPS, ['reinstall']), ...keys([appById('bitcoin-core')], ['stop'])],
  // Installing the second bitcoin node reinstalls the shared companion archy-bitcoin-ui, which this
  // fault makes fail: that node's UI stays down until the companion's own tests start it.
  'reinstall-fails': [...keys(APPS, ['reinstall']), ...keys([appById('bitcoin-core')], ['ui', 'start', 'restart'])],
};

interface RunOutcome {
  fault: string | null;
  rows: TestRow[];
  failing: string[];
  wallMs: number;
  exitCode: number | null;
  globalErrors: string[];
}

function runSpecs(fault: string | null, reportFile: string): RunOutcome {
  const cli = require.resolve('@playwright/test/cli');
  const started = Date.now();
  const run = spawnSync(process.execPath, [cli, 'test', '--project=sim', '--grep', '@L1|@L2', '--reporter=json'], {
    cwd: REPO_ROOT,
    env: { ...process.env, SIM_FAULTS: fault ?? '', PLAYWRIGHT_JSON_OUTPUT_NAME: reportFile, ARCHY_SPEC_DIRS: 'api-specs' },
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const wallMs = Date.now() - started;
  const report = readJsonReport(reportFile);
  const rows = testRows(report).filter((r) => !r.project.endsWith('-setup') || r.outcome === 'failed');
  return {
    fault,
    rows,
    failing: rows.filter((r) => r.outcome === 'failed' || r.outcome === 'flaky').map((r) => r.key),
    wallMs,
    exitCode: run.status,
    globalErrors: (report.errors ?? []).map((e) => (e.message ?? '').split('\n')[0]),
  };
}

function cliArgs(argv: string[]): { faults: string[]; baseline: boolean; list: boolean } {
  const { values } = parseArgs({ args: argv, options: { faults: { type: 'string' }, 'no-baseline': { type: 'boolean', default: false }, list: { type: 'boolean', default: false } } });
  const faults = values.faults === undefined ? Object.keys(FAULT_EXPECTATIONS) : values.faults.split(',').filter(Boolean);
  for (const f of faults) if (!FAULT_EXPECTATIONS[f]) throw new Error(`unknown fault ${f}: known are ${Object.keys(FAULT_EXPECTATIONS).join(', ')}`);
  return { faults, baseline: !values['no-baseline'], list: values.list };
}

function verdict(expected: readonly string[], failing: readonly string[]): { ok: boolean; missing: string[]; extra: string[] } {
  const missing = expected.filter((k) => !failing.includes(k));
  const extra = failing.filter((k) => !expected.includes(k));
  return { ok: missing.length === 0 && extra.length === 0, missing, extra };
}

function main(): void {
  const args = cliArgs(process.argv.slice(2));
  if (args.list) {
    for (const [fault, expected] of Object.entries(FAULT_EXPECTATIONS)) console.log(`${fault}\n  ${expected.join('\n  ')}`);
    return;
  }
  const dir = path.join(outputPaths().reports, 'fault-matrix');
  mkdirSync(dir, { recursive: true });
  const outcomes: { fault: string; ok: boolean; outcome: RunOutcome; missing: string[]; extra: string[] }[] = [];
  const runs: (string | null)[] = [...(args.baseline ? [null] : []), ...args.faults];
  for (const fault of runs) {
    const name = fault ?? 'no-fault';
    process.stdout.write(`running ${name} … `);
    const outcome = runSpecs(fault, path.join(dir, `${name.replace(/[^a-z0-9-]+/gi, '_')}.json`));
    const expected = fault ? FAULT_EXPECTATIONS[fault] : [];
    const v = verdict(expected, outcome.failing);
    const ok = v.ok && outcome.globalErrors.length === 0 && outcome.rows.length > 0;
    outcomes.push({ fault: name, ok, outcome, missing: v.missing, extra: v.extra });
    console.log(`${ok ? 'as expected' : 'MISMATCH'} (${outcome.rows.length} tests, ${outcome.failing.length} red, ${(outcome.wallMs / 1000).toFixed(1)} s)`);
  }

  console.log('\n| fault | red tests (app/cell) | expected | example message |');
  console.log('|---|---|---|---|');
  for (const o of outcomes) {
    const example = o.outcome.rows.find((r) => r.outcome === 'failed')?.error ?? '';
    const note = o.ok ? 'yes' : `NO${o.missing.length ? `; stayed green: ${o.missing.join(', ')}` : ''}${o.extra.length ? `; also red: ${o.extra.join(', ')}` : ''}${o.outcome.globalErrors.length ? `; run errors: ${o.outcome.globalErrors.join(' / ')}` : ''}`;
    console.log(`| ${o.fault} | ${o.outcome.failing.join(', ') || '(none)'} | ${note} | ${example.replace(/\|/g, '\\|').slice(0, 160)} |`);
  }
  writeFileSync(path.join(dir, 'summary.json'), JSON.stringify(outcomes.map((o) => ({ fault: o.fault, ok: o.ok, failing: o.outcome.failing, missing: o.missing, extra: o.extra, wallMs: o.outcome.wallMs })), null, 2));
  const bad = outcomes.filter((o) => !o.ok).length;
  console.log(`\n${outcomes.length - bad}/${outcomes.length} runs as expected; reports in ${dir}`);
  process.exitCode = bad === 0 ? 0 : 1;
}

main();
