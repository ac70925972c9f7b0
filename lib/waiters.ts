/**
 * Waiting on an app's observable end state through the API: expect.poll with explicit intervals and a
 * message naming app, node and cell. Budgets from the catalogue are scaled by the node's time-scale.
 */
import { expect } from '@playwright/test';
import { appById, type CellId } from '../config/apps';
import { scaledBudget } from '../config/catalogue';
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
  let last: PackageDataEntry | undefined;
  let lastError: string | undefined;
  const what = `${appId} on ${rpc.node.name} did not reach ${describeTarget(target)} within ${timeout} ms${options.cell ? ` (cell ${options.cell})` : ''}`;
  try {
    await expect
      .poll(
        async () => {
          try {
            last = await rpc.packageEntry(appId);
            lastError = undefined;
            return matchesTarget(last, target);
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
    const seen = lastError ? `error ${lastError}` : summarize(last);
    throw new Error(`${what}; last seen: ${seen}${options.message ? ` — ${options.message}` : ''}`, { cause: error });
  }
  return last;
}
