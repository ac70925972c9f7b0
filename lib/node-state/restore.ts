/**
 * Puts a node back as a snapshot found it: uninstalls what appeared (deepest first; a companion goes
 * with its backend), reinstalls what vanished (dependencies first), starts what was running, stops
 * what was stopped. Where the node allows apps side by side (ARCHY_APP_CONCURRENCY > 1), the apps of
 * one dependency depth are uninstalled at once (none needs another). A protected app is never
 * uninstalled (stop/start only). Whatever it could not put
 * back comes out as a list of differences, each with why ("lnd installed (was absent) — uninstall
 * failed: …"). Used by `<node>-teardown`, `npm run restore` and installApp's per-test cleanup.
 */
import { APPS, type AppEntry } from '../../config/apps';
import { backendsOf, dependencyDepth } from '../../config/catalogue';
import { packageEntries, rpcResult, scaledBudget, waitForEntry, type EnsureNode } from '../ensure-app';
import type { NodeRpc } from '../rpc/node-rpc';
import { isSettled } from '../rpc/schemas';
import { differences, packagesNow, type PackageFacts } from './snapshot';

export interface RestoreReport {
  /** What it did, in order ("uninstalled lnd (was absent)"). */
  actions: string[];
  /** How the node still differs from the snapshot, with the reason; empty = as found. */
  differences: string[];
}

export interface RestoreNode extends Pick<EnsureNode, 'name' | 'timeScale' | 'protectedApps'> {
  /** false: only compare and report (nothing is changed). */
  mayChange: boolean;
  /** The node lets apps change side by side: uninstall one dependency depth at a time, all at once. */
  sideBySide?: boolean;
}

type Entries = Awaited<ReturnType<typeof packageEntries>>;

const UNKNOWN_APP_BUDGET_MS = 3 * 60_000;

/** A companion goes with its backend: when both appeared, uninstalling the backend removes both. */
export function goesWithBackend(app: AppEntry | undefined, appeared: ReadonlySet<string>): boolean {
  return app !== undefined && backendsOf(app).some((b) => appeared.has(b));
}

class Restorer {
  readonly actions: string[] = [];
  /** id → why it could not be put back. */
  readonly why = new Map<string, string>();

  constructor(
    private readonly rpc: NodeRpc,
    private readonly node: RestoreNode,
  ) {}

  private budget(id: string, kind: 'install' | 'action'): number {
    const app = APPS.find((a) => a.id === id);
    const ms = app ? (kind === 'install' ? app.installBudgetMs : app.actionBudgetMs) : UNKNOWN_APP_BUDGET_MS;
    return scaledBudget(this.node, ms);
  }

  private ensureNode(): EnsureNode {
    return {
      name: this.node.name,
      timeScale: this.node.timeScale,
      protectedApps: this.node.protectedApps,
      allowDestructive: true,
    };
  }

  private async settle(id: string): Promise<string | undefined> {
    return waitForEntry(this.rpc, this.ensureNode(), id, isSettled, this.budget(id, 'install'), 'settled');
  }

  /**
   * Each app's settled state, from one get-state (`read`, when the caller has just made it): only an
   * app caught in a transition is waited for (its own reads). One that does not settle is in `why`
   * and maps to undefined.
   */
  private async settleAll(ids: readonly string[], read?: Entries): Promise<Map<string, string | undefined>> {
    const entries = read ?? (await packageEntries(this.rpc, this.node.name));
    const states = new Map<string, string | undefined>();
    for (const id of ids) {
      const state = entries[id]?.state;
      const now = typeof state === 'string' ? state : undefined;
      if (isSettled(now)) states.set(id, now);
      else
        states.set(
          id,
          await this.settle(id).catch((e: Error) => {
            if (!this.why.has(id)) this.why.set(id, `did not settle: ${e.message}`);
            return undefined;
          }),
        );
    }
    return states;
  }

  private async step(id: string, what: string, body: () => Promise<void>): Promise<void> {
    try {
      await body();
      this.actions.push(what);
    } catch (error) {
      this.why.set(id, `${what.split(' ')[0]} failed: ${(error as Error).message}`);
    }
  }

  private async call(
    key: 'install' | 'start' | 'stop' | 'uninstall',
    id: string,
    until: (s: string | undefined) => boolean,
    kind: 'install' | 'action',
    what: string,
  ): Promise<void> {
    await rpcResult(this.rpc, this.node.name, key, { id });
    await waitForEntry(this.rpc, this.ensureNode(), id, until, this.budget(id, kind), what);
  }

