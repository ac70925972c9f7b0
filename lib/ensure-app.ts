/**
 * Brings an app to "installed and running" through the archy API before a test looks at it, so
 * every generated spec can run alone (`--grep @app:lnd`). On the sim it installs, starts and swaps
 * the bitcoin node as needed; on a real node it changes nothing and says why the test cannot run.
 *
 * It reads `server.get-state` raw (not through the schema-validating client) so a schema fault on
 * the node turns the `state` cell red, not every precondition.
 */
import { appById, type AppEntry } from '../config/apps';
import { BITCOIN_NODES, companionsOf, needsOf, scaledBudget as scaledOnNode } from '../config/catalogue';
import { isSettled } from './rpc/schemas';

/** The generic call of lib/rpc/client.ts `RpcClient` (re-logs in on an expired session, throws on errors). */
export interface RawRpc {
  call(method: string, params?: unknown): Promise<unknown>;
}

export interface EnsureNode {
  name: string;
  isSim: boolean;
  timeScale: number;
  /** false = a read-only run (a real node by default, the sim with ARCHY_READ_ONLY=1): nothing is installed or started. */
  allowDestructive?: boolean;
}

export type EnsureOutcome = { ready: true; actions: string[] } | { ready: false; reason: string };

export { BITCOIN_NODES, bitcoinDependants, companionsOf } from '../config/catalogue';
const POLL_MS = 50;

type Entries = Record<string, { state?: unknown; health?: unknown } | undefined>;

export class EnsureAppError extends Error {
  override name = 'EnsureAppError';
}

export async function rpcResult(rpc: RawRpc, node: string, method: string, params: unknown = {}): Promise<unknown> {
  try {
    return await rpc.call(method, params);
  } catch (error) {
    throw new EnsureAppError(`[node ${node}] precondition: ${(error as Error).message}`);
  }
}

export async function packageEntries(rpc: RawRpc, node: string): Promise<Entries> {
  const result = (await rpcResult(rpc, node, 'server.get-state')) as { data?: { 'package-data'?: Entries } } | null;
  const entries = result?.data?.['package-data'];
  if (!entries || typeof entries !== 'object') throw new EnsureAppError(`[node ${node}] server.get-state has no data["package-data"]`);
  return entries;
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
export function scaledBudget(node: EnsureNode, budgetMs: number): number {
  return scaledOnNode(budgetMs, node.timeScale);
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls get-state until the app's state satisfies `settled` (undefined = absent). */
export async function waitForEntry(
  rpc: RawRpc,
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
      throw new EnsureAppError(`[node ${node.name}] ${id}: not ${what} within ${budgetMs} ms (state ${last ?? 'absent'})`);
    }
    await sleep(POLL_MS);
  }
}

class Ensurer {
  readonly actions: string[] = [];
  constructor(
    private readonly rpc: RawRpc,
    private readonly node: EnsureNode,
  ) {}

  private async settle(app: AppEntry): Promise<string | undefined> {
    return waitForEntry(this.rpc, this.node, app.id, isSettled, scaledBudget(this.node, app.installBudgetMs), 'settled');
  }

  private async act(method: string, app: AppEntry, budgetMs: number, until: (s: string | undefined) => boolean, what: string): Promise<void> {
    this.actions.push(`${method} ${app.id}`);
    await rpcResult(this.rpc, this.node.name, method, { id: app.id });
    await waitForEntry(this.rpc, this.node, app.id, until, scaledBudget(this.node, budgetMs), what);
  }

  async uninstall(app: AppEntry): Promise<void> {
    await this.settle(app);
    if (stateOf(await packageEntries(this.rpc, this.node.name), app.id) === undefined) return;
    await this.act('package.uninstall', app, app.actionBudgetMs, (s) => s === undefined, 'uninstalled');
  }

  async running(app: AppEntry, seen: Set<string> = new Set()): Promise<void> {
    if (seen.has(app.id)) return;
    seen.add(app.id);
    for (const need of needsOf(app)) {
      if (need === 'bitcoin') {
        const entries = await packageEntries(this.rpc, this.node.name);
        if (!runningBitcoin(entries)) {
          const installed = BITCOIN_NODES.find((id) => stateOf(entries, id) !== undefined) ?? 'bitcoin-knots';
          await this.running(appById(installed), seen);
        }
      } else {
        await this.running(appById(need), seen);
      }
    }
    for (const other of app.conflicts) await this.uninstall(appById(other));
    let state = await this.settle(app);
    if (state === undefined) {
      await this.act('package.install', app, app.installBudgetMs, (s) => s === 'running' || s === 'stopped', 'installed');
      state = await this.settle(app);
    }
    if (state === 'stopped' || state === 'exited' || state === 'installed') {
      await this.act('package.start', app, app.actionBudgetMs, (s) => s === 'running', 'running');
      state = 'running';
    }
    if (state !== 'running') throw new EnsureAppError(`[node ${this.node.name}] ${app.id}: could not be brought to running (state ${state})`);
    // Companions installed with this backend (e.g. the UI serving its proxy path) finish installing
    // first; one that ends stopped is left so (a failed companion install is the node's bug to show).
    const entries = await packageEntries(this.rpc, this.node.name);
    for (const companion of companionsOf(app)) if (entries[companion.id] !== undefined) await this.settle(companion);
  }
}

/**
 * Makes `appId` (and what it needs) installed and running. On a real node, and on the sim in a
 * read-only run (ARCHY_READ_ONLY=1), nothing is changed: `ready:false` with the reason when the app
 * is not running there.
 */
export async function ensureAppRunning(rpc: RawRpc, node: EnsureNode, appId: string): Promise<EnsureOutcome> {
  const app = appById(appId);
  if (!node.isSim || node.allowDestructive === false) {
    const entries = await packageEntries(rpc, node.name);
    const state = stateOf(entries, app.id);
    if (state !== 'running') return { ready: false, reason: `${app.id} is ${state ?? 'not installed'} on ${node.name}; a read-only run does not change that` };
    if (app.requires.includes('bitcoin') && !runningBitcoin(entries)) {
      return { ready: false, reason: `${app.id} needs a running bitcoin node, and none runs on ${node.name}` };
    }
    return { ready: true, actions: [] };
  }
  const ensurer = new Ensurer(rpc, node);
  await ensurer.running(app);
  return { ready: true, actions: ensurer.actions };
}
