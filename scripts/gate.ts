/**
 * `npm run gate -- --project=<node> [--repeat-each N] [--layers L1,L2,L3] [--require-all-cells] [--sims N] [--max-hours H]`
 *
 * The release gate: per node, runs the gated layers N times (default 20) with retries 0 and no
 * max-failures, lets the pass-rate reporter decide the verdict (reports/gate/<node>.json + .md),
 * checks it with `allure quality-gate` (allurerc.mjs, rules that agree with the verdict), and exits
 *   0 pass · 1 fail (or the quality gate disagrees, or no result) · 2 inconclusive (infra only).
 * Several nodes (`--project=node-a --project=node-b`) run at the same time in one Playwright process
 * (one worker per node unless the node allows app concurrency); each node gets its own result, and
 * one release verdict merges them (reporters/gate-release.ts → reports/release/release.{json,md}):
 * the exit code is then the release verdict's.
 * Before the first test the reporter prints how long the run will take (from the last gate's
 * durations on that node, reports/gate-timings/<node>.json, else from the catalogue's budgets), then
 * a progress line with the ETA at least every 20 s; the summary sets the node-operation time the
 * tests asked for against wall time.
 * `--layers L1,L2,L3,explore` also runs the model-based exploration (model/, `npm run explore`) once per
 * node after the gated layers, with its own budget (ARCHY_EXPLORE_RUNS / _STEPS); what it found goes
 * into the node's gate result (reporters/gate-exploration.ts): a failing sequence fails the verdict,
 * its shrunk steps, replay file and reproduce commands in reports/gate/<node>.{json,md} and Allure.
 * On a real node it changes apps, so it needs ARCHY_ALLOW_DESTRUCTIVE=1.
 * `--sims N` (sim only) runs N Playwright processes side by side, each with its own sim and output
 * root under reports/gate-shards/, each running whole iterations (its share, iterationShares), and
 * merges their runs.
 * `--max-hours H` (default 3.5) bounds the gate's wall time per node: the progress line says when the
 * ETA will not fit; once H hours have passed no further test starts (the running one finishes), the
 * verdict is written from what ran (fail if anything failed, else inconclusive) with the reason, and the
 * gate builds the Allure report and the scorecard itself, so a night cut short still leaves its evidence.
 * Without --sims, `--project=sim` uses 4 sims per CPU core (at most 8, at most the iterations), each
 * with one worker unless ARCHY_APP_CONCURRENCY says otherwise (reporters/gate-args.ts resolveSims); `--sims 1` runs one.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, createWriteStream, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { createInterface } from 'node:readline';
import { join, resolve } from 'node:path';
import { externalSimReady, GATE_DEADLINE_ENV, GATE_MAX_HOURS_ENV, globalEnv, outputPaths } from '../config/env';
import { onChildEnd } from '../lib/cli';
import { NODE_CONTAINER, SIM } from '../config/nodes';
import { runAllure } from '../reporters/allure-cli';
import { copyShardResults } from '../reporters/allure-shards';
import { mergePerfFiles, perfFile } from '../reporters/perf-reporter';
import {
  GATE_EXIT,
  iterationShares,
  parseGateArgs,
  playwrightGateArgs,
  resolveSims,
  type GateArgs,
} from '../reporters/gate-args';
import {
  GATE_DIR,
  REPORTS_DIR,
  allureResultsDir,
  nodeEnvFile,
  readGateResult,
  writeGateResult,
} from '../reporters/gate-files';
import { GATE_LAYERS_ENV, GATE_REQUIRE_ALL_CELLS_ENV } from '../reporters/gate-layers';
import type { Verdict } from '../reporters/gate-model';
import { gateRunsFile, mergeGateRuns, offsetRepetitions, readGateRuns, type GateRuns } from '../reporters/gate-runs';
import { summariseGate } from '../reporters/gate-summary';
import { failingNodes, releaseVerdict, writeRelease } from '../reporters/gate-release';
import {
  describeCost,
  formatDuration,
  gateTimingsFile,
  readGateTimings,
  timingsOf,
  writeGateTimings,
} from '../reporters/gate-timing';
import { requiredCells } from '../reporters/cell-layers';
import { EXPLORE_LAYER, withExploration } from '../reporters/gate-exploration';
import type { GateExploration } from '../reporters/gate-model';
import { readExploreRun } from '../model/replay-file';

// Playwright runs in the working directory (the repository when run by npm) and finds its config
// there; reports/ are under the output root the reporters write to (config/env outputPaths:
// ARCHY_OUTPUT_ROOT, else the repository), read in main() so a bad setting is a clear error;
// allurerc.mjs is the output root's when it has one, else the repository's.
const cwd = process.cwd();
let root = '';
const allureConfig = (): string =>
  existsSync(join(root, 'allurerc.mjs')) ? join(root, 'allurerc.mjs') : resolve(__dirname, '..', 'allurerc.mjs');
const playwrightCli = resolve(__dirname, '..', 'node_modules', '@playwright', 'test', 'cli.js');

const minutes = formatDuration;

interface PlaywrightRun {
  args: string[];
  env: Record<string, string>;
  /** When set, output goes to this file and only the gate's own lines reach the console, with this prefix. */
  log?: { file: string; prefix: string };
}