  async run(before: Record<string, PackageFacts>): Promise<void> {
    const now = await packageEntries(this.rpc, this.node.name);
    await this.settleAll(Object.keys(now), now);

    const appeared = Object.keys(now).filter((id) => !before[id]);
    // Only a backend that will be uninstalled takes its companions along.
    const appearedSet = new Set(appeared.filter((id) => !this.node.protectedApps.includes(id)));
    const toUninstall: string[] = [];
    for (const id of appeared) {
      if (this.node.protectedApps.includes(id)) {
        this.why.set(id, `protected on ${this.node.name}: never uninstalled (ARCHY_UNPROTECT=${id} lifts it)`);
        continue;
      }
      if (
        goesWithBackend(
          APPS.find((a) => a.id === id),
          appearedSet,
        )
      )
        continue;
      if (this.node.mayChange) toUninstall.push(id);
    }
    const uninstall = (id: string): Promise<void> =>
      this.step(id, `uninstall ${id} (was absent)`, () =>
        this.call('uninstall', id, (s) => s === undefined, 'action', 'uninstalled'),
      );
    for (const level of deepestFirst(toUninstall)) {
      if (this.node.sideBySide) await Promise.all(level.map(uninstall));
      else for (const id of level) await uninstall(id);
    }

    const present = await packageEntries(this.rpc, this.node.name);
    const vanished = Object.keys(before).filter((id) => !present[id]);
    for (const id of vanished.sort((a, b) => dependencyDepth(a) - dependencyDepth(b))) {
      const app = APPS.find((a) => a.id === id);
      if (!app) {
        this.why.set(id, 'not in the catalogue (config/apps.ts): cannot reinstall it');
        continue;
      }
      if (!this.node.mayChange) continue;
      if (app.companionOf && (await packageEntries(this.rpc, this.node.name))[id]) continue; // came back with its backend
      await this.step(id, `install ${id} (was ${before[id]!.state})`, () =>
        this.call('install', id, (s) => s !== undefined && isSettled(s), 'install', 'installed'),
      );
    }

    if (!this.node.mayChange) return;
    const ids = Object.keys(before);
    let settled = await this.settleAll(ids);
    for (const [i, id] of ids.entries()) {
      const was = before[id]!.state;
      const state = settled.get(id);
      if (state === undefined) continue;
      let acted = true;
      if (was === 'running' && (state === 'stopped' || state === 'exited')) {
        await this.step(id, `start ${id} (was running)`, () =>
          this.call('start', id, (s) => s === 'running', 'action', 'running'),
        );
      } else if ((was === 'stopped' || was === 'exited') && state === 'running') {
        await this.step(id, `stop ${id} (was ${was})`, () =>
          this.call('stop', id, (s) => s === 'stopped' || s === 'exited', 'action', 'stopped'),
        );
      } else acted = false;
      // A start or stop may move other apps (a backend's dependants): the rest are read again.
      if (acted) settled = await this.settleAll(ids.slice(i + 1));
    }
  }
}

/** The apps grouped by dependency depth, deepest first (an app's dependants come in an earlier group). */
export function deepestFirst(ids: readonly string[]): string[][] {
  const byDepth = new Map<number, string[]>();
  for (const id of ids) {
    const depth = dependencyDepth(id);
    byDepth.set(depth, [...(byDepth.get(depth) ?? []), id]);
  }
  return [...byDepth.entries()].sort(([a], [b]) => b - a).map(([, level]) => level);
}

/** Restore `before` on the node; never throws for what it could not do (that is in `differences`). */
export async function restoreNode(
  rpc: NodeRpc,
  node: RestoreNode,
  before: Record<string, PackageFacts>,
): Promise<RestoreReport> {
  const restorer = new Restorer(rpc, node);
  await restorer.run(before);
  const after = await packagesNow(rpc, node.name);
  const diffs = differences(before, after).map(({ id, line }) => {
    const why = restorer.why.get(id) ?? (node.mayChange ? undefined : 'this run may not change the node');
    return why ? `${line} — ${why}` : line;
  });
  return { actions: restorer.actions, differences: diffs };
}

/** "node-228 differs from before the run: lnd installed (was absent) — uninstall failed: …; …" */
export function describeDifferences(node: string, diffs: readonly string[]): string {
  return `${node} differs from before the run:\n${diffs.map((d) => `  - ${d}`).join('\n')}`;
}
