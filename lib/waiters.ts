/**
 * Waiting on an app's observable end state through the API: expect.poll with explicit intervals and a
 * message naming app, node and cell. Budgets from the catalogue are scaled by the node's time-scale.
 *
 * A wait that sees a state the app cannot leave without an action stops at once, naming that state
 * (terminalState): the entry gone while waiting for it to run (§3.3: a failed install with no
 * container removes the entry), `stopped` with install-progress.message (§3.3: a failed install that
 * left a container), `unhealthy` while waiting for health once the health window is over. The budgets
 * stay as they are; only a wait that can no longer succeed ends early.
 */
import { expect } from '@playwright/test';
import { appById, STAY_UP_MS, type CellId } from '../config/apps';
import { scaledBudget, scaledWindow } from '../config/catalogue';
import type { RpcClient } from './rpc/client';
import type { PackageDataEntry, PackageState } from './rpc/schemas';

/** 'absent' = the app has no entry in package-data (not installed / uninstalled). */
export type AppStateTarget = PackageState | 'absent' | 'running-healthy';
export type AppPredicate = (entry: PackageDataEntry | undefined) => boolean;

export interface WaitOptions {
  /** Explicit timeout in ms (not scaled). */
  timeoutMs?: number;
  /** Or a catalogue budget of the app, scaled by the node's time-scale. */
  budget?: 'install' | 'action';
  /** The matrix cell this wait decides, for the message. */
  cell?: CellId;
  /** Extra words for the failure message. */
  message?: string;
  /** Poll intervals in ms (default 250, 500, 1000, then 2000). */
  intervals?: number[];
  /**
   * How long `unhealthy` may still turn healthy after the app was first seen running in this wait
   * (real-node ms, scaled by the time-scale; default STAY_UP_MS). After it, unhealthy ends the wait.
   */
  healthWindowMs?: number;
}

/** Floor for scaled budgets (config/catalogue.ts: one floor rule). */
export { MIN_SCALED_WAIT_MS as MIN_SCALED_TIMEOUT_MS } from '../config/catalogue';
export const DEFAULT_TIMEOUT_MS = 60_000;

export function describeTarget(target: AppStateTarget | AppPredicate): string {
  if (typeof target === 'function') return target.name ? `a state matching ${target.name}` : 'the expected state';
  if (target === 'running-healthy') return 'running (health healthy or absent)';
  return target;
}

export function matchesTarget(entry: PackageDataEntry | undefined, target: AppStateTarget | AppPredicate): boolean {
  if (typeof target === 'function') return target(entry);
  if (target === 'absent') return entry === undefined;
  if (!entry) return false;
  if (target === 'running-healthy')
    return entry.state === 'running' && (entry.health === 'healthy' || entry.health == null);
  return entry.state === target;
}

export function waitTimeoutMs(appId: string, timeScale: number, options: WaitOptions): number {
  if (options.timeoutMs !== undefined) return options.timeoutMs;
  if (!options.budget) return DEFAULT_TIMEOUT_MS;
  const app = appById(appId);
  const budget = options.budget === 'install' ? app.installBudgetMs : app.actionBudgetMs;
  return scaledBudget(budget, timeScale);
}

/** What the wait has seen so far: whether the entry was ever there, and since when it runs. */
export interface WaitSeen {
  present: boolean;
  /** A state other than stopped/exited was seen (the entry moved: a stop found at the first read may be the one the call will end). */
  moved?: boolean;
  /** ms since the start of the wait when `running` was first seen (undefined: not yet). */
  runningAtMs?: number;
}

/**
 * The state the app cannot leave without an action, seen while waiting for `target`, as the words
 * for the failure; undefined while the target may still come. Only targets that mean "up" have one.
 */
export function terminalState(
  entry: PackageDataEntry | undefined,
  target: AppStateTarget | AppPredicate,
  seen: WaitSeen,
  elapsedMs: number,
  healthWindowMs: number,
): string | undefined {
  if (target !== 'running' && target !== 'running-healthy') return undefined;
  if (!entry) return seen.present ? 'the entry is gone (uninstalled or a failed install removed it)' : undefined;
  const progress = entry['install-progress']?.message;
  const down = entry.state === 'stopped' || entry.state === 'exited';
  if (down && seen.moved && typeof progress === 'string' && progress)
    return `${entry.state} with install-progress.message "${progress}"`;
  if (
    target === 'running-healthy' &&
    entry.state === 'running' &&
    entry.health === 'unhealthy' &&
    seen.runningAtMs !== undefined &&
    elapsedMs - seen.runningAtMs >= healthWindowMs
  )
    return `running but unhealthy ${Math.round(elapsedMs - seen.runningAtMs)} ms after it ran (health window ${healthWindowMs} ms)`;
  return undefined;
}

function summarize(entry: PackageDataEntry | undefined): string {
  if (!entry) return 'absent';
  const progress = entry['install-progress']?.message;
  return `${entry.state}${entry.health ? `/${entry.health}` : ''}${progress ? ` (${progress})` : ''}`;
}

/**
 * Poll `server.get-state` until the app's entry matches. Returns the last entry seen.
 * Fails with e.g. "lnd on sim did not reach running within 15000 ms (cell start); last seen: stopped".
 */
export async function waitForAppState(
  rpc: RpcClient,
  appId: string,
  target: AppStateTarget | AppPredicate,
  options: WaitOptions = {},
): Promise<PackageDataEntry | undefined> {
  const timeout = waitTimeoutMs(appId, rpc.node.timeScale, options);
  const healthWindow = scaledWindow(options.healthWindowMs ?? STAY_UP_MS, rpc.node.timeScale);
  let last: PackageDataEntry | undefined;
  let lastError: string | undefined;
  let never: string | undefined;
  const seen: WaitSeen = { present: false };
  const started = Date.now();
  const cell = options.cell ? ` (cell ${options.cell})` : '';
  const extra = options.message ? ` — ${options.message}` : '';
  const what = `${appId} on ${rpc.node.name} did not reach ${describeTarget(target)} within ${timeout} ms${cell}`;
  try {
    await expect
      .poll(
        async () => {
          try {
            last = await rpc.packageEntry(appId);
            lastError = undefined;
            if (matchesTarget(last, target)) return true;
            const elapsed = Date.now() - started;
            never = terminalState(last, target, seen, elapsed, healthWindow);
            if (last) seen.present = true;
            if (last && last.state !== 'stopped' && last.state !== 'exited') seen.moved = true;
            if (last?.state === 'running') seen.runningAtMs ??= elapsed;
            return never !== undefined; // a state it cannot leave by itself: stop now
          } catch (error) {
            // A node that is restarting may not answer for a moment: keep polling, report it if it lasts.
            lastError = (error as Error).message;
            return false;
          }
        },
        { timeout, intervals: options.intervals ?? [250, 500, 1000, 2000], message: what },
      )
      .toBe(true);
  } catch (error) {
    const lastSeen = lastError ? `error ${lastError}` : summarize(last);
    throw new Error(`${what}; last seen: ${lastSeen}${extra}`, { cause: error });
  }
  if (never !== undefined)
    throw new Error(
      `${appId} on ${rpc.node.name} will not reach ${describeTarget(target)}${cell}: ${never} after ${Date.now() - started} ms (of ${timeout} ms); it cannot leave that state without an action${extra}`,
    );
  return last;
}
