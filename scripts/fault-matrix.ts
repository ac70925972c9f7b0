/**
 * Proves the L1/L2 specs detect real bugs: runs `playwright test --project=sim --grep "@L1|@L2|@security"` once
 * without faults (must be green), then once per product fault of the reference node (started fresh by
 * playwright.config.ts with SIM_FAULTS=<fault>), and prints fault → failing tests, compared with the
 * tests each fault is expected to turn red (derived from config/apps.ts). Exit 1 on any mismatch.
 * Red is failed or blocked: a cell that ended at once because an earlier cell of the run found what it
 * rests on broken (lib/known-broken.ts) did not pass; the table lists blocked cells apart, with what blocked them.
 *
 *   npx tsx scripts/fault-matrix.ts                        # baseline + every fault
 *   npx tsx scripts/fault-matrix.ts --faults electrum-down,auth-bypass --no-baseline
 *   npx tsx scripts/fault-matrix.ts --list                 # faults and their expected red tests
 *   npx tsx scripts/fault-matrix.ts --grep @security       # the security faults against the security specs only
 *   npx tsx scripts/fault-matrix.ts --grep @L4             # the dashboard faults against the L4 journeys only
 * With --grep, a run judges only the expected tests it ran.
 *   npx tsx scripts/fault-matrix.ts --variant 7 --sample 5 --seed 3f2a   # 5 faults picked by seed 3f2a, on variant 7
 *   npx tsx scripts/fault-matrix.ts --project node-container --faults reboot-starts-stopped --no-baseline
 *                              # against the node container (real systemd; the fault set by ARCHY_NODE_CONTAINER_FAULTS)
 *
 * --variant <spec> runs every fault against that variant of the sim (sim/guesses/, ARCHY_SIM_VARIANT);
 * --sample N --seed S runs N faults chosen deterministically from S (the same S gives the same faults);
 * --parallel P runs P fault runs side by side (each with its own sim and output root);
 * --global-timeout-min M stops each run after M minutes (CI's budget);
 * --report-only judges the reports of the last run with the same arguments again (after an expectation
 * changed), without running anything.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { APPS, appById, PROBE_THROUGH_PROXY, type AppEntry, type CellId } from '../config/apps';
import { outputPaths, REPO_ROOT } from '../config/env';
import { appliesTo, uiCompanionsOf } from '../config/catalogue';
import { CELL, CELLS } from '../config/cells';
import { onChildEnd, removeTree } from '../lib/cli';
import { readJsonReport, testRows, type TestRow } from '../reporters/json-report';
import { DASHBOARD_FAULT_EXPECTATIONS, dashboardFaultExpectation } from './dashboard-faults';
import { FAULT_ENV, SECURITY_FAULT_EXPECTATIONS } from './security-faults';
import { mulberry32, variantFor } from '../sim/guesses';
import { CELL_EVENTS, CORE_STACK, observedApps } from '../fixtures/stack-events';
import { planFor } from '../fixtures/stack-rotation';

/** Cells that end by checking the app's surfaces answer with the marker. */
const SURFACE_UP_CELLS: readonly CellId[] = CELLS.filter((cell) => CELL[cell].surfacesBack);
/** The cells of the default run (@L1|@L2). */
const L1_L2_CELLS: readonly CellId[] = CELLS.filter((cell) => CELL[cell].layer === 'L1' || CELL[cell].layer === 'L2');

function keys(apps: readonly AppEntry[], cells: readonly CellId[]): string[] {
  return apps.flatMap((app) => cells.filter((cell) => appliesTo(app, cell)).map((cell) => `${app.id}/${cell}`));
}

/** Apps whose UI is the proxy path the fault breaks. The fault names the app that owns the path. */
function proxyFaultTargets(appId: string): string[] {
  const path = APPS.find((a) => a.id === appId)?.ui?.proxyPath;
  const apps = APPS.filter((a) => a.ui?.proxyPath !== undefined && a.ui.proxyPath === path);
  return [
    ...keys(apps, SURFACE_UP_CELLS),
    ...keys(
      apps.filter((a) => a.rpcProbe && PROBE_THROUGH_PROXY[a.rpcProbe]),
      ['rpc'],
    ),
  ];
}

