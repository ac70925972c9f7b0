/**
 * Brings an app to "installed and running" through the archy API before a test looks at it, so
 * every generated spec can run alone (`--grep @app:lnd`). One code path for every node; what it
 * may do is the node's permissions only:
 *   - destructive runs allowed: installs what is missing (dependencies first; an app that needs
 *     bitcoin gets the bitcoin node that is installed, else ARCHY_BITCOIN_NODE), starts what is
 *     stopped, uninstalls what conflicts — except a protected app, which makes the test
 *     "not covered on <node>" (policy, lib/not-covered.ts);
 *   - read-only (a real node by default, the sim with ARCHY_READ_ONLY=1): changes nothing; an app
 *     that is not running makes the test "not covered: set ARCHY_ALLOW_DESTRUCTIVE…" (setting).
 *
 * It reads `server.get-state` raw (not through the schema-validating client) so a schema fault on
 * the node turns the `state` cell red, not every precondition.
 */
import { appById, type AppEntry } from '../config/apps';
import { BITCOIN_NODES, companionsOf, needsOf, scaledBudget as scaledOnNode } from '../config/catalogue';
import { isSettled } from './rpc/schemas';
import { nextStateChange } from './state-feed';
import { NotCoveredError, policyNote, type NotCoveredNote } from './not-covered';
import { destructiveNote } from './permissions';
import type { RpcMethodKey } from './rpc/methods';
import { callAsSent, methodName, type NodeRpc } from './rpc/node-rpc';

export interface EnsureNode {
  name: string;
  timeScale: number;
  /** false = a read-only run (a real node by default, the sim with ARCHY_READ_ONLY=1): nothing is installed or started. */
  allowDestructive: boolean;
  /** Apps never uninstalled on this node (stop/start are allowed). */
  protectedApps: readonly string[];
  /** The bitcoin node installed when an app needs one and none is installed (ARCHY_BITCOIN_NODE). */
  bitcoinNode?: string;
}

export type EnsureOutcome = { ready: true; actions: string[] } | { ready: false; reason: string; note: NotCoveredNote };

export { BITCOIN_NODES, bitcoinDependants, companionsOf } from '../config/catalogue';
/** Longest wait for a pushed change before get-state is read again anyway. */
const POLL_WS_MAX_MS = 1_000;

type Entries = Record<string, { state?: unknown; health?: unknown } | undefined>;

export class EnsureAppError extends Error {
  override name = 'EnsureAppError';
  /** Set when an app did not reach a state within its budget: which app, the state it stayed in, the budget. */
  stuck?: { app: string; state: string; budgetMs: number };
}

/** `key`'s method on the node, its result as sent (lib/rpc/node-rpc.ts); a failure is the precondition's error. */
export async function rpcResult(rpc: NodeRpc, node: string, key: RpcMethodKey, params: unknown = {}): Promise<unknown> {
  try {
    return await callAsSent(rpc, key, params);
  } catch (error) {
    throw new EnsureAppError(`[node ${node}] precondition: ${(error as Error).message}`, { cause: error });
  }
}

export async function packageEntries(rpc: NodeRpc, node: string): Promise<Entries> {
  const result = (await rpcResult(rpc, node, 'getState')) as { data?: { 'package-data'?: Entries } } | null;
  const entries = result?.data?.['package-data'];
  if (!entries || typeof entries !== 'object')
    throw new EnsureAppError(`[node ${node}] server.get-state has no data["package-data"]`);
  return entries;
}

/** §3.3: a failed install that left a container behind is `stopped` with the reason in install-progress.message. */
export function failedInstallReason(
  entry: { state?: unknown; 'install-progress'?: unknown } | undefined,
): string | undefined {
  if (entry?.state !== 'stopped' && entry?.state !== 'exited') return undefined;
  const message = (entry['install-progress'] as { message?: unknown } | null | undefined)?.message;
  return typeof message === 'string' && message !== '' ? message : undefined;
}

function stateOf(entries: Entries, id: string): string | undefined {
  const state = entries[id]?.state;
  return typeof state === 'string' ? state : undefined;
}

/** The bitcoin node that is running, or null. */
export function runningBitcoin(entries: Entries): string | null {
  return BITCOIN_NODES.find((id) => stateOf(entries, id) === 'running') ?? null;
}

/** Budget for an action on this node (config/catalogue.ts scaledBudget: one floor rule). */
export function scaledBudget(node: Pick<EnsureNode, 'timeScale'>, budgetMs: number): number {
  return scaledOnNode(budgetMs, node.timeScale);
}

/** Polls get-state until the app's state satisfies `settled` (undefined = absent). */
export async function waitForEntry(
  rpc: NodeRpc,
  node: EnsureNode,
  id: string,
  settled: (state: string | undefined) => boolean,
  budgetMs: number,
  what: string,
): Promise<string | undefined> {
  const deadline = Date.now() + budgetMs;
  let last: string | undefined;
  for (;;) {
    last = stateOf(await packageEntries(rpc, node.name), id);
    if (settled(last)) return last;
    if (Date.now() > deadline) {
      const error = new EnsureAppError(
        `[node ${node.name}] ${id}: not ${what} within ${budgetMs} ms (state ${last ?? 'absent'})`,
      );
      error.stuck = { app: id, state: last ?? 'absent', budgetMs };
      throw error;
    }
    await nextStateChange(rpc, POLL_WS_MAX_MS); // pushed over /ws/db where the node has it, else a poll gap
  }
}

