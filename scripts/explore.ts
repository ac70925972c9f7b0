/**
 * `npm run explore`: model-based exploration of the package lifecycle (model/), through Playwright
 * (its steps in the trace and the Allure report), against the sim unless --project names a node.
 *
 *   npm run explore                                  20 sequences of up to 12 steps on the sim
 *   npm run explore -- --runs 200 --steps 12         a bigger budget (ARCHY_EXPLORE_RUNS / _STEPS)
 *   npm run explore -- --replay reports/explore/sim-….json [--faults a,b | --no-faults]
 *   npm run explore -- --seed 123 --path 4:1:0 --replay-path AAB --weights 40,12,… [--apps a,b] [--faults a]
 *   npm run explore:faults [-- --faults state-lies]  each order-dependent sim fault: found? shrunk to? (100 runs)
 *   npm run explore -- --project node-228            a real node: needs ARCHY_ALLOW_DESTRUCTIVE=1
 *   npm run explore -- --variant 7                   the sim's variant 7 (sim/guesses/; ARCHY_SIM_VARIANT)
 *
 * Other arguments go to `playwright test` unchanged.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';

const ROOT = path.resolve(__dirname, '..');
const FLAGS: Record<string, string> = {
  '--runs': 'ARCHY_EXPLORE_RUNS',
  '--steps': 'ARCHY_EXPLORE_STEPS',
  '--seed': 'ARCHY_EXPLORE_SEED',
  '--path': 'ARCHY_EXPLORE_PATH',
  '--replay-path': 'ARCHY_EXPLORE_REPLAY_PATH',
  '--weights': 'ARCHY_EXPLORE_WEIGHTS',
  '--replay': 'ARCHY_EXPLORE_REPLAY',
  '--apps': 'ARCHY_EXPLORE_APPS',
  '--events': 'ARCHY_EXPLORE_EVENTS',
  '--faults': 'ARCHY_EXPLORE_FAULTS',
  '--variant': 'ARCHY_SIM_VARIANT',
};

/** Default sequences per fault for `--fault-finding` (--runs or ARCHY_EXPLORE_RUNS override it). */
const FAULT_FINDING_RUNS = 100;

const env: NodeJS.ProcessEnv = { ...process.env, ARCHY_SPEC_DIRS: 'model' };
const rest: string[] = [];
let project = 'sim';
let faultsMode = false;
const argv = process.argv.slice(2);
// strict: false: options that are not ours go to `playwright test` as they were written (tokens keep them)
const { tokens } = parseArgs({
  args: argv,
  options: {
    ...Object.fromEntries(Object.keys(FLAGS).map((flag) => [flag.slice(2), { type: 'string' } as const])),
    project: { type: 'string' },
    'fault-finding': { type: 'boolean' },
    'no-faults': { type: 'boolean' },
  },
  strict: false,
  allowPositionals: true,
  tokens: true,
});
for (const token of tokens) {
  if (token.kind === 'option-terminator') continue;
  if (token.kind !== 'option') {
    rest.push(argv[token.index]!);
    continue;
  }
  const flag = `--${token.name}`;
  if (flag === '--fault-finding') faultsMode = true;
  else if (flag === '--no-faults') env.ARCHY_EXPLORE_FAULTS = '';
  else if (flag === '--project' || FLAGS[flag]) {
    if (token.value === undefined) {
      console.error(`npm run explore: ${flag} needs a value`);
      process.exit(2);
    }
    if (flag === '--project') project = token.value;
    else env[FLAGS[flag]!] = flag === '--replay' ? path.resolve(token.value) : token.value;
  } else rest.push(argv[token.index]!);
}

// Fault finding stops at the first failure: a bigger default budget costs only when a fault is missed.
if (faultsMode && env.ARCHY_EXPLORE_RUNS === undefined) env.ARCHY_EXPLORE_RUNS = String(FAULT_FINDING_RUNS);

const grep = faultsMode ? ['--grep', '@explore-faults'] : ['--grep', '@explore', '--grep-invert', '@explore-faults'];
const result = spawnSync('npx', ['playwright', 'test', `--project=${project}`, ...grep, ...rest], {
  cwd: ROOT,
  env,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