const PROXY_APPS = APPS.filter((a) => a.kind === 'backend' && a.ui?.proxyPath).map((a) => a.id);

/**
 * L3 in every state: a fault run is one repetition, so the bitcoin-core stack meets the events as its
 * plan for repetition 0 says (fixtures/stack-rotation.ts: which apps are stopped, which one the kill -9
 * catches installing, with its companions); the bitcoin-knots stack then stops nothing.
 */
const CORE_OBSERVED = observedApps(CORE_STACK, uiCompanionsOf);
const CORE_PLAN = planFor(CORE_OBSERVED, 0);
const L3_STOPPED = CORE_PLAN.stopped.map(appById);
const L3_INSTALLING = CORE_OBSERVED.filter(
  (a) => CORE_PLAN.installing !== null && (a.id === CORE_PLAN.installing || a.companionOf === CORE_PLAN.installing),
);
const EVENT_CELLS = Object.keys(CELL_EVENTS) as (keyof typeof CELL_EVENTS)[];
const L3_KILL9_CELL = EVENT_CELLS.find((c) => CELL_EVENTS[c].includes('kill-9'))!;
/** The kill -9's cell and the event cells the stack suffers after it, in order. */
const L3_FROM_KILL9 = EVENT_CELLS.slice(EVENT_CELLS.indexOf(L3_KILL9_CELL));

/** Faults whose cells are L3's: run against L3 (the knots stack at the head of api-specs/, the core stack in survival/). */
const L3_RUN = { grep: '@L3', specDirs: 'api-specs,survival' };
const FAULT_RUNS: Record<string, { grep: string; specDirs: string }> = {
  'daemon-restart-starts-stopped': L3_RUN,
  'reboot-starts-stopped': L3_RUN,
  'install-stuck-after-kill9': L3_RUN,
};

/** The teardown's check that the node is left as the run found it (setup/node.teardown.ts). */
const TEARDOWN_TEST = 'teardown: the node is left as the run found it';

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
    ...keys(
      APPS.filter((a) => !a.baseline),
      ['present', 'state', 'rpc', 'ui'],
    ),
    ...keys(APPS, ['start', 'restart', 'reinstall']),
  ],
  'schema-drift': keys(APPS, ['state']),
  'electrum-down': keys(
    APPS.filter((a) => a.rpcProbe === 'electrum'),
    ['rpc', 'start', 'restart', 'reinstall'],
  ),
  ...SECURITY_FAULT_EXPECTATIONS,
  ...DASHBOARD_FAULT_EXPECTATIONS,
  // evidence-suite: §3.3's Podman-unhealthy container archy did not surface; a container of another image.
  'podman-unhealthy:electrumx': keys([appById('electrumx')], ['state']),
  'wrong-image:electrumx': keys([appById('electrumx')], ['present']),
  // §3.3 names `unhealthy` a failure: the start cell watches the app's health window after it came up.
  'unhealthy-after-start:filebrowser': keys([appById('filebrowser')], ['start']),
  // L3 in every state (repetition 0's plan): the apps left stopped come back; the install the kill -9
  // caught never ends: its cell fails, and the same apps' cells of the later events (the reboot) end
  // blocked by it, since the run knows them stuck `installing` for the rest of the repetition.
  'daemon-restart-starts-stopped': keys(L3_STOPPED, ['daemon-restart']),
  'reboot-starts-stopped': keys(L3_STOPPED, ['reboot']),
  'install-stuck-after-kill9': keys(L3_INSTALLING, L3_FROM_KILL9),
  'ui-stale-height': keys(
    APPS.filter((a) => a.ui?.directPort?.name === 'archy-bitcoin-ui'),
    SURFACE_UP_CELLS,
  ),
  // The bitcoin node tested second replaces the first: with this fault the first one's container
  // stays up and keeps the shared archy-bitcoin-ui page serving, so the second one's stop is red too.
  'uninstall-leaves-container': [...keys(APPS, ['reinstall']), ...keys([appById('bitcoin-core')], ['stop'])],
  // Installing the second bitcoin node reinstalls the shared companion archy-bitcoin-ui, which this
  // fault makes fail: that node's UI stays down until the companion's own tests start it. A companion
  // a failed install left stopped is no state anyone chose (lib/cells/companions-follow.ts), so that
  // node's start and restart judge its UI and are red too.
  'reinstall-fails': [...keys(APPS, ['reinstall']), ...keys([appById('bitcoin-core')], ['ui', 'start', 'restart'])],
  // No install ends (the entry stays installing): every app the run has to install fails its first
  // precondition and the rest of its cells (failed, or blocked by that app stuck installing); the
  // baseline apps, running before the fault could act, pass until their reinstall, which leaves the
  // node unlike the run found it (an install that never ends cannot be put back).
  'install-hangs': [
    TEARDOWN_TEST,
    ...keys(
      APPS.filter((a) => !a.baseline),
      L1_L2_CELLS,
    ),
    ...keys(
      APPS.filter((a) => a.baseline),
      ['reinstall'],
    ),
  ],
};

