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
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { SimReady } from '../config/env';
import { positiveNumber } from '../lib/cli';
import { startSim } from '../lib/start-sim';

interface Args {
  faults: string[];
  timeScale: number;
  partitionAfterS?: number;
  partitionSeconds: number;
  gateArgs: string[];
}

/** Own options before `--`, the gate's after it. */
function cliArgs(argv: string[]): Args {
  const split = argv.indexOf('--');
  const { values } = parseArgs({
    args: split >= 0 ? argv.slice(0, split) : argv,
    options: {
      fault: { type: 'string', multiple: true, default: [] },
      'time-scale': { type: 'string' },
      'partition-after': { type: 'string' },
      'partition-seconds': { type: 'string' },
    },
  });
  return {
    faults: values.fault,
    timeScale: positiveNumber(values['time-scale'], 'time-scale', 0.05),
    partitionAfterS:
      values['partition-after'] === undefined
        ? undefined
        : positiveNumber(values['partition-after'], 'partition-after', 0),
    partitionSeconds: positiveNumber(values['partition-seconds'], 'partition-seconds', 20),
    gateArgs: split >= 0 ? argv.slice(split + 1) : [],
  };
}

async function partition(ready: SimReady, seconds: number): Promise<void> {
  const response = await fetch(`${ready.adminUrl}/admin/partition`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ready.adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ seconds }),
  });
  console.log(`[gate-with-sim] partitioned the sim for ${seconds} s (control channel answered ${response.status})`);
}

async function main(): Promise<number> {
  const args = cliArgs(process.argv.slice(2));
  const sim = await startSim({ faults: args.faults, timeScale: args.timeScale, stderr: 'inherit', label: 'gate sim' });
  const { readyJson, ready } = sim;
  console.log(
    `[gate-with-sim] sim at ${ready.baseUrl}, faults: ${args.faults.join(', ') || 'none'}, time-scale ${args.timeScale}`,
  );
  let timer: NodeJS.Timeout | undefined;
  try {
    const gate = spawn(
      process.execPath,
      ['--import', 'tsx', resolve(__dirname, 'gate.ts'), '--project=sim', ...args.gateArgs],
      {
        stdio: 'inherit',
        env: { ...process.env, ARCHY_SIM_READY: readyJson },
      },
    );
    if (args.partitionAfterS !== undefined) {
      timer = setTimeout(
        () =>
          void partition(ready, args.partitionSeconds).catch((e: Error) =>
            console.error(`[gate-with-sim] partition failed: ${e.message}`),
          ),
        args.partitionAfterS * 1000,
      );
    }
    return await new Promise<number>((resolveCode) => gate.on('exit', (code) => resolveCode(code ?? 1)));
  } finally {
    if (timer) clearTimeout(timer);
    await sim.stop();
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
