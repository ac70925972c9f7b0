/** Small helpers for the CLIs in scripts/ (their argv goes through node:util parseArgs). */
import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';

/** A positive number from a string option, or a clear error naming the option. */
export function positiveNumber(raw: string | undefined, option: string, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${option} wants a positive number, got ${raw}`);
  return value;
}

/** The median of a bench's runs (mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Calls `done(code)` once, when a child process has ended: on 'close', or 2 s after 'exit' when
 * 'close' does not come (a grandchild that outlives the run, such as an orphaned sim, holds the
 * inherited pipes open forever); then its pipes are let go, so they keep nothing of ours alive.
 */
export function onChildEnd(child: ChildProcess, done: (code: number | null) => void): void {
  let ended = false;
  const end = (code: number | null): void => {
    if (ended) return;
    ended = true;
    done(code);
    for (const stream of [child.stdout, child.stderr]) stream?.destroy();
  };
  child.once('close', end);
  child.once('exit', (code) => setTimeout(() => end(code), 2000).unref());
}

/**
 * Removes a run's scratch directory; never throws. A run cut short by its global timeout can leave
 * a worker still writing trace files for a moment (ENOTEMPTY mid-removal): removal is retried, and
 * what is still left is named on stderr instead of ending the script with its results unprinted.
 */
export function removeTree(dir: string): void {
  try {
    rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  } catch (error) {
    console.error(
      `note: could not remove ${dir} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); remove it by hand`,
    );
  }
}