interface RunOutcome {
  fault: string | null;
  rows: TestRow[];
  /** Failed (or flaky) tests. */
  failing: string[];
  /** Tests ended as blocked by what an earlier cell found broken: not passed, listed apart. */
  blocked: string[];
  wallMs: number;
  exitCode: number | null;
  globalErrors: string[];
}

// The security checks come whole: the restart ones are @L3 (they need control), and the security faults expect them red.
const DEFAULT_GREP = '@L1|@L2|@security';

/** The spec folders a run needs: api-specs/, and journeys/ when the grep asks for L4. */
function specDirsFor(grep: string): string {
  return grep.includes('@L4') ? 'api-specs,journeys' : 'api-specs';
}

/** Where a fault run goes: the embedded sim, or the node container (lib/node-container/, control over SSH). */
type Target = 'sim' | 'node-container';
const FAULT_SETTING: Record<Target, string> = { sim: 'SIM_FAULTS', 'node-container': 'ARCHY_NODE_CONTAINER_FAULTS' };

function runSpecs(
  target: Target,
  fault: string | null,
  reportFile: string,
  variant: string,
  ownRoot: boolean,
  globalTimeoutMs: number | null,
  grep = DEFAULT_GREP,
  specDirs?: string,
): Promise<RunOutcome> {
  const cli = require.resolve('@playwright/test/cli');
  const started = Date.now();
  // side by side, each run gets its own output root (reports, .auth, the sim's data dir)
  const root = ownRoot ? mkdtempSync(path.join(tmpdir(), 'archy-fault-')) : null;
  return new Promise((resolve) => {
    let stderr = '';
    const child = spawn(
      process.execPath,
      [
        cli,
        'test',
        `--project=${target}`,
        '--grep',
        grep,
        '--reporter=json',
        ...(globalTimeoutMs ? [`--global-timeout=${globalTimeoutMs}`] : []),
      ],
      {
        cwd: REPO_ROOT,
        env: {
          ...process.env,
          [FAULT_SETTING[target]]: fault ?? '',
          PLAYWRIGHT_JSON_OUTPUT_NAME: reportFile,
          ARCHY_SPEC_DIRS: specDirs ?? specDirsFor(grep),
          ARCHY_SIM_VARIANT: variant,
          ...(root ? { ARCHY_OUTPUT_ROOT: root } : {}),
          ...(fault ? FAULT_ENV[fault] : {}),
        },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    child.stderr.on('data', (d: Buffer) => {
      if (stderr.length < 64 * 1024) stderr += d.toString('utf8');
    });
    onChildEnd(child, (code) => {
      const wallMs = Date.now() - started;
      if (root) removeTree(root);
      resolve(outcomeOf(fault, reportFile, { wallMs, exitCode: code, stderr }));
    });
  });
}

/**
 * A run's outcome from its JSON report. `--report-only` judges the reports of an earlier run again
 * (after an expectation changed): its wall time is then the report's own duration.
 */
function outcomeOf(
  fault: string | null,
  reportFile: string,
  run: { wallMs: number; exitCode: number | null; stderr: string } | null,
): RunOutcome {
  let report: ReturnType<typeof readJsonReport> = {};
  try {
    report = readJsonReport(reportFile);
  } catch (error) {
    const stderr = run ? `; stderr: ${run.stderr.slice(0, 300)}` : '';
    report = { errors: [{ message: `no JSON report (${(error as Error).message})${stderr}` }] };
  }
  const rows = testRows(report).filter((r) => !r.project.endsWith('-setup') || r.outcome === 'failed');
  return {
    fault,
    rows,
    failing: rows.filter((r) => r.outcome === 'failed' || r.outcome === 'flaky').map((r) => r.key),
    blocked: rows.filter((r) => r.outcome === 'blocked').map((r) => r.key),
    wallMs: run?.wallMs ?? report.stats?.duration ?? 0,
    exitCode: run?.exitCode ?? null,
    globalErrors: (report.errors ?? []).map((e) => (e.message ?? '').split('\n')[0] ?? ''),
  };
}

/** "electrumx/start, electrumx/restart: blocked by electrumx/ui (ui: … answered 502); …" (grouped by what blocked them) */
export function blockedList(rows: readonly TestRow[]): string {
  const by = new Map<string, string[]>();
  for (const r of rows.filter((x) => x.outcome === 'blocked')) {
    const text = (r.blockedBy ?? 'blocked').replace(/\|/g, '\\|').slice(0, 160);
    by.set(text, [...(by.get(text) ?? []), r.key]);
  }
  return [...by].map(([text, keys]) => `${keys.join(', ')}: ${text}`).join('; ');
}

interface Args {
  target: Target;
  faults: string[];
  baseline: boolean;
  list: boolean;
  reportOnly: boolean;
  variant: string;
  grep?: string;
  parallel: number;
  globalTimeoutMs: number | null;
}

/** `n` faults chosen from `seed` (a seeded Fisher-Yates shuffle, first n). */
export function sampleFaults(all: readonly string[], n: number, seed: string): string[] {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 0x01000193) >>> 0;
  const rand = mulberry32(h);
  const out = [...all];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j] as string, out[i] as string];
  }
  return out.slice(0, Math.min(n, out.length));
}

