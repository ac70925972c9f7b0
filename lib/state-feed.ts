/**
 * State changes pushed, not polled (issue 13): one `/ws/db` socket per node and worker process
 * (archy-surface §6: a dump `{rev, data}`, then `{rev, patch: [RFC 6902]}` on every change, applied
 * with fast-json-patch as archy's dashboard does). It keeps every app's `state` and `health` and the
 * history of their changes, so a waiter that took a mark before its lifecycle call sees every state after it — also a
 * transition shorter than any poll.
 *
 * Where the node has no socket (refused, no dump within 10 s, closed by a daemon restart) the waiters
 * poll `server.get-state` instead, at no more than POLLS_PER_S_PER_NODE per node; a closed socket is
 * opened again at the next use, at most every RETRY_MS. The session cookie goes into the handshake
 * only: nothing here logs or attaches it.
 */
import { applyPatch, type Operation } from 'fast-json-patch';
import WebSocket from 'ws';
import { appConcurrencyFor } from '../config/env';
import type { NodeConfig } from '../config/nodes';
import { beforeConnect, connectionFailure, targetFor, tlsOptionsFor } from './http/client';
import { IdentityChangedError } from './http/pin';

export const ABSENT = 'absent';
/** Polls of server.get-state per second and node, all workers together, when there is no socket. */
export const POLLS_PER_S_PER_NODE = 4;
/** A busy runner or node can take seconds for the handshake and the dump; a failed try is not retried for RETRY_MS. */
const CONNECT_TIMEOUT_MS = 10_000;
const RETRY_MS = 30_000;

/** What a feed needs from the RPC client (lib/rpc/client.ts RpcClient has it). */
export interface FeedRpc {
  node: Pick<NodeConfig, 'name' | 'baseUrl' | 'isSim' | 'caSha256' | 'caFile'>;
  sessionCookieHeader(): Promise<string>;
}

export interface StateChange {
  /** Order of the change in this feed (increasing). */
  seq: number;
  at: number;
  app: string;
  state: string;
}

/** A change of an app's `health` (a string, or absent), in the same order as the state changes. */
export interface HealthChange {
  seq: number;
  at: number;
  app: string;
  health: string;
}

type Doc = { 'package-data'?: Record<string, { state?: unknown; health?: unknown } | undefined> };

export class StateFeed {
  private doc: Doc = {};
  private readonly states = new Map<string, string>();
  private readonly history: StateChange[] = [];
  private readonly healths = new Map<string, string>();
  private readonly healthHistory: HealthChange[] = [];
  private readonly waiters = new Set<() => void>();
  private seq = 0;
  alive = true;

  constructor(private readonly ws: WebSocket) {
    ws.on('message', (raw) => this.onMessage(String(raw)));
    const die = (): void => {
      this.alive = false;
      this.wake();
    };
    ws.on('close', die);
    ws.on('error', die);
  }

  private onMessage(text: string): void {
    let msg: { rev?: number; data?: Doc; patch?: Operation[] };
    try {
      msg = JSON.parse(text) as typeof msg;
    } catch {
      return;
    }
    try {
      if (msg.data && typeof msg.data === 'object') this.doc = structuredClone(msg.data);
      else if (Array.isArray(msg.patch)) this.doc = applyPatch(this.doc, msg.patch, false, true).newDocument;
      else return;
    } catch {
      // A patch that does not apply: the view is no longer trustworthy; the waiters poll instead.
      this.close();
      return;
    }
    this.record(Date.now());
  }

