/**
 * Runs the whole suite against seeded variants of the reference node (sim/guesses/): a node that
 * made other choices wherever archy-surface.md is silent. A healthy variant must pass; a failure is
 * a check that leans on a guess. Prints seed × passed/failed/skipped with the choices that differ
 * from the default sim, and writes it to reports/variants.md (JSON reports in reports/variants/).
 *
 *   npm run variants -- --seeds 20 [--parallel 2]       seeds 1..20, two runs side by side
 *   npm run variants -- --seed-list 7,ci-3f2a --grep @L1  given seeds, a subset of the suite
 *   npm run variants -- --seeds 20 --report-only          the table again from reports/variants/<seed>.json
 *   npm run variants -- --seed-list 7 --global-timeout-min 11   each run stops after 11 min (CI's budget)
 *
 * Each run is `playwright test --project=sim` with ARCHY_SIM_VARIANT=<seed> and its own output root,
 * so the config starts its own sim (the existing launcher) and runs never share files.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { outputPaths, REPO_ROOT } from '../config/env';
import { removeTree } from '../lib/cli';
import { readJsonReport, testRows, type TestRow } from '../reporters/json-report';
import { differences, variantFor } from '../sim/guesses';

interface Args {
  seeds: string[];
  parallel: number;
  grep: string | null;
  reportOnly: boolean;
  globalTimeoutMin: number | null;
}

export interface SeedRun {
  seed: string;
  differs: string[];
  rows: TestRow[];
  wallMs: number;
  exitCode: number | null;
  runErrors: string[];
}

function parseArgs(argv: string[]): Args {
  let seeds: string[] = Array.from({ length: 20 }, (_, i) => String(i + 1));
  let parallel = 2;
  let grep: string | null = null;
  let reportOnly = false;
  let globalTimeoutMin: number | null = null;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = (argv[i] as string).split(/=(.*)/s, 2) as [string, string | undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new Error(`${flag} needs a value (see the header of scripts/variants.ts)`);
      return v;
    };
    if (flag === '--seeds') {
      const n = Number(value());
      if (!Number.isInteger(n) || n < 1 || n > 500) throw new Error('--seeds wants an integer 1..500');
      seeds = Array.from({ length: n }, (_, k) => String(k + 1));
    } else if (flag === '--seed-list')
      seeds = value()
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    else if (flag === '--parallel') {
      parallel = Number(value());
      if (!Number.isInteger(parallel) || parallel < 1 || parallel > 8)
        throw new Error('--parallel wants an integer 1..8');
    } else if (flag === '--grep') grep = value();
    else if (flag === '--report-only') reportOnly = true;
    else if (flag === '--global-timeout-min') {
      globalTimeoutMin = Number(value());
      if (!Number.isFinite(globalTimeoutMin) || globalTimeoutMin <= 0)
        throw new Error('--global-timeout-min wants minutes > 0');
    } else throw new Error(`unknown argument ${argv[i]} (see the header of scripts/variants.ts)`);
  }
  for (const s of seeds) variantFor(s); // a bad seed fails here, naming it
  return { seeds, parallel, grep, reportOnly, globalTimeoutMin };
}

function jsonFile(jsonDir: string, seed: string): string {
  return path.join(jsonDir, `${seed.replace(/[^A-Za-z0-9._-]/g, '_')}.json`);
}

/** A seed's run as its JSON report has it (--report-only). */
function fromReport(seed: string, jsonDir: string): SeedRun {
  try {
    const report = readJsonReport(jsonFile(jsonDir, seed));
    return {
      seed,
      differs: differences(variantFor(seed)),
      rows: testRows(report),
      wallMs: report.stats?.duration ?? 0,
      exitCode: null,
      runErrors: (report.errors ?? []).map((e) => (e.message ?? '').split('\n')[0] ?? ''),
    };
  } catch (error) {
    return {
      seed,
      differs: differences(variantFor(seed)),
      rows: [],
      wallMs: 0,
      exitCode: null,
      runErrors: [`no report yet (${(error as Error).message.slice(0, 80)})`],
    };
  }
}

function runSeed(seed: string, opts: Args, jsonDir: string): Promise<SeedRun> {
  const grep = opts.grep;
  const root = mkdtempSync(path.join(tmpdir(), `archy-variant-${seed.replace(/[^A-Za-z0-9_-]/g, '_')}-`));
  const reportFile = jsonFile(jsonDir, seed);
  const cli = require.resolve('@playwright/test/cli');
  const args = [
    cli,
    'test',
    '--project=sim',
    '--reporter=json',
    ...(grep ? ['--grep', grep] : []),
    // L6 measures the sim's simulated timings, which are themselves a guess a variant may choose
    // slower: a KPI over budget there is a true reading of that variant, not a false failure. KPIs
    // are judged on the default sim (npm run main) and on real nodes.
    '--grep-invert',
    '@L6\\b',
    ...(opts.globalTimeoutMin ? [`--global-timeout=${Math.round(opts.globalTimeoutMin * 60_000)}`] : []),
  ];
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        ARCHY_SIM_VARIANT: seed,
        ARCHY_OUTPUT_ROOT: root,
        PLAYWRIGHT_JSON_OUTPUT_NAME: reportFile,
        ARCHY_SIM_READY: '',
      },
      stdio: ['ignore', 'ignore', 'ignore'],
    });
    child.on('close', (code) => {
      let rows: TestRow[] = [];
      let runErrors: string[] = [];
      try {
        const report = readJsonReport(reportFile);
        rows = testRows(report);
        runErrors = (report.errors ?? []).map((e) => (e.message ?? '').split('\n')[0] ?? '');
      } catch (error) {
        runErrors = [`no JSON report: ${(error as Error).message}`];
      }
      removeTree(root);
      resolve({
        seed,
        differs: differences(variantFor(seed)),
        rows,
        wallMs: Date.now() - started,
        exitCode: code,
        runErrors,
      });
    });
  });
}