function cliArgs(argv: string[]): Args {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        faults: { type: 'string' },
        'no-baseline': { type: 'boolean' },
        list: { type: 'boolean' },
        'report-only': { type: 'boolean' },
        variant: { type: 'string' },
        sample: { type: 'string' },
        seed: { type: 'string' },
        grep: { type: 'string' },
        parallel: { type: 'string' },
        'global-timeout-min': { type: 'string' },
        project: { type: 'string' },
      },
    }));
  } catch (error) {
    throw new Error(`${(error as Error).message} (see the header of scripts/fault-matrix.ts)`);
  }
  let faults = values.faults?.split(',').filter(Boolean);
  // --faults naming dashboard faults only: they are judged by the journeys
  const grep =
    values.grep ?? (faults?.length && faults.every((f) => f in DASHBOARD_FAULT_EXPECTATIONS) ? '@L4' : undefined);
  const baseline = !values['no-baseline'];
  const list = values.list ?? false;
  const reportOnly = values['report-only'] ?? false;
  const variant = values.variant ?? (process.env.ARCHY_SIM_VARIANT || 'default');
  const sample = values.sample === undefined ? null : Number(values.sample);
  const seed = values.seed ?? null;
  const parallel = values.parallel === undefined ? 1 : Number(values.parallel);
  const globalTimeoutMs =
    values['global-timeout-min'] === undefined
      ? null
      : Math.round(Number(values['global-timeout-min']) * 60_000) || null;
  // `--grep @security` alone: the faults that have security expectations; `--grep @L4`: the dashboard faults.
  faults ??=
    grep === '@security'
      ? Object.keys(SECURITY_FAULT_EXPECTATIONS)
      : grep === '@L4'
        ? Object.keys(DASHBOARD_FAULT_EXPECTATIONS)
        : // the dashboard faults are judged by the journeys only (--grep @L4)
          Object.keys(FAULT_EXPECTATIONS).filter((f) => !(f in DASHBOARD_FAULT_EXPECTATIONS));
  for (const f of faults)
    if (!FAULT_EXPECTATIONS[f])
      throw new Error(`unknown fault ${f}: known are ${Object.keys(FAULT_EXPECTATIONS).join(', ')}`);
  variantFor(variant); // a bad --variant fails here, naming what is wrong
  if (sample !== null) {
    if (!Number.isInteger(sample) || sample < 1) throw new Error('--sample wants a positive integer');
    if (!seed) throw new Error('--sample needs --seed <s> (the same seed picks the same faults)');
    faults = sampleFaults(faults, sample, seed);
  } else if (seed) throw new Error('--seed goes with --sample N');
  if (!Number.isInteger(parallel) || parallel < 1 || parallel > 8) throw new Error('--parallel wants an integer 1..8');
  const target = values.project ?? 'sim';
  if (target !== 'sim' && target !== 'node-container')
    throw new Error(`--project is sim or node-container, got "${target}"`);
  if (target === 'node-container' && (parallel > 1 || values.variant !== undefined))
    throw new Error(
      '--project node-container runs one fault at a time on the default sim (no --parallel, no --variant)',
    );
  return { target, faults, baseline, list, reportOnly, variant, grep, parallel, globalTimeoutMs };
}

