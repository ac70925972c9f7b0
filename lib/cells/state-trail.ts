/**
 * Follows an app's `state` through `server.get-state` after a lifecycle call, recording every
 * distinct state seen (absent included) until an end state, so a spec can assert the transitional
 * state was passed through. Polls tightly at first (the sim's transitions last tens of ms at a small
 * time-scale), then every 250 ms.
 */
import { packageEntries } from '../ensure-app';
import type { RawRpc } from '../ensure-app';

export const ABSENT = 'absent';

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
}

/**
 * Poll gap for the first 2 s. The shortest transition the suite must see lasts ~150 ms on the sim at
 * time-scale 0.05 (3 s stop at scale 1): 25 ms sees it several times without flooding the trace.
 */
const EARLY_POLL_MS = 25;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function followState(
  rpc: RawRpc,
  node: string,
  appId: string,
  isEnd: (state: string, trail: readonly string[]) => boolean,
  budgetMs: number,
): Promise<StateTrail> {
  const started = Date.now();
  const trail: string[] = [];
  let firstSampleMs = -1;
  for (;;) {
    const entry = (await packageEntries(rpc, node))[appId];
    const state = typeof entry?.state === 'string' ? entry.state : ABSENT;
    if (trail[trail.length - 1] !== state) trail.push(state);
    const elapsedMs = Date.now() - started;
    if (firstSampleMs < 0) firstSampleMs = elapsedMs;
    if (isEnd(state, trail)) return { trail, final: state, reached: true, elapsedMs, firstSampleMs, endedAt: started + elapsedMs };
    if (elapsedMs > budgetMs) return { trail, final: state, reached: false, elapsedMs, firstSampleMs, endedAt: started + elapsedMs };
    await sleep(elapsedMs < 2_000 ? EARLY_POLL_MS : 250);
  }
}

export function describeTrail(t: StateTrail): string {
  return `${t.trail.join(' → ')} in ${t.elapsedMs} ms`;
}