  private record(at: number): void {
    const entries = this.doc['package-data'] ?? {};
    const seen = new Set<string>();
    for (const [id, entry] of Object.entries(entries)) {
      seen.add(id);
      // health before state: a health that came in the same message as a state is the health "as of" that state
      const health = typeof entry?.health === 'string' ? entry.health : ABSENT;
      if (this.healths.get(id) !== health) {
        this.healths.set(id, health);
        this.healthHistory.push({ seq: ++this.seq, at, app: id, health });
      }
      const state = typeof entry?.state === 'string' ? entry.state : ABSENT;
      if (this.states.get(id) !== state) {
        this.states.set(id, state);
        this.history.push({ seq: ++this.seq, at, app: id, state });
      }
    }
    for (const [id, state] of this.states) {
      if (!seen.has(id) && state !== ABSENT) {
        this.states.set(id, ABSENT);
        this.history.push({ seq: ++this.seq, at, app: id, state: ABSENT });
      }
    }
    for (const [id, health] of this.healths) {
      if (!seen.has(id) && health !== ABSENT) {
        this.healths.set(id, ABSENT);
        this.healthHistory.push({ seq: ++this.seq, at, app: id, health: ABSENT });
      }
    }
    for (const list of [this.history, this.healthHistory]) if (list.length > 5_000) list.splice(0, list.length - 2_500);
    this.wake();
  }

  private wake(): void {
    for (const w of [...this.waiters]) w();
  }

  /** The app's state as the feed knows it now. */
  stateOf(app: string): string {
    return this.states.get(app) ?? ABSENT;
  }

  /** A mark: changes after it are the ones that happen from now on. */
  mark(): number {
    return this.seq;
  }

  /** The app's state as of `mark`. */
  stateAt(app: string, mark: number): string {
    return lastAsOf(this.history, app, mark)?.state ?? ABSENT;
  }

  /** The app's changes after `mark`, in order. */
  changesAfter(app: string, mark: number): StateChange[] {
    return this.history.filter((c) => c.app === app && c.seq > mark);
  }

  /** The app's health as of `mark` ('absent' when it has none). */
  healthAt(app: string, mark: number): string {
    return lastAsOf(this.healthHistory, app, mark)?.health ?? ABSENT;
  }

  /** The app's health changes after `mark`, in order. */
  healthChangesAfter(app: string, mark: number): HealthChange[] {
    return this.healthHistory.filter((c) => c.app === app && c.seq > mark);
  }

  /** Resolves at the next change (any app), when the socket dies, or after `ms`. */
  nextChange(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, ms));
      this.waiters.add(done);
    });
  }

  close(): void {
    this.alive = false;
    this.ws.terminate();
    this.wake();
  }
}

/** The app's last change at or before `mark` in a history (ordered by seq). */
function lastAsOf<T extends { app: string; seq: number }>(
  list: readonly T[],
  app: string,
  mark: number,
): T | undefined {
  for (let i = list.length - 1; i >= 0; i--) {
    const c = list[i];
    if (c.app === app && c.seq <= mark) return c;
  }
  return undefined;
}

const feeds = new Map<string, { feed?: StateFeed; tried: number; pending?: Promise<StateFeed | undefined> }>();