class Ensurer {
  readonly actions: string[] = [];
  constructor(
    private readonly rpc: NodeRpc,
    private readonly node: EnsureNode,
  ) {}

  private async settle(app: AppEntry): Promise<string | undefined> {
    return waitForEntry(
      this.rpc,
      this.node,
      app.id,
      isSettled,
      scaledBudget(this.node, app.installBudgetMs),
      'settled',
    );
  }

  private async act(
    key: 'install' | 'start' | 'uninstall',
    app: AppEntry,
    budgetMs: number,
    until: (s: string | undefined) => boolean,
    what: string,
  ): Promise<void> {
    this.actions.push(`${await methodName(this.rpc, key)} ${app.id}`);
    try {
      await rpcResult(this.rpc, this.node.name, key, { id: app.id });
    } catch (error) {
      // Apps side by side (ARCHY_APP_CONCURRENCY): another worker may have asked the same of a shared
      // dependency (the bitcoin node) a moment before. Then wait for that; anything else is an error.
      const state = stateOf(await packageEntries(this.rpc, this.node.name), app.id);
      if (!until(state) && (state === undefined || isSettled(state))) throw error;
      this.actions.push(`(${app.id} was already ${state}: waiting)`);
    }
    await waitForEntry(this.rpc, this.node, app.id, until, scaledBudget(this.node, budgetMs), what);
  }

  /** Uninstalls `app` so `forWhom` can be installed; a protected app is never uninstalled (policy). */
  async uninstall(app: AppEntry, forWhom: AppEntry): Promise<void> {
    if (stateOf(await packageEntries(this.rpc, this.node.name), app.id) === undefined) return;
    if (this.node.protectedApps.includes(app.id)) {
      throw new NotCoveredError(
        policyNote(
          this.node.name,
          `protected ${app.id} would have to be uninstalled for ${forWhom.id} (ARCHY_UNPROTECT=${app.id} lifts it)`,
        ),
      );
    }
    await this.settle(app);
    if (stateOf(await packageEntries(this.rpc, this.node.name), app.id) === undefined) return;
    await this.act('uninstall', app, app.actionBudgetMs, (s) => s === undefined, 'uninstalled');
  }

  async running(app: AppEntry, seen: Set<string> = new Set()): Promise<void> {
    if (seen.has(app.id)) return;
    seen.add(app.id);
    for (const need of needsOf(app)) {
      if (need === 'bitcoin') {
        const entries = await packageEntries(this.rpc, this.node.name);
        if (!runningBitcoin(entries)) {
          const installed =
            BITCOIN_NODES.find((id) => stateOf(entries, id) !== undefined) ?? this.node.bitcoinNode ?? BITCOIN_NODES[0];
          await this.running(appById(installed), seen);
        }
      } else {
        await this.running(appById(need), seen);
      }
    }
    for (const other of app.conflicts) await this.uninstall(appById(other), app);
    let state = await this.settle(app);
    if (state === undefined) {
      await this.act('install', app, app.installBudgetMs, (s) => s === 'running' || s === 'stopped', 'installed');
      state = await this.settle(app);
    }
    if (state === 'stopped' || state === 'exited' || state === 'installed') {
      await this.act('start', app, app.actionBudgetMs, (s) => s === 'running', 'running');
      state = 'running';
    }
    if (state !== 'running')
      throw new EnsureAppError(`[node ${this.node.name}] ${app.id}: could not be brought to running (state ${state})`);
    // Companions installed with this backend (e.g. the UI serving its proxy path) finish installing
    // first; one that ends stopped is left so (a failed companion install is the node's bug to show).
    const entries = await packageEntries(this.rpc, this.node.name);
    for (const companion of companionsOf(app)) if (entries[companion.id] !== undefined) await this.settle(companion);
  }
}

/**
 * Makes `appId` (and what it needs) installed and running, as far as the node's permissions allow:
 * `ready:false` with the note (policy or setting) when they do not; throws EnsureAppError when the
 * node does not do what it was asked.
 */
export async function ensureAppRunning(rpc: NodeRpc, node: EnsureNode, appId: string): Promise<EnsureOutcome> {
  const app = appById(appId);
  if (!node.allowDestructive) {
    const entries = await packageEntries(rpc, node.name);
    const state = stateOf(entries, app.id);
    const why = (what: string): EnsureOutcome => {
      const note = destructiveNote(node.name, what);
      return { ready: false, reason: note.reason, note };
    };
    if (state !== 'running')
      return why(`${app.id} is ${state ?? 'not installed'} on ${node.name}; a read-only run does not change that`);
    if (app.requires.includes('bitcoin') && !runningBitcoin(entries))
      return why(`${app.id} needs a running bitcoin node, and none runs on ${node.name}`);
    return { ready: true, actions: [] };
  }
  const ensurer = new Ensurer(rpc, node);
  try {
    await ensurer.running(app);
  } catch (error) {
    if (error instanceof NotCoveredError) return { ready: false, reason: error.note.reason, note: error.note };
    throw error;
  }
  return { ready: true, actions: ensurer.actions };
}
