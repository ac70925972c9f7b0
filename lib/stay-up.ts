/**
 * "Came up and stays up": after an app reached `running`, it must still be running STAY_UP_MS later
 * (config/apps.ts; scaled by the node's time-scale). Polls get-state over the rest of that window, so
 * a container that exits a few seconds after it started fails the cell that started it.
 */
import { STAY_UP_MS } from '../config/apps';
import { scaledWindow } from '../config/catalogue';
import { packageEntries, type RawRpc } from './ensure-app';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The hold on this node: the real-node window times the node's time-scale (1 on a real node). */
export function stayUpMs(node: { timeScale: number }): number {
  return scaledWindow(STAY_UP_MS, node.timeScale);
}

export interface LeftRunning {
  app: string;
  state: string;
  /** ms after it reached running that it was seen not running. */
  afterMs: number;
}

/**
 * Watches `apps` (all running at `since`) until `since + holdMs`; returns those seen leaving
 * `running` (each once, with the state and when). An RPC error while polling is not a verdict on the
 * apps: it is thrown.
 */
export async function watchStaysRunning(rpc: RawRpc, node: string, apps: readonly string[], since: number, holdMs: number): Promise<LeftRunning[]> {
  const left = new Map<string, LeftRunning>();
  const until = since + holdMs;
  const step = Math.max(10, Math.min(250, Math.round(holdMs / 10)));
  for (;;) {
    const entries = await packageEntries(rpc, node);
    const now = Date.now();
    for (const app of apps) {
      if (left.has(app)) continue;
      const state = typeof entries[app]?.state === 'string' ? (entries[app]?.state as string) : 'absent';
      if (state !== 'running') left.set(app, { app, state, afterMs: now - since });
    }
    if (now >= until || left.size === apps.length) return [...left.values()];
    await sleep(Math.min(step, until - now));
  }
}

export function describeLeft(l: LeftRunning, holdMs: number): string {
  return `${l.app} did not stay up: ${l.state} ${l.afterMs} ms after it reached running (it must stay running ${holdMs} ms; nothing asked it to stop)`;
}