function wsUrlOf(baseUrl: string): string {
  const url = new URL('/ws/db', baseUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}

/**
 * Opens the node's socket. Over https the handshake verifies the node's pinned CA before the session
 * cookie is sent; a changed identity rejects with IdentityChangedError (a stop, not a fall-back to
 * polling). Any other failure resolves undefined: the waiters poll.
 */
async function connect(rpc: FeedRpc): Promise<StateFeed | undefined> {
  const target = targetFor(rpc.node);
  beforeConnect(target);
  let cookie: string;
  try {
    cookie = await rpc.sessionCookieHeader();
  } catch {
    return undefined;
  }
  if (!cookie) return undefined;
  const url = wsUrlOf(rpc.node.baseUrl);
  const failure = await new Promise<{ feed?: StateFeed; error?: unknown }>((resolve) => {
    const ws = new WebSocket(url, {
      headers: { Cookie: cookie },
      ...tlsOptionsFor(target),
      handshakeTimeout: CONNECT_TIMEOUT_MS,
    });
    const feed = new StateFeed(ws);
    const timer = setTimeout(() => finish(false), CONNECT_TIMEOUT_MS);
    let error: unknown;
    const finish = (ok: boolean): void => {
      clearTimeout(timer);
      ws.off('message', onFirst);
      if (!ok) feed.close();
      resolve(ok ? { feed } : { error });
    };
    // The dump arrives first; the feed's own listener (registered first) has applied it by now.
    const onFirst = (): void => finish(true);
    ws.on('message', onFirst);
    ws.on('error', (e) => {
      error = e;
      finish(false);
    });
    ws.on('close', () => finish(false));
    ws.on('open', () => (ws as unknown as { _socket?: { unref?: () => void } })._socket?.unref?.());
  });
  if (failure.feed) return failure.feed;
  if (failure.error === undefined) return undefined;
  const explained = await connectionFailure(target, url.replace(/^ws/, 'http'), failure.error);
  if (explained instanceof IdentityChangedError) throw explained;
  return undefined;
}

/** The node's feed for this worker, or undefined (no socket: poll). */
export async function stateFeed(rpc: unknown): Promise<StateFeed | undefined> {
  if (!isFeedRpc(rpc)) return undefined;
  const key = `${rpc.node.name} ${rpc.node.baseUrl}`;
  const slot = feeds.get(key) ?? { tried: 0 };
  feeds.set(key, slot);
  if (slot.feed?.alive) return slot.feed;
  if (slot.pending) return slot.pending;
  if (Date.now() - slot.tried < RETRY_MS) return undefined;
  slot.tried = Date.now();
  slot.pending = connect(rpc).then(
    (feed) => {
      slot.feed = feed;
      slot.pending = undefined;
      return feed;
    },
    (error: unknown) => {
      slot.pending = undefined;
      throw error;
    },
  );
  return slot.pending;
}

function isFeedRpc(rpc: unknown): rpc is FeedRpc {
  const r = rpc as Partial<FeedRpc> | undefined;
  return typeof r?.sessionCookieHeader === 'function' && typeof r.node?.baseUrl === 'string';
}

/** Gap between get-state polls of one waiter, so that all workers on a node stay within POLLS_PER_S_PER_NODE. */
export function pollGapMs(node: { isSim: boolean } | undefined): number {
  const workers = node ? appConcurrencyFor(node.isSim) : 1;
  return Math.ceil((1000 / POLLS_PER_S_PER_NODE) * Math.max(1, workers));
}

/** Forget every feed (tests). */
export function closeStateFeeds(): void {
  for (const slot of feeds.values()) slot.feed?.close();
  feeds.clear();
}

/**
 * Waits for the next state change pushed over the node's socket (at most `maxMs`), or — without a
 * socket — one poll gap within the per-node budget. For loops that re-read get-state after it.
 */
export async function nextStateChange(rpc: unknown, maxMs = 1_000): Promise<void> {
  const feed = await stateFeed(rpc);
  if (feed?.alive) return feed.nextChange(maxMs);
  const gap = pollGapMs((rpc as { node?: { isSim: boolean } } | undefined)?.node);
  await new Promise((resolve) => setTimeout(resolve, Math.min(gap, Math.max(maxMs, gap))));
}

const SETTLED_HEALTH = new Set(['healthy', 'unhealthy']);

/**
 * The health values `app` passes through until it is healthy or unhealthy, or `until` (epoch ms):
 * pushed over the feed from `from.seq` (the health as of it first) while its socket lives, else read
 * with `read()` (get-state) once per poll gap of `node`. Repeats of a value are kept once.
 */
export async function followHealth(
  from: { feed: StateFeed; app: string; seq: number } | undefined,
  read: () => Promise<string>,
  until: number,
  node: { isSim: boolean } | undefined,
): Promise<string[]> {
  const health: string[] = [];
  const push = (value: string): void => {
    if (health[health.length - 1] !== value) health.push(value);
  };
  const settled = (): boolean => SETTLED_HEALTH.has(health[health.length - 1] ?? '');
  if (from?.feed.alive) {
    push(from.feed.healthAt(from.app, from.seq));
    for (let seen = from.seq; !settled() && Date.now() < until && from.feed.alive;) {
      for (const c of from.feed.healthChangesAfter(from.app, seen)) {
        seen = c.seq;
        push(c.health);
      }
      if (!settled()) await from.feed.nextChange(Math.min(1_000, until - Date.now()));
    }
    if (settled() || Date.now() >= until) return health;
  }
  const gap = pollGapMs(node);
  for (;;) {
    push(await read());
    if (settled() || Date.now() >= until) return health;
    await new Promise((resolve) => setTimeout(resolve, Math.min(gap, Math.max(0, until - Date.now()))));
  }
}
