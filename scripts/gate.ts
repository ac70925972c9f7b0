/**
 * `npm run gate -- --project=<node> [--repeat-each N] [--layers L1,L2,L3] [--require-all-cells]`
 *
 * The release gate: per node, runs the gated layers N times (default 20) with retries 0 and no
 * max-failures, lets the pass-rate reporter decide the verdict (reports/gate/<node>.json + .md),
 * checks it with `allure quality-gate` (allurerc.mjs, rules that agree with the verdict), and exits
 *   0 pass · 1 fail (or the quality gate disagrees, or no result) · 2 inconclusive (infra only).
 * Several nodes run one after another; the exit code is the worst of them (fail > inconclusive > pass).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runAllure } from '../reporters/allure-cli';
import { GATE_EXIT, parseGateArgs, playwrightGateArgs, type GateArgs } from '../reporters/gate-args';
import { GATE_DIR, allureResultsDir, readGateResult } from '../reporters/gate-files';
import { GATE_LAYERS_ENV, GATE_REQUIRE_ALL_CELLS_ENV } from '../reporters/gate-layers';
import type { Verdict } from '../reporters/gate-model';

// reports/ and allurerc.mjs are taken from the working directory (the repository when run by npm)
const root = process.cwd();
const playwrightCli = resolve(__dirname, '..', 'node_modules', '@playwright', 'test', 'cli.js');

function minutes(ms: number): string {
  return `${Math.floor(ms / 60_000)}m${String(Math.round((ms % 60_000) / 1000)).padStart(2, '0')}s`;
}

function gateNode(node: string, args: GateArgs): Verdict {
  const gateJson = join(root, GATE_DIR, `${node}.json`);
  rmSync(join(root, allureResultsDir(node)), { recursive: true, force: true });
  rmSync(gateJson, { force: true });
  rmSync(join(root, GATE_DIR, `${node}.md`), { force: true });

  const pwArgs = playwrightGateArgs(node, args);
  console.log(`\n[gate ${node}] playwright ${pwArgs.join(' ')}`);
  const started = Date.now();
  const run = spawnSync(process.execPath, [playwrightCli, ...pwArgs], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, [GATE_LAYERS_ENV]: args.layers.join(','), [GATE_REQUIRE_ALL_CELLS_ENV]: args.requireAllCells ? '1' : '0' },
  });
  const wall = Date.now() - started;
  if (run.error) throw run.error;

  if (!existsSync(gateJson)) {
    console.error(
      `[gate ${node}] no ${GATE_DIR}/${node}.json after ${minutes(wall)} (playwright exit ${run.status}). ` +
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

function main(): number {
  let args: GateArgs;
  try {
    args = parseGateArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`gate: ${(error as Error).message}`);
    return GATE_EXIT.fail;
  }
  const started = Date.now();
  const verdicts = args.projects.map((node) => [node, gateNode(node, args)] as const);
  console.log(`\n[gate] ${verdicts.map(([n, v]) => `${n}: ${v}`).join(' · ')} · wall time ${minutes(Date.now() - started)}`);
  if (verdicts.some(([, v]) => v === 'fail')) return GATE_EXIT.fail;
  if (verdicts.some(([, v]) => v === 'inconclusive')) return GATE_EXIT.inconclusive;
  return GATE_EXIT.pass;
}

process.exitCode = main();
