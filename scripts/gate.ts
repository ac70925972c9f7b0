/**
 * `npm run gate -- --project=<node> [--repeat-each N] [--layers L1,L2,L3] [--require-all-cells] [--sims N]`
 *
 * The release gate: per node, runs the gated layers N times (default 20) with retries 0 and no
 * max-failures, lets the pass-rate reporter decide the verdict (reports/gate/<node>.json + .md),
 * checks it with `allure quality-gate` (allurerc.mjs, rules that agree with the verdict), and exits
 *   0 pass · 1 fail (or the quality gate disagrees, or no result) · 2 inconclusive (infra only).
 * Several nodes run one after another; the exit code is the worst of them (fail > inconclusive > pass).
 * `--sims N` (sim only) runs N Playwright processes side by side, each with its own sim and output
 * root under reports/gate-shards/, each taking one shard of the iterations, and merges their runs.
 * Without --sims, `--project=sim` uses one sim more than the CPU cores (at most 4); `--sims 1` runs one.
 */
import { spawn } from 'node:child_process';
import { cpSync, createWriteStream, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { createInterface } from 'node:readline';
import { join, resolve } from 'node:path';
import { runAllure } from '../reporters/allure-cli';
import { GATE_EXIT, parseGateArgs, playwrightGateArgs, resolveSims, type GateArgs } from '../reporters/gate-args';
import { GATE_DIR, REPORTS_DIR, allureResultsDir, nodeEnvFile, readGateResult, writeGateResult } from '../reporters/gate-files';
import { GATE_LAYERS_ENV, GATE_REQUIRE_ALL_CELLS_ENV } from '../reporters/gate-layers';
import type { Verdict } from '../reporters/gate-model';
import { gateRunsFile, mergeGateRuns, readGateRuns, type GateRuns } from '../reporters/gate-runs';
import { summariseGate } from '../reporters/gate-summary';

// reports/ and allurerc.mjs are taken from the working directory (the repository when run by npm)
const root = process.cwd();
const playwrightCli = resolve(__dirname, '..', 'node_modules', '@playwright', 'test', 'cli.js');

function minutes(ms: number): string {
  return `${Math.floor(ms / 60_000)}m${String(Math.round((ms % 60_000) / 1000)).padStart(2, '0')}s`;
}

interface PlaywrightRun {
  args: string[];
  env: Record<string, string>;
  /** When set, output goes to this file and only the gate's own lines reach the console, with this prefix. */
  log?: { file: string; prefix: string };
}

function runPlaywright(run: PlaywrightRun): Promise<number> {
  return new Promise((resolveCode, reject) => {
    const child = spawn(process.execPath, [playwrightCli, ...run.args], {
      cwd: root,
      stdio: run.log ? ['ignore', 'pipe', 'pipe'] : 'inherit',
      env: { ...process.env, ...run.env },
    });
    if (run.log) {
      const file = createWriteStream(run.log.file);
      const prefix = run.log.prefix;
      for (const stream of [child.stdout!, child.stderr!]) {
        stream.pipe(file, { end: false });
        createInterface({ input: stream }).on('line', (line) => {
          if (line.includes('[gate ')) console.log(`${prefix} ${line}`);
        });
      }
      child.on('close', () => file.end());
    }
    child.on('error', reject);
    child.on('close', (code) => resolveCode(code ?? 1));
  });
}

function gateEnv(args: GateArgs): Record<string, string> {
  return { [GATE_LAYERS_ENV]: args.layers.join(','), [GATE_REQUIRE_ALL_CELLS_ENV]: args.requireAllCells ? '1' : '0' };
}

/** One Playwright process per sim, one shard each; their runs merged into this root's results. */
async function runShards(node: string, args: GateArgs): Promise<void> {
  if (process.env.ARCHY_SIM_READY) throw new Error('--sims starts one sim per shard; unset ARCHY_SIM_READY');
  const shardsDir = join(root, REPORTS_DIR, 'gate-shards');
  rmSync(shardsDir, { recursive: true, force: true });
  const roots = Array.from({ length: args.sims }, (_, i) => join(shardsDir, `${node}-${i + 1}`));
  roots.forEach((r) => mkdirSync(r, { recursive: true }));
  console.log(`[gate ${node}] ${args.sims} sims side by side; logs in ${shardsDir}/<shard>.log`);
  const codes = await Promise.all(
    roots.map((shardRoot, i) =>
      runPlaywright({
        args: [...playwrightGateArgs(node, args), `--shard=${i + 1}/${args.sims}`],
        env: { ...gateEnv(args), ARCHY_OUTPUT_ROOT: shardRoot },
        log: { file: `${shardRoot}.log`, prefix: `[shard ${i + 1}/${args.sims}]` },
      }),
    ),
  );
  const shards: GateRuns[] = [];
  roots.forEach((shardRoot, i) => {
    const file = gateRunsFile(node, shardRoot);
    if (existsSync(file)) shards.push(readGateRuns(file));
    else console.error(`[gate ${node}] shard ${i + 1} left no ${file} (playwright exit ${codes[i]}); see ${shardRoot}.log`);
  });
  if (shards.length === 0) return;
  const merged = mergeGateRuns(shards);
  for (let i = shards.length; i < roots.length; i++) merged.runErrors.push({ class: 'product', message: 'this shard produced no result', where: `shard ${i + 1}` });
  writeGateResult(join(root, GATE_DIR), summariseGate(merged));
  const allure = join(root, allureResultsDir(node));
  mkdirSync(allure, { recursive: true });
  for (const shardRoot of roots) {
    const from = join(shardRoot, allureResultsDir(node));
    if (existsSync(from)) for (const f of readdirSync(from)) cpSync(join(from, f), join(allure, f), { recursive: true });
  }
  const facts = roots.map((r) => nodeEnvFile(node, r)).find((f) => existsSync(f));
  if (facts) {
    mkdirSync(join(root, REPORTS_DIR, 'env'), { recursive: true });
    cpSync(facts, join(root, nodeEnvFile(node)));
  }
}

async function gateNode(node: string, args: GateArgs): Promise<Verdict> {
  const gateJson = join(root, GATE_DIR, `${node}.json`);
  rmSync(join(root, allureResultsDir(node)), { recursive: true, force: true });
  rmSync(gateJson, { force: true });
  rmSync(join(root, GATE_DIR, `${node}.md`), { force: true });

  const pwArgs = playwrightGateArgs(node, args);
  console.log(`\n[gate ${node}] playwright ${pwArgs.join(' ')}${args.sims > 1 ? ` (×${args.sims} shards)` : ''}`);
  const started = Date.now();
  let exit: number | undefined;
  if (args.sims > 1) await runShards(node, args);
  else exit = await runPlaywright({ args: pwArgs, env: gateEnv(args) });
  const wall = Date.now() - started;

  if (!existsSync(gateJson)) {
    console.error(
      `[gate ${node}] no ${GATE_DIR}/${node}.json after ${minutes(wall)}${exit !== undefined ? ` (playwright exit ${exit})` : ''}. ` +
        `Is the pass-rate reporter configured? playwright.config.ts needs: reporter: [...gateReporters('${node}')]`,
    );
    return 'fail';
  }
  const result = readGateResult(gateJson);
  const cells = Object.values(result.cells);
  const full = cells.filter((c) => c.passed === result.iterations).length;
  console.log(
    `\n[gate ${node}] verdict ${result.verdict.toUpperCase()} after ${minutes(wall)} · ` +
      `${result.tests.length} tests × ${result.iterations} · ${full}/${cells.length} cells ${result.iterations}/${result.iterations}`,
  );
  for (const reason of result.reasons.slice(0, 20)) console.log(`  - ${reason}`);
  if (result.reasons.length > 20) console.log(`  - … ${result.reasons.length - 20} more in ${GATE_DIR}/${node}.md`);

  console.log(`[gate ${node}] allure quality-gate`);
  const qg = runAllure(['quality-gate', allureResultsDir(node), '--config', 'allurerc.mjs'], root, {
    ARCHY_GATE_NODES: node,
    ARCHY_ALLURE_APPEND_HISTORY: '0', // the history gets this run from `npm run report`, once
  });
  const qgPass = qg === 0;
  if (qgPass !== (result.verdict === 'pass')) {
    console.error(`[gate ${node}] the Allure quality gate (${qgPass ? 'passed' : 'failed'}) disagrees with the verdict (${result.verdict}): treating as fail`);
    return 'fail';
  }
  console.log(`[gate ${node}] quality gate ${qgPass ? 'passed' : 'failed'}, agreeing with the verdict`);
  return result.verdict;
}

async function main(): Promise<number> {
  let args: GateArgs;
  try {
    args = parseGateArgs(process.argv.slice(2));
    args.sims = resolveSims(args, availableParallelism(), Boolean(process.env.ARCHY_SIM_READY));
  } catch (error) {
    console.error(`gate: ${(error as Error).message}`);
    return GATE_EXIT.fail;
  }
  const started = Date.now();
  const verdicts: [string, Verdict][] = [];
  for (const node of args.projects) verdicts.push([node, await gateNode(node, args)]);
  console.log(`\n[gate] ${verdicts.map(([n, v]) => `${n}: ${v}`).join(' · ')} · wall time ${minutes(Date.now() - started)}`);
  if (verdicts.some(([, v]) => v === 'fail')) return GATE_EXIT.fail;
  if (verdicts.some(([, v]) => v === 'inconclusive')) return GATE_EXIT.inconclusive;
  return GATE_EXIT.pass;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: Error) => {
    console.error(`gate: ${error.message}`);
    process.exitCode = GATE_EXIT.fail;
  },
);