/** The tests a fault must turn red against this variant of the sim (a dashboard fault's journeys depend on its dashboard). */
export function expectedRed(fault: string, variant: string): string[] {
  return dashboardFaultExpectation(fault, variantFor(variant)) ?? FAULT_EXPECTATIONS[fault] ?? [];
}

/** Red = failed or blocked (neither passed); exactly the expected tests must be red. */
export function verdict(
  expected: readonly string[],
  red: readonly string[],
): { ok: boolean; missing: string[]; extra: string[] } {
  const missing = expected.filter((k) => !red.includes(k));
  const extra = red.filter((k) => !expected.includes(k));
  return { ok: missing.length === 0 && extra.length === 0, missing, extra };
}

async function main(): Promise<void> {
  const args = cliArgs(process.argv.slice(2));
  if (args.list) {
    for (const fault of Object.keys(FAULT_EXPECTATIONS))
      console.log(`${fault}\n  ${expectedRed(fault, args.variant).join('\n  ')}`);
    return;
  }
  const dir = path.join(
    outputPaths().reports,
    'fault-matrix',
    args.target === 'sim' ? `variant-${args.variant.replace(/[^a-z0-9-]+/gi, '_')}` : args.target,
  );
  if (args.target === 'sim') console.log(`sim variant ${args.variant}`);
  mkdirSync(dir, { recursive: true });
  const outcomes: { fault: string; ok: boolean; outcome: RunOutcome; missing: string[]; extra: string[] }[] = [];
  const runs: (string | null)[] = [...(args.baseline ? [null] : []), ...args.faults];
  console.log(
    `fault matrix on ${args.target === 'sim' ? `sim variant ${args.variant}` : args.target}: ${args.faults.join(', ')}${args.baseline ? ' (after a baseline run without faults)' : ''}${args.reportOnly ? `, judged again from the reports in ${dir}` : ''}`,
  );
  const queue = [...runs];
  const worker = async (): Promise<void> => {
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      const fault = next;
      const name = fault ?? 'no-fault';
      const reportFile = path.join(dir, `${name.replace(/[^a-z0-9-]+/gi, '_')}.json`);
      if (!args.reportOnly) console.log(`running ${name} …`);
      const outcome = args.reportOnly
        ? outcomeOf(fault, reportFile, null)
        : await runSpecs(
            args.target,
            fault,
            reportFile,
            args.variant,
            args.parallel > 1,
            args.globalTimeoutMs,
            args.grep ?? (fault ? FAULT_RUNS[fault]?.grep : undefined),
            fault ? FAULT_RUNS[fault]?.specDirs : undefined,
          );
      // with --grep, a run judges only the expected tests it ran
      const ran = new Set(outcome.rows.map((r) => r.key));
      const expected = (fault ? expectedRed(fault, args.variant) : []).filter((k) => !args.grep || ran.has(k));
      const v = verdict(expected, [...outcome.failing, ...outcome.blocked]);
      const ok = v.ok && outcome.globalErrors.length === 0 && outcome.rows.length > 0;
      outcomes.push({ fault: name, ok, outcome, missing: v.missing, extra: v.extra });
      console.log(
        `${name}: ${ok ? 'as expected' : 'MISMATCH'} (${outcome.rows.length} tests, ${outcome.failing.length + outcome.blocked.length} red: ${outcome.failing.length} failed, ${outcome.blocked.length} blocked, ${(outcome.wallMs / 1000).toFixed(1)} s)`,
      );
    }
  };
  await Promise.all(Array.from({ length: Math.min(args.parallel, runs.length) }, worker));
  outcomes.sort(
    (x, y) =>
      runs.indexOf(x.fault === 'no-fault' ? null : x.fault) - runs.indexOf(y.fault === 'no-fault' ? null : y.fault),
  );

  console.log('\n| fault | failed (app/cell) | blocked (app/cell: by) | expected | example message |');
  console.log('|---|---|---|---|---|');
  for (const o of outcomes) {
    const example = o.outcome.rows.find((r) => r.outcome === 'failed')?.error ?? '';
    // an expected test that never ran (outside the grep, skipped) is not one that stayed green
    const ranGreen = (k: string): boolean =>
      o.outcome.rows.some(
        (r) => r.key === k && r.outcome !== 'skipped' && r.outcome !== 'failed' && r.outcome !== 'blocked',
      );
    const green = o.missing.filter(ranGreen);
    const notRun = o.missing.filter((k) => !ranGreen(k));
    const note = o.ok
      ? 'yes'
      : `NO${green.length ? `; stayed green: ${green.join(', ')}` : ''}${notRun.length ? `; did not run: ${notRun.join(', ')}` : ''}${o.extra.length ? `; also red: ${o.extra.join(', ')}` : ''}${o.outcome.globalErrors.length ? `; run errors: ${o.outcome.globalErrors.join(' / ')}` : ''}`;
    console.log(
      `| ${o.fault} | ${o.outcome.failing.join(', ') || '(none)'} | ${blockedList(o.outcome.rows) || '(none)'} | ${note} | ${example.replace(/\|/g, '\\|').slice(0, 160)} |`,
    );
  }
  writeFileSync(
    path.join(dir, 'summary.json'),
    JSON.stringify(
      outcomes.map((o) => ({
        fault: o.fault,
        ok: o.ok,
        failing: o.outcome.failing,
        blocked: o.outcome.rows
          .filter((r) => r.outcome === 'blocked')
          .map((r) => ({ test: r.key, by: r.blockedBy ?? 'blocked' })),
        missing: o.missing,
        extra: o.extra,
        wallMs: o.outcome.wallMs,
      })),
      null,
      2,
    ),
  );
  const bad = outcomes.filter((o) => !o.ok).length;
  console.log(`\n${outcomes.length - bad}/${outcomes.length} runs as expected; reports in ${dir}`);
  process.exitCode = bad === 0 ? 0 : 1;
}

// run only as a script: tests import FAULT_EXPECTATIONS and sampleFaults
if (require.main === module)
  void main().catch((error: unknown) => {
    console.error(`fault-matrix: ${(error as Error).message}`);
    process.exitCode = 2;
  });
