/**
 * A backend's companions across its start or restart. archy-surface names the companions (§4.4/§5.2:
 * archy-bitcoin-ui, archy-lnd-ui, archy-electrs-ui), not how their entries follow a backend that stops
 * and starts again: a node may keep them running, stop them along and leave them stopped, or stop
 * them along and bring them back (the profile's companions-with-backend, the sim's guess of that
 * name). So a companion is judged by the state it met the call in and by the node's choice where its
 * profile records it, never by one fixed outcome:
 *
 *   met running  → start: running (nothing stops it when its backend starts);
 *                  restart: running, or stopped along where the node's choice may leave it so
 *                  (stop-and-stay, or not recorded);
 *   met stopped  → keep-state or stop-and-stay: stays stopped; stop-and-return: comes back when the
 *                  cell saw it stop along with the backend, else either (a companion the user stopped
 *                  stays stopped); not recorded: either.
 *
 * A companion left `stopped` by a failed install (§3.3: `stopped` with the reason in
 * `install-progress.message`) is no state anyone chose: it is not judged as a follower, never put
 * back by the cells, and the UI it serves is judged as ever (a node whose companion failed to
 * install serves its backend's UI no more, and the backend's start and restart say so).
 *
 * The backend's UI is served by its UI companion (config/catalogue.ts uiCompanionsOf): the start and
 * restart cells judge that surface only while the companion runs, or failed to install.
 */
import { expect } from '@playwright/test';
import type { AppEntry, CellId } from '../../config/apps';
import { companionsOf } from '../../config/catalogue';
import { followChoice, type FollowChoice, type NodeProfile } from '../../config/profiles';
import { failedInstallReason, packageEntries } from '../ensure-app';
import { ProbeError } from '../probes';
import { label, type CellDeps } from './cell-deps';
import { budgetMs } from './lifecycle-step';

export type Settled = 'running' | 'stopped';
/** A companion's state at rest, or left by a failed install (§3.3). */
export type Met = Settled | 'failed-install';
/** Installed companions of a backend and the state each met the call in (undefined while transitional). */
export type CompanionStates = Record<string, Met | undefined>;

function settled(state: string | undefined): Settled | undefined {
  if (state === 'running') return 'running';
  if (state === 'stopped' || state === 'exited') return 'stopped';
  return undefined;
}

/** The entry's state, a stopped one that carries install-progress.message being a failed install. */
export function metState(entry: { state?: unknown; 'install-progress'?: unknown } | undefined): Met | undefined {
  if (failedInstallReason(entry) !== undefined) return 'failed-install';
  return settled(typeof entry?.state === 'string' ? entry.state : undefined);
}

async function statesNow(deps: Pick<CellDeps, 'rpc' | 'node'>, app: AppEntry): Promise<CompanionStates> {
  const entries = await packageEntries(deps.rpc, deps.node.name);
  const out: CompanionStates = {};
  for (const c of companionsOf(app)) if (entries[c.id] !== undefined) out[c.id] = metState(entries[c.id]);
  return out;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The state of each installed companion of `app`, once none is in a transition (a companion stopping
 * along with its backend ends a moment after it), or as it is when their action budget is spent.
 */
export async function companionStates(deps: Pick<CellDeps, 'rpc' | 'node'>, app: AppEntry): Promise<CompanionStates> {
  const budget = Math.max(0, ...companionsOf(app).map((c) => budgetMs(deps, c, 'action')));
  const deadline = Date.now() + budget;
  for (let gap = 50; ; gap = Math.min(gap * 2, 1_000)) {
    const states = await statesNow(deps, app);
    if (Object.values(states).every((s) => s !== undefined) || Date.now() > deadline) return states;
    await sleep(gap);
  }
}

/** The node's choice for companions, as its profile records it (undefined: either is allowed). */
export function companionChoice(profile: NodeProfile | null): FollowChoice | undefined {
  return followChoice(profile, 'companions-with-backend');
}

/** The states a companion may end in after its backend's `cell`, from the state it met and the node's choice. */
export function allowedEnds(
  met: Settled,
  cell: 'start' | 'restart',
  choice: FollowChoice | undefined,
  stoppedAlong: boolean,
): Settled[] {
  if (met === 'running')
    return cell === 'start' || choice === 'keep-state' || choice === 'stop-and-return'
      ? ['running']
      : ['running', 'stopped'];
  if (choice === 'keep-state' || choice === 'stop-and-stay') return ['stopped'];
  if (choice === 'stop-and-return' && stoppedAlong) return ['running'];
  return ['running', 'stopped'];
}

/**
 * After the backend `app` came back running: each companion that met the call in `met` settles in a
 * state allowed for it within its action budget. Returns the companions that ended stopped; the
 * outcome of each goes into the test's annotations.
 */
export async function judgeCompanions(
  deps: CellDeps,
  app: AppEntry,
  cell: 'start' | 'restart',
  met: CompanionStates,
  stoppedAlong: readonly string[] = [],
): Promise<string[]> {
  const choice = companionChoice(deps.profile);
  const stayed: string[] = [];
  for (const c of companionsOf(app)) {
    const was = met[c.id];
    if (was === undefined) continue; // not installed, or caught in a transition: nothing it met to judge by
    if (was === 'failed-install') {
      // its own install cells judge it; the UI it serves is judged by the caller as ever
      deps.testInfo.annotations.push({
        type: 'companion',
        description: `${c.id}: met ${app.id}'s ${cell} stopped by a failed install (install-progress.message), not judged as a follower; the UI it serves is judged`,
      });
      continue;
    }
    const allowed = allowedEnds(was, cell, choice, stoppedAlong.includes(c.id));
    let now: string | undefined;
    await expect(
      async () => {
        now = (await packageEntries(deps.rpc, deps.node.name))[c.id]?.state as string | undefined;
        const s = settled(now);
        if (s === undefined || !allowed.includes(s)) throw new Error(`${c.id} is ${now ?? 'absent'}`);
      },
      `${label(deps, app, cell as CellId)}: companion ${c.id}`,
    )
      .toPass({ timeout: budgetMs(deps, c, 'action'), intervals: [50, 100, 250, 500, 1000] })
      .catch(() => {
        throw new ProbeError(
          { node: deps.node.name, app: app.id, cell },
          `companion ${c.id} met ${app.id}'s ${cell} ${was}${stoppedAlong.includes(c.id) ? ' (stopped along with it)' : ''} and should end ${allowed.join(' or ')} (companions-with-backend: ${choice ?? 'not in the profile'}), node shows ${now ?? 'absent'}`,
        );
      });
    const end = settled(now)!;
    if (end === 'stopped') stayed.push(c.id);
    deps.testInfo.annotations.push({
      type: 'companion',
      description: `${c.id}: met ${was}, ended ${end} (companions-with-backend: ${choice ?? 'not in the profile, either allowed'})`,
    });
  }
  return stayed;
}

/**
 * Companions of `app` left stopped while it runs, put back to running when the node stops them along
 * with their backend (any choice but keep-state, or not recorded): the chain of cells leaves the node
 * as it found it. Under keep-state a stopped companion was stopped by the user, and stays so; one a
 * failed install left stopped is as the cells found it, and stays so too.
 */
export async function companionsToRestore(
  deps: Pick<CellDeps, 'rpc' | 'node' | 'profile'>,
  app: AppEntry,
): Promise<AppEntry[]> {
  if (companionChoice(deps.profile) === 'keep-state') return [];
  const states = await statesNow(deps, app);
  return companionsOf(app).filter((c) => states[c.id] === 'stopped');
}