function runPlaywright(run: PlaywrightRun): Promise<number> {
  return new Promise((resolveCode, reject) => {
    const child = spawn(process.execPath, [playwrightCli, ...run.args], {
      cwd,
      stdio: run.log ? ['ignore', 'pipe', 'pipe'] : 'inherit',
      env: { ...process.env, ...run.env },
    });
    let file: ReturnType<typeof createWriteStream> | undefined;
    if (run.log) {
      file = createWriteStream(run.log.file);
      const prefix = run.log.prefix;
      for (const stream of [child.stdout!, child.stderr!]) {
        stream.pipe(file!, { end: false });
        createInterface({ input: stream }).on('line', (line) => {
          if (line.includes('[gate ')) console.log(`${prefix} ${line}`);
        });
      }
    }
    child.on('error', reject);
    onChildEnd(child, (code) => {
      if (file) {
        for (const stream of [child.stdout!, child.stderr!]) stream.unpipe(file);
        file.end();
      }
      resolveCode(code ?? 1);
    });
  });
}

/** When this gate's wall-clock budget runs out (set once, before the first Playwright process starts). */
let deadline = 0;

function gateEnv(args: GateArgs): Record<string, string> {
  return {
    [GATE_LAYERS_ENV]: args.layers.join(','),
    [GATE_REQUIRE_ALL_CELLS_ENV]: args.requireAllCells ? '1' : '0',
    [GATE_MAX_HOURS_ENV]: String(args.maxHours),
    [GATE_DEADLINE_ENV]: String(deadline),
  };
}

/** Workers per shard's sim when ARCHY_APP_CONCURRENCY is not set (why one: resolveSims). */
const SHARD_APP_CONCURRENCY = 1;

