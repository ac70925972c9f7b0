/**
 * "Came up and stays up": after an app reached `running`, it must still be running STAY_UP_MS later
 * (config/apps.ts; scaled by the node's time-scale). Polls get-state over the rest of that window, so
 * a container that exits a few seconds after it started fails the cell that started it.
 *
 * The same window is the app's health window: an app that came back `running` must not turn
 * `health: unhealthy` in it (§3.2/§3.3 name `unhealthy` as a failure; absent or `healthy` pass). It
 * serves every cell that brings an app up: start, restart, reinstall and the L3 events.
 */
import { STAY_UP_MS } from '../config/apps';
import { scaledWindow } from '../config/catalogue';
import { packageEntries } from './ensure-app';
import type { NodeRpc } from './rpc/node-rpc';
import { pollGapMs, stateFeed } from './state-feed';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The hold on this node: the real-node window times the node's time-scale (1 on a real node). */
export function stayUpMs(node: { timeScale: number }): number {
  return scaledWindow(STAY_UP_MS, node.timeScale);
}

export interface LeftRunning {
  app: string;
  /** The state it was seen in: not `running`, or `running` with health `unhealthy`. */
  state: string;
  /** Set when it stayed running but turned unhealthy. */
  health?: 'unhealthy';
  /** ms after it reached running that it was seen not running. */
  afterMs: number;
}

/**
 * Watches `apps` (all running at `since`) until `since + holdMs`; returns those seen leaving
 * `running` (each once, with the state and when). Every change is seen where the node pushes them
 * (/ws/db, lib/state-feed.ts), with get-state read once a second besides; otherwise get-state is
 * polled within the per-node poll budget. An RPC error while watching is not a verdict on the apps:
 * it is thrown.
 */
export async function watchStaysRunning(
  rpc: NodeRpc,
  node: string,
  apps: readonly string[],
  since: number,
  holdMs: number,
): Promise<LeftRunning[]> {
  const left = new Map<string, LeftRunning>();
  const until = since + holdMs;
  const feed = await stateFeed(rpc);
  const mark = feed?.mark() ?? 0;
  const note = (app: string, state: string, at: number): void => {
    if (!left.has(app) && state !== 'running') left.set(app, { app, state, afterMs: at - since });
  };
  const noteHealth = (app: string, health: unknown, at: number): void => {
    if (!left.has(app) && health === 'unhealthy')
      left.set(app, { app, state: 'running', health: 'unhealthy', afterMs: at - since });
  };
  const sample = async (): Promise<number> => {
    const entries = await packageEntries(rpc, node);
    const now = Date.now();
    for (const app of apps) {
      const state = typeof entries[app]?.state === 'string' ? (entries[app]?.state as string) : 'absent';
      note(app, state, now);
      if (state === 'running') noteHealth(app, (entries[app] as { health?: unknown } | undefined)?.health, now);
    }
    return now;
  };
  let now = await sample();
  let lastBeat = now;
  const gap = pollGapMs((rpc as { node?: { isSim: boolean } }).node);
  for (;;) {
    if (feed?.alive)
      for (const app of apps) {
        for (const c of feed.changesAfter(app, mark)) note(app, c.state, c.at);
        for (const h of feed.healthChangesAfter(app, mark)) noteHealth(app, h.health, h.at);
      }
    now = Date.now();
    if (now >= until || left.size === apps.length) {
      // The last word is get-state's: the window ends with one more read.
      if (left.size < apps.length && now - lastBeat > 0) await sample();
      return [...left.values()];
    }
    if (feed?.alive) {
      if (now - lastBeat >= 1_000) {
        lastBeat = await sample();
        continue;
      }
      await feed.nextChange(Math.min(1_000, until - now));
    } else {
      await sleep(Math.min(gap, until - now));
      lastBeat = await sample();
    }
  }
}

export function describeLeft(l: LeftRunning, holdMs: number): string {
  if (l.health === 'unhealthy')
    return `${l.app} came back unhealthy: health "unhealthy" ${l.afterMs} ms after it reached running (within its health window of ${holdMs} ms it must stay healthy or without health; §3.3)`;
  return `${l.app} did not stay up: ${l.state} ${l.afterMs} ms after it reached running (it must stay running ${holdMs} ms; nothing asked it to stop)`;
}
