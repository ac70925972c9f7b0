/**
 * Budget of the reference node (issue: sim budgets), median of several runs:
 *   start → SIM_READY < 2 s, idle RSS < 100 MB, server.get-state p50 < 5 ms on loopback.
 * Usage: npm run bench:sim [-- --runs 5]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { median, positiveNumber } from '../lib/cli';
import { startSim } from '../lib/start-sim';

const { values } = parseArgs({ options: { runs: { type: 'string' } } });
const runs = positiveNumber(values.runs, 'runs', 5);

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

async function getStateP50(baseUrl: string): Promise<number> {
  const login = await fetch(`${baseUrl}/rpc/v1`, {
    method: 'POST',
    body: JSON.stringify({ method: 'auth.login', params: { password: 'password123' } }),
  });
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const times: number[] = [];
  for (let i = 0; i < 220; i++) {
    const t = performance.now();
    const res = await fetch(`${baseUrl}/rpc/v1`, {
      method: 'POST',
      headers: { cookie },
      body: '{"method":"server.get-state"}',
    });
    const body = (await res.json()) as { result?: { data?: unknown } };
    if (!body.result?.data) throw new Error(`server.get-state answered without data (HTTP ${res.status})`);
    if (i >= 20) times.push(performance.now() - t); // first calls warm up the JIT
  }
  return median(times);
}

async function main(): Promise<void> {
  const start: number[] = [];
  const rss: number[] = [];
  const p50: number[] = [];
  for (let run = 1; run <= runs; run++) {
    const sim = await startSim({ stderr: 'inherit', readyTimeoutMs: 20_000 });
    const { ready, startMs } = sim;
    try {
      await new Promise((r) => setTimeout(r, 3_000)); // idle: baseline apps up, nothing asked
      rss.push(rssMb(ready.pid));
      start.push(startMs);
      p50.push(await getStateP50(ready.baseUrl));
      console.log(
        `run ${run}/${runs}: start→SIM_READY ${startMs.toFixed(0)} ms, idle RSS ${rss.at(-1)!.toFixed(1)} MB, get-state p50 ${p50.at(-1)!.toFixed(2)} ms`,
      );
    } finally {
      await sim.stop();
    }
  }
  const rows = [
    ['start → SIM_READY', `${median(start).toFixed(0)} ms`, '< 2000 ms', median(start) < 2000],
    ['idle RSS', `${median(rss).toFixed(1)} MB`, '< 100 MB', median(rss) < 100],
    ['server.get-state p50', `${median(p50).toFixed(2)} ms`, '< 5 ms', median(p50) < 5],
  ] as const;
  console.log(`\nmedian of ${runs} runs:`);
  for (const [what, value, target, ok] of rows)
    console.log(`  ${what.padEnd(22)} ${value.padStart(10)}  target ${target}  ${ok ? 'met' : 'MISSED'}`);
  process.exitCode = rows.every((r) => r[3]) ? 0 : 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