/** One Playwright process per sim, each running its share of the iterations; their runs merged into this root's results. */
async function runShards(node: string, args: GateArgs, started: number): Promise<void> {
  if (externalSimReady()) throw new Error('--sims starts one sim per shard; unset ARCHY_SIM_READY');
  const shardsDir = join(root, REPORTS_DIR, 'gate-shards');
  rmSync(shardsDir, { recursive: true, force: true });
  const shares = iterationShares(args.repeatEach, args.sims);
  const offsets = shares.map((_, i) => shares.slice(0, i).reduce((a, b) => a + b, 0));
  const roots = shares.map((_, i) => join(shardsDir, `${node}-${i + 1}`));
  roots.forEach((r) => mkdirSync(r, { recursive: true }));
  console.log(
    `[gate ${node}] ${shares.length} sims side by side, iterations ${shares.join(' + ')}; logs in ${shardsDir}/<shard>.log`,
  );
  const codes = await Promise.all(
    roots.map((shardRoot, i) =>
      runPlaywright({
        args: playwrightGateArgs(node, { ...args, repeatEach: shares[i] }),
        // Each shard runs its tests one at a time unless ARCHY_APP_CONCURRENCY says otherwise: the
        // sims side by side are the concurrency (L3 events, exclusive on a sim, spread over them).
        env: {
          ...gateEnv(args),
          ARCHY_OUTPUT_ROOT: shardRoot,
          ARCHY_APP_CONCURRENCY: String(globalEnv().appConcurrency ?? SHARD_APP_CONCURRENCY),
          // its repetitions' indices in the whole gate: L3's rotation of stopped apps walks all 20 (fixtures/stack-rotation.ts)
          ARCHY_REPETITION_OFFSET: String(offsets[i]),
        },
        log: { file: `${shardRoot}.log`, prefix: `[shard ${i + 1}/${shares.length}]` },
      }),
    ),
  );
  const shards: GateRuns[] = [];
  const missing: number[] = [];
  roots.forEach((shardRoot, i) => {
    const file = gateRunsFile(node, shardRoot);
    if (existsSync(file)) shards.push(offsetRepetitions(readGateRuns(file), offsets[i]));
    else {
      missing.push(i);
      console.error(
        `[gate ${node}] shard ${i + 1} left no ${file} (playwright exit ${codes[i]}); see ${shardRoot}.log`,
      );
    }
  });
  if (shards.length === 0) return;
  const merged = mergeGateRuns(shards, args.repeatEach);
  for (const i of missing)
    merged.runErrors.push({
      class: 'product',
      message: `this shard produced no result (iterations ${offsets[i] + 1}–${offsets[i] + shares[i]} did not run)`,
      where: `shard ${i + 1}`,
    });
  const wallMs = Date.now() - started;
  writeGateResult(join(root, GATE_DIR), summariseGate({ ...merged, wallMs }));
  writeTimings(node, shards, wallMs);
  const allure = join(root, allureResultsDir(node));
  mkdirSync(allure, { recursive: true });
  roots.forEach((shardRoot, i) => {
    const from = join(shardRoot, allureResultsDir(node));
    if (existsSync(from)) copyShardResults(from, allure, offsets[i]);
  });
  const perf = mergePerfFiles(
    node,
    roots.map((r) => perfFile(node, r)),
    root,
  );
  for (const why of perf.unreadable) console.error(`[gate ${node}] KPI samples of a shard left out: ${why}`);
  const facts = roots.map((r) => nodeEnvFile(node, r)).find((f) => existsSync(f));
  if (facts) {
    mkdirSync(join(root, REPORTS_DIR, 'env'), { recursive: true });
    cpSync(facts, join(root, nodeEnvFile(node)));
  }
}

/** reports/gate-timings/<node>.json from this gate's runs (the next gate's estimate). */
function writeTimings(node: string, runs: readonly GateRuns[], wallMs: number): void {
  const durations = new Map(runs.flatMap((r) => r.durations ?? []));
  if (durations.size === 0) return;
  const file = gateTimingsFile(node, root);
  const now = timingsOf(
    node,
    runs.flatMap((r) => r.planned),
    durations,
    wallMs,
    runs.length,
  );
  // Tests this gate did not run (other layers, a --grep) keep their last duration.
  const getStateP50Ms = preflightGetStateP50(node);
  writeGateTimings(file, {
    ...now,
    tests: { ...(readGateTimings(file)?.tests ?? {}), ...now.tests },
    ...(getStateP50Ms !== undefined ? { getStateP50Ms } : {}),
  });
}

/** The preflight's server.get-state p50 of this gate (reports/env/<node>.json rpcLatency): what its durations include. */
function preflightGetStateP50(node: string): number | undefined {
  try {
    const facts = JSON.parse(readFileSync(join(root, nodeEnvFile(node)), 'utf8')) as {
      rpcLatency?: { getState?: { p50Ms?: unknown } };
    };
    const p50 = facts.rpcLatency?.getState?.p50Ms;
    return typeof p50 === 'number' ? p50 : undefined;
  } catch {
    return undefined;
  }
}

function clearNode(node: string): void {
  rmSync(join(root, allureResultsDir(node)), { recursive: true, force: true });
  rmSync(join(root, GATE_DIR, `${node}.json`), { force: true });
  rmSync(join(root, GATE_DIR, `${node}.md`), { force: true });
}

/** Runs the gate's Playwright process(es) for all nodes; returns the wall time. */
async function runGate(args: GateArgs): Promise<{ wall: number; exit?: number }> {
  args.projects.forEach(clearNode);
  const pwArgs = playwrightGateArgs(args.projects, args);
  console.log(
    `\n[gate ${args.projects.join(', ')}] playwright ${pwArgs.join(' ')}${args.sims > 1 ? ` (×${args.sims} shards)` : ''}`,
  );
  const started = Date.now();
  deadline = started + args.maxHours * 3_600_000;
  let exit: number | undefined;
  if (args.sims > 1) await runShards(args.projects[0], args, started);
  else {
    exit = await runPlaywright({ args: pwArgs, env: gateEnv(args) });
    const wall = Date.now() - started;
    for (const node of args.projects) {
      const file = gateRunsFile(node, root);
      if (existsSync(file)) writeTimings(node, [readGateRuns(file)], wall);
    }
  }
  return { wall: Date.now() - started, exit };
}

