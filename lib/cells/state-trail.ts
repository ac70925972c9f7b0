/**
 * Follows an app's `state` after a lifecycle call, recording every distinct state seen (absent
 * included) until an end state, so a spec can assert the transitional state was passed through.
 *
 * Pushed where the node offers it (lib/state-feed.ts, /ws/db): a mark taken before the call
 * (`markState`) and every change after it, however short; `server.get-state` is still asked once
 * a second, so a node that stops answering fails the wait as before. Without a socket it polls
 * get-state, within the per-node poll budget (lib/state-feed.ts pollGapMs).
 */
import { packageEntries } from '../ensure-app';
import type { NodeRpc } from '../rpc/node-rpc';
import { ABSENT, pollGapMs, stateFeed, type StateFeed } from '../state-feed';

export { ABSENT };

export interface StateTrail {
  /** Distinct states in order of appearance, e.g. ['running', 'stopping', 'stopped']. */
  trail: string[];
  final: string;
  reached: boolean;
  elapsedMs: number;
  /** When the first sample came back (ms after the call returned): a longer gap can miss a short transition. */
  firstSampleMs: number;
  /** Date.now() at the last sample (for a reached end state: when it was seen). */
  endedAt: number;
  /** How the states were seen: pushed over /ws/db, or polled. */
  via?: 'ws' | 'poll';
}

/** Where a wait begins: the feed and its mark, taken before the call that changes the state. */
export interface StateMark {
  feed?: StateFeed;
  mark: number;
  at: number;
}

const HEARTBEAT_MS = 1_000;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Take before the lifecycle call: the socket is open by then, so no change after the call is missed. */
export async function markState(rpc: NodeRpc): Promise<StateMark> {
  const feed = await stateFeed(rpc);
  return { feed, mark: feed?.mark() ?? 0, at: Date.now() };
}

type IsEnd = (state: string, trail: readonly string[]) => boolean;

export async function followState(
  rpc: NodeRpc,
  node: string,
  appId: string,
  isEnd: IsEnd,
  budgetMs: number,
  since?: StateMark,
): Promise<StateTrail> {
  const start = since ?? (await markState(rpc));
  const started = start.at;
  const trail: string[] = [];
  let firstSampleMs = -1;
  const push = (state: string, at: number): void => {
    if (trail[trail.length - 1] !== state) trail.push(state);
    if (firstSampleMs < 0) firstSampleMs = Math.max(0, at - started);
  };
  const result = (state: string, reached: boolean, at: number, via: 'ws' | 'poll'): StateTrail => ({
    trail,
    final: state,
    reached,
    elapsedMs: at - started,
    firstSampleMs: Math.max(0, firstSampleMs),
    endedAt: at,
    via,
  });

  const feed = start.feed;
  if (feed?.alive) {
    let cursor = start.mark;
    let state = feed.stateAt(appId, cursor);
    push(state, started);
    // A mark taken before the call holds the state before it (a restart's `running`): only what
    // follows can end the wait. Without a mark the wait began after the call: its state counts.
    if (!since && isEnd(state, trail)) return result(state, true, Date.now(), 'ws');
    let lastBeat = Date.now();
    for (;;) {
      for (const change of feed.changesAfter(appId, cursor)) {
        cursor = change.seq;
        state = change.state;
        push(state, change.at);
        if (isEnd(state, trail)) return result(state, true, change.at, 'ws');
      }
      const now = Date.now();
      if (now - started > budgetMs) return result(state, false, now, 'ws');
      if (!feed.alive) break; // the socket closed (a daemon restart): poll for the rest
      if (now - lastBeat >= HEARTBEAT_MS) {
        await packageEntries(rpc, node); // the node still answers (an RPC error ends the wait as when polling)
        lastBeat = Date.now();
        continue;
      }
      await feed.nextChange(Math.min(HEARTBEAT_MS, budgetMs - (now - started) + 1));
    }
  }

  const gap = pollGapMs((rpc as { node?: { isSim: boolean } }).node);
  for (;;) {
    const entry = (await packageEntries(rpc, node))[appId];
    const state = typeof entry?.state === 'string' ? entry.state : ABSENT;
    const now = Date.now();
    push(state, now);
    if (isEnd(state, trail)) return result(state, true, now, 'poll');
    if (now - started > budgetMs) return result(state, false, now, 'poll');
    await sleep(gap);
  }
}

export function describeTrail(t: StateTrail): string {
  return `${t.trail.join(' → ')} in ${t.elapsedMs} ms${t.via === 'poll' ? ' (polled)' : ''}`;
}
