/**
 * The gate against a sim this script starts itself, so the sim can carry faults and be partitioned
 * partway (issue 6's acceptance runs; also handy to see the gate catch a product bug):
 *
 *   npx tsx scripts/gate-with-sim.ts [--fault bitcoin-stops]... [--time-scale 0.05]
 *        [--partition-after 30 --partition-seconds 20] -- [gate options, e.g. --repeat-each 2]
 *
 * Starts `sim/main.ts --fresh --quiet`, hands its SIM_READY line to the suite as ARCHY_SIM_READY
 * (playwright.config.ts then uses this sim instead of starting one), runs `scripts/gate.ts
 * --project=sim`, optionally partitions the sim over its control channel after N seconds, stops
 * the sim, and exits with the gate's code (0 pass, 1 fail, 2 inconclusive).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { resolve } from 'node:path';

interface Args {
  faults: string[];
  timeScale: string;
  partitionAfterS?: number;
  partitionSeconds: number;
  gateArgs: string[];
}

function parseArgs(argv: string[]): Args {
  const args: Args = { faults: [], timeScale: '0.05', partitionSeconds: 20, gateArgs: [] };
  const split = argv.indexOf('--');
  const own = split >= 0 ? argv.slice(0, split) : argv;
  args.gateArgs = split >= 0 ? argv.slice(split + 1) : [];
  for (let i = 0; i < own.length; i++) {
    const value = (): string => {
      const v = own[++i];
      if (v === undefined) throw new Error(`${own[i - 1]} needs a value`);
      return v;
    };
    switch (own[i]) {
      case '--fault':
        args.faults.push(value());
        break;
      case '--time-scale':
        args.timeScale = value();
        break;
      case '--partition-after':
        args.partitionAfterS = Number(value());
        break;
      case '--partition-seconds':
        args.partitionSeconds = Number(value());
        break;
      default:
        throw new Error(`unknown option ${own[i]} (gate options go after --)`);
    }
  }
  return args;
}

interface SimReadyLine {
  adminUrl: string;
  adminToken: string;
  baseUrl: string;
}

function startSim(args: Args): Promise<{ sim: ChildProcess; readyJson: string; ready: SimReadyLine }> {
  const simArgs = ['--import', 'tsx', resolve(__dirname, '..', 'sim', 'main.ts'), '--fresh', '--quiet', '--time-scale', args.timeScale];
  for (const f of args.faults) simArgs.push('--fault', f);
  const sim = spawn(process.execPath, simArgs, { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error('the sim printed no SIM_READY line within 30 s')), 30_000);
    sim.once('exit', (code) => reject(new Error(`the sim exited (${code}) before it was ready`)));
    createInterface({ input: sim.stdout! }).on('line', (line) => {
      if (!line.startsWith('SIM_READY ')) return;
      clearTimeout(timer);
      const readyJson = line.slice('SIM_READY '.length);
      resolvePromise({ sim, readyJson, ready: JSON.parse(readyJson) as SimReadyLine });
    });
  });
}

async function partition(ready: SimReadyLine, seconds: number): Promise<void> {
  const response = await fetch(`${ready.adminUrl}/admin/partition`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ready.adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ seconds }),
  });
  console.log(`[gate-with-sim] partitioned the sim for ${seconds} s (control channel answered ${response.status})`);
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const { sim, readyJson, ready } = await startSim(args);
  console.log(`[gate-with-sim] sim at ${ready.baseUrl}, faults: ${args.faults.join(', ') || 'none'}, time-scale ${args.timeScale}`);
  let timer: NodeJS.Timeout | undefined;
  try {
    const gate = spawn(process.execPath, ['--import', 'tsx', resolve(__dirname, 'gate.ts'), '--project=sim', ...args.gateArgs], {
      stdio: 'inherit',
      env: { ...process.env, ARCHY_SIM_READY: readyJson },
    });
    if (args.partitionAfterS !== undefined) {
      timer = setTimeout(() => void partition(ready, args.partitionSeconds).catch((e: Error) => console.error(`[gate-with-sim] partition failed: ${e.message}`)), args.partitionAfterS * 1000);
    }
    return await new Promise<number>((resolveCode) => gate.on('exit', (code) => resolveCode(code ?? 1)));
  } finally {
    if (timer) clearTimeout(timer);
    sim.kill('SIGTERM');
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: Error) => {
    console.error(`[gate-with-sim] ${error.message}`);
    process.exitCode = 1;
  },
);