/** 'red': not passed — failed, flaky, or blocked by what an earlier cell found broken (lib/known-broken.ts). */
const isRed = (r: TestRow): boolean => r.outcome === 'failed' || r.outcome === 'flaky' || r.outcome === 'blocked';

function count(run: SeedRun, outcome: TestRow['outcome'] | 'red'): number {
  return run.rows.filter((r) => (outcome === 'red' ? isRed(r) : r.outcome === outcome)).length;
}

const cell = (s: string): string => s.replace(/\|/g, '\\|');

export function variantsTable(runs: readonly SeedRun[]): string {
  const lines = [
    '| seed | passed | failed | skipped | wall | choices that differ from default |',
    '|---|---:|---:|---:|---:|---|',
    ...runs.map(
      (r) =>
        `| ${r.seed} | ${count(r, 'passed')} | ${count(r, 'red')} | ${count(r, 'skipped')} | ${(r.wallMs / 1000).toFixed(0)} s | ${cell(r.differs.join(', ') || '(none)')} |`,
    ),
  ];
  const failing = runs.filter((r) => count(r, 'red') > 0 || r.runErrors.length > 0);
  if (failing.length) {
    lines.push('', '### Failing tests per seed (first error line)', '');
    for (const r of failing) {
      lines.push(
        `- **${r.seed}**${r.runErrors.length ? ` — run errors: ${cell(r.runErrors.join(' / ').slice(0, 300))}` : ''}`,
      );
      for (const row of r.rows.filter(isRed))
        lines.push(
          `  - \`${row.key}\` (${row.project}): ${cell((row.outcome === 'blocked' ? (row.blockedBy ?? 'blocked') : (row.error ?? '')).slice(0, 200))}`,
        );
    }
  }
  return lines.join('\n');
}

function writeReport(reports: string, done: readonly SeedRun[], args: Args, complete: boolean): string {
  const runs = [...done].sort((a, b) => args.seeds.indexOf(a.seed) - args.seeds.indexOf(b.seed));
  const table = variantsTable(runs);
  const progress = complete ? '' : ` (${runs.length} of ${args.seeds.length} seeds so far)`;
  const md = `# Suite × sim variants\n\nMeasured ${new Date().toISOString()}${args.grep ? ` (--grep ${args.grep})` : ''}${progress}; reproduce one seed with \`ARCHY_SIM_VARIANT=<seed> npx playwright test --project=sim\`.\n\n${table}\n`;
  writeFileSync(path.join(reports, 'variants.md'), md);
  return table;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const reports = outputPaths().reports;
  const jsonDir = path.join(reports, 'variants');
  mkdirSync(jsonDir, { recursive: true });
  if (args.reportOnly) {
    const table = writeReport(
      reports,
      args.seeds.map((s) => fromReport(s, jsonDir)),
      args,
      true,
    );
    console.log(table);
    return;
  }
  console.log(
    `variants: ${args.seeds.length} seeds, ${args.parallel} side by side${args.grep ? `, --grep ${args.grep}` : ''}`,
  );
  const started = Date.now();
  const queue = [...args.seeds];
  const runs: SeedRun[] = [];
  const worker = async (): Promise<void> => {
    for (let seed = queue.shift(); seed !== undefined; seed = queue.shift()) {
      console.log(`  seed ${seed}: running (${differences(variantFor(seed)).length} guesses differ from default)`);
      const run = await runSeed(seed, args, jsonDir);
      runs.push(run);
      writeReport(reports, runs, args, false); // so far: a long run can be read (or stopped) half way
      console.log(
        `  seed ${seed}: ${count(run, 'passed')} passed, ${count(run, 'red')} failed, ${count(run, 'skipped')} skipped in ${(run.wallMs / 1000).toFixed(0)} s (${runs.length}/${args.seeds.length})`,
      );
    }
  };
  await Promise.all(Array.from({ length: Math.min(args.parallel, args.seeds.length) }, worker));
  runs.sort((a, b) => args.seeds.indexOf(a.seed) - args.seeds.indexOf(b.seed));
  const table = writeReport(reports, runs, args, true);
  console.log(
    `\n${table}\n\n${runs.filter((r) => count(r, 'red') === 0 && r.runErrors.length === 0).length}/${runs.length} seeds green in ${((Date.now() - started) / 60_000).toFixed(1)} min; ${path.join(reports, 'variants.md')}`,
  );
  process.exitCode = runs.every((r) => count(r, 'red') === 0 && r.runErrors.length === 0 && r.rows.length > 0) ? 0 : 1;
}

if (require.main === module) {
  void main().catch((error: unknown) => {
    console.error(`variants: ${(error as Error).message}`);
    process.exitCode = 2;
  });
}