/**
 * `--layers …,explore`: the exploration of `node`, once (its own Playwright run of model/, like `npm run
 * explore`, into the same reports and Allure results), folded into the node's gate result.
 */
async function runExploration(node: string, args: GateArgs): Promise<void> {
  const gateJson = join(root, GATE_DIR, `${node}.json`);
  if (!existsSync(gateJson)) return; // judgeNode says why there is no gate result
  if (Date.now() > deadline) {
    // never a pass without the exploration that was asked for
    const error = `not run: the gate's --max-hours budget had run out`;
    writeGateResult(
      join(root, GATE_DIR),
      withExploration(readGateResult(gateJson), { outcome: 'fail', playwrightExit: 0, wallMs: 0, error }),
    );
    console.log(`[gate ${node}] ${EXPLORE_LAYER}: ${error}`);
    return;
  }
  const pwArgs = [
    'test',
    `--project=${node}`,
    '--grep',
    '@explore',
    '--grep-invert',
    '@explore-faults',
    '--retries=0',
    ...args.passThrough,
  ];
  console.log(`\n[gate ${node}] ${EXPLORE_LAYER}: playwright ${pwArgs.join(' ')} (ARCHY_SPEC_DIRS=model)`);
  // Its own output root (its Allure reporter starts by clearing its results folder): the layers' results
  // stay as they are, and its results are copied in beside them afterwards.
  const exploreRoot = join(root, REPORTS_DIR, 'gate-explore', node);
  rmSync(exploreRoot, { recursive: true, force: true }); // a stale result from an earlier run must not count
  mkdirSync(exploreRoot, { recursive: true });
  const started = Date.now();
  // Not a gate run for the reporters (no ARCHY_GATE_LAYERS): the layers' gate result stays as it is.
  const exit = await runPlaywright({
    args: pwArgs,
    env: { ARCHY_SPEC_DIRS: 'model', ARCHY_OUTPUT_ROOT: exploreRoot, [GATE_LAYERS_ENV]: '' },
  });
  const wallMs = Date.now() - started;
  const allure = join(exploreRoot, allureResultsDir(node));
  if (existsSync(allure)) copyShardResults(allure, join(root, allureResultsDir(node)), 0);
  let exploration: GateExploration;
  try {
    const run = readExploreRun(node, exploreRoot);
    exploration = run
      ? {
          outcome: run.failure ? 'fail' : 'pass',
          playwrightExit: exit,
          wallMs,
          seed: run.seed,
          runs: run.runs,
          maxSteps: run.maxSteps,
          sequences: run.sequences,
          steps: run.steps,
          stack: run.stack,
          coverage: run.coverage,
          ...(run.failure ? { failure: run.failure } : {}),
        }
      : {
          outcome: 'fail',
          playwrightExit: exit,
          wallMs,
          error: `it left no result (playwright exit ${exit}): the exploration test did not run to its end; see its output above`,
        };
  } catch (error) {
    exploration = { outcome: 'fail', playwrightExit: exit, wallMs, error: (error as Error).message };
  }
  writeGateResult(join(root, GATE_DIR), withExploration(readGateResult(gateJson), exploration));
  console.log(
    `[gate ${node}] ${EXPLORE_LAYER}: ${exploration.outcome.toUpperCase()} after ${minutes(wallMs)}` +
      (exploration.sequences !== undefined ? ` · ${exploration.sequences} sequences, ${exploration.steps} steps` : '') +
      (exploration.failure ? ` · replay ${exploration.failure.replayFile}` : '') +
      (exploration.error ? ` · ${exploration.error}` : ''),
  );
}

