/**
 * What this run learnt of the node's login limiter, shared by the workers of one run: "a check found
 * it still closed after the whole retry schedule, and no login has got through since". A healthy
 * limiter releases within its window, so on a healthy node this is never written; under a limiter bug
 * (which the security-rate-limit cell turns red) it spares every later check that needs a login the
 * same minutes of waiting: a 429 then means "blocked" at once (or, where the daemon may be restarted,
 * a restart at once). Any answer other than 429, and a daemon restart, clears it.
 *
 * A small file next to the stored sessions (`.auth/<node>.limiter.json`), tagged with the run id, so a
 * file of an earlier or a killed run never counts.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { outputPaths, runId } from '../../config/env';

export interface LimiterStuck {
  runId: string;
  /** When the check gave up (ms since the epoch). */
  at: number;
  /** The check that found it stuck, and how long it waited after the first 429. */
  what: string;
  waitedMs: number;
}

function file(node: string): string {
  return path.join(path.dirname(outputPaths().authFile(node)), `${node}.limiter.json`);
}

/** This run's record that the limiter did not release, or undefined (none, another run's, unreadable). */
export function limiterStuck(node: string): LimiterStuck | undefined {
  const f = file(node);
  if (!existsSync(f)) return undefined;
  try {
    const memo = JSON.parse(readFileSync(f, 'utf8')) as LimiterStuck;
    return memo.runId === runId() ? memo : undefined;
  } catch {
    return undefined; // half-written by another worker: as if absent
  }
}

export function markLimiterStuck(node: string, what: string, waitedMs: number): void {
  const f = file(node);
  mkdirSync(path.dirname(f), { recursive: true, mode: 0o700 });
  const memo: LimiterStuck = { runId: runId(), at: Date.now(), what, waitedMs };
  writeFileSync(`${f}.${process.pid}`, JSON.stringify(memo));
  renameSync(`${f}.${process.pid}`, f); // whole or not at all, for a worker reading it meanwhile
}

export function clearLimiterStuck(node: string): void {
  rmSync(file(node), { force: true });
}