/** One node's verdict, from its gate result, checked against the Allure quality gate. */
function judgeNode(node: string, wall: number, exit: number | undefined): Verdict {
  const gateJson = join(root, GATE_DIR, `${node}.json`);
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
  if (result.cost)
    console.log(
      `[gate ${node}] cost: ${describeCost(wall, { byOp: result.cost.byOp, totalMs: result.cost.nodeOpMs })}`,
    );
  for (const reason of result.reasons.slice(0, 20)) console.log(`  - ${reason}`);
  if (result.reasons.length > 20) console.log(`  - … ${result.reasons.length - 20} more in ${GATE_DIR}/${node}.md`);
  if (result.budget?.ranOut) writeEvidence(node);

  console.log(`[gate ${node}] allure quality-gate`);
  const qg = runAllure(['quality-gate', allureResultsDir(node), '--config', allureConfig()], root, {
    ARCHY_GATE_NODES: node,
    ARCHY_ALLURE_APPEND_HISTORY: '0', // the history gets this run from `npm run report`, once
  });
  const qgPass = qg === 0;
  if (qgPass !== (result.verdict === 'pass')) {
    console.error(
      `[gate ${node}] the Allure quality gate (${qgPass ? 'passed' : 'failed'}) disagrees with the verdict (${result.verdict}): treating as fail`,
    );
    return 'fail';
  }
  console.log(`[gate ${node}] quality gate ${qgPass ? 'passed' : 'failed'}, agreeing with the verdict`);
  return result.verdict;
}

/**
 * The budget ran out: the Allure report and the scorecard now, by the gate itself (the same commands as
 * `npm run report` and `npm run scorecard -- --node <node>`), so a job stopped right after still has them.
 * Playwright stopped for the budget skips the teardown project, so a real node is put back to the run's
 * snapshot here (`npm run restore`); the sim and the node container were stopped with the run.
 */
function writeEvidence(node: string): void {
  const restore =
    node === SIM || node === NODE_CONTAINER ? [] : ([['restore', 'restore.ts', [`--project=${node}`]]] as const);
  for (const [what, script, extra] of [
    ...restore,
    ['Allure report', 'report.ts', []],
    ['scorecard', 'scorecard.ts', ['--node', node]],
  ] as const) {
    const run = spawnSync(process.execPath, ['--import', 'tsx', resolve(__dirname, script), ...extra], {
      cwd,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    console.log(
      `[gate ${node}] the budget ran out: ${what} ${run.status === 0 ? 'written' : `failed (exit ${run.status})`}`,
    );
  }
}

/** Several nodes: one release verdict from their results (reports/release/). */
function judgeRelease(args: GateArgs): Verdict {
  const results = args.projects
    .map((n) => join(root, GATE_DIR, `${n}.json`))
    .filter((f) => existsSync(f))
    .map(readGateResult);
  const release = releaseVerdict(results, {
    required: args.repeatEach,
    requiredCells: args.requireAllCells ? requiredCells(args.layers) : undefined,
  });
  for (const node of args.projects.filter((n) => !results.some((r) => r.node === n)))
    release.reasons.unshift(`${node}: no gate result`);
  if (results.length < args.projects.length) release.verdict = 'fail';
  const files = writeRelease(root, release);
  const named = failingNodes(release);
  console.log(
    `\n[gate release] verdict ${release.verdict.toUpperCase()} over ${args.projects.join(', ')}${named.length ? ` · failing on ${named.join(', ')}` : ''} · ${files.md}`,
  );
  for (const reason of release.reasons.slice(0, 20)) console.log(`  - ${reason}`);
  return release.verdict;
}

async function main(): Promise<number> {
  let args: GateArgs;
  try {
    root = outputPaths().root;
    args = parseGateArgs(process.argv.slice(2));
    args.sims = resolveSims(args, availableParallelism(), externalSimReady());
    const real = args.projects.filter((p) => p !== 'sim');
    if (args.explore && real.length > 0 && !globalEnv().allowDestructive)
      throw new Error(
        `--layers …,${EXPLORE_LAYER} installs, stops and uninstalls apps on ${real.join(', ')}: set ARCHY_ALLOW_DESTRUCTIVE=1, or leave ${EXPLORE_LAYER} out`,
      );
  } catch (error) {
    console.error(`gate: ${(error as Error).message}`);
    return GATE_EXIT.fail;
  }
  const { wall, exit } = await runGate(args);
  if (args.explore) for (const node of args.projects) await runExploration(node, args);
  const verdicts: [string, Verdict][] = args.projects.map((node) => [node, judgeNode(node, wall, exit)]);
  console.log(`\n[gate] ${verdicts.map(([n, v]) => `${n}: ${v}`).join(' · ')} · wall time ${minutes(wall)}`);
  const worst = (vs: Verdict[]): Verdict =>
    vs.includes('fail') ? 'fail' : vs.includes('inconclusive') ? 'inconclusive' : 'pass';
  const verdict = args.projects.length > 1 ? judgeRelease(args) : worst(verdicts.map(([, v]) => v));
  return GATE_EXIT[verdict];
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
