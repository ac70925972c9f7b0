/**
 * What the node shows, read the way the model judges it: `server.get-state` mapped to model states
 * (null while an entry is in a transitional state), `container-list` rows, and the surfaces of an
 * app up (its UI page with the catalogue's marker) or down (no page, its own ports closed).
 */
import type { AppEntry } from '../config/apps';
import type { NodeConfig } from '../config/nodes';
import { containerRows, findContainer, isRunning, type ContainerRow } from '../lib/probes/container-list';
import { probeUi, type ProbeContext } from '../lib/probes';
import { probeSurfacesDown } from '../lib/probes/surfaces-down';
import type { RpcClient } from '../lib/rpc/client';
import type { PackageDataEntry } from '../lib/rpc/schemas';
import { requirementStatus, type AppState, type ModelState } from './lifecycle';
import type { Stack } from './stack';

export interface Seen {
  raw: string; // 'absent' or the entry's state, with health and progress message
  state: AppState | null; // null = not settled (transitional, or running but unhealthy)
}

export function describeEntry(entry: PackageDataEntry | undefined): string {
  if (!entry) return 'absent';
  const progress = entry['install-progress']?.message;
  return `${entry.state}${entry.health ? `/${entry.health}` : ''}${progress ? ` ("${progress}")` : ''}`;
}

/**
 * An entry as a model state. `installing` is the settled `waiting` only where the model allows it; a
 * stopped entry is `held` (stopped along with what it requires) where the model allows that and not
 * a plain stop.
 */
export function modelStateOf(entry: PackageDataEntry | undefined, allowed: readonly AppState[]): AppState | null {
  if (!entry) return 'absent';
  if (entry.state === 'running') return entry.health === 'unhealthy' ? null : 'running';
  if (entry.state === 'stopped' || entry.state === 'exited')
    return allowed.includes('held') && !allowed.includes('stopped') ? 'held' : 'stopped';
  if (entry.state === 'installing' && allowed.includes('waiting')) return 'waiting';
  return null;
}

export async function observeStates(
  rpc: RpcClient,
  stack: Stack,
  allowed: Record<string, AppState[]>,
): Promise<Record<string, Seen>> {
  const data = (await rpc.getState()).data['package-data'];
  const out: Record<string, Seen> = {};
  for (const id of stack.ids)
    out[id] = {
      raw: describeEntry(data[id]),
      state: modelStateOf(data[id], allowed[id] ?? []),
    };
  return out;
}

export async function listRows(rpc: RpcClient): Promise<ContainerRow[]> {
  return containerRows(await rpc.containerList());
}

/**
 * Containers against the model: running → the app's container listed and running; stopped or
 * waiting → not running; absent → not listed. Only the container named like the app is judged
 * (the catalogue marks other names GUESS).
 */
export function containerProblems(stack: Stack, m: ModelState, rows: ContainerRow[]): string[] {
  const problems: string[] = [];
  for (const id of stack.ids) {
    const row = findContainer(rows, id);
    const s = m[id];
    if (s === 'running' && !row) problems.push(`${id} is running but its container is absent from container-list`);
    else if (s === 'running' && row && !isRunning(row))
      problems.push(`${id} is running but its container is "${row.state}"`);
    else if ((s === 'stopped' || s === 'held' || s === 'waiting') && row && isRunning(row))
      problems.push(`${id} is ${s} but its container runs ("${row.state}")`);
    else if (s === 'absent' && row)
      problems.push(`${id} is uninstalled but its container is still listed ("${row.state}")`);
  }
  return problems;
}

export type SurfaceExpectation = 'up' | 'down' | 'unknown';

/**
 * An app's surfaces must be up when it and every app sharing its UI surface (the companion that
 * serves it, the backend behind it) run with what they require; down when the app is not running and
 * no other backend answers on them; otherwise the evidence does not say.
 */
export function surfaceExpectation(stack: Stack, m: ModelState, id: string): SurfaceExpectation {
  const app = stack.app(id);
  if (!app.ui && !app.ports) return 'unknown';
  const sharers = stack.surfaceSharers(id);
  if (m[id] !== 'running') {
    // Down unless another backend answers on the same surfaces (bitcoin-core on bitcoin-knots' ports).
    const other =
      app.kind === 'backend' && sharers.some((s) => s !== id && stack.app(s).kind === 'backend' && m[s] === 'running');
    return other ? 'unknown' : 'down';
  }
  if (!app.ui) return 'unknown';
  const companionsUp = sharers.filter((s) => stack.app(s).kind === 'companion').every((s) => m[s] === 'running');
  const backends = sharers.filter((s) => stack.app(s).kind === 'backend');
  const backendUp = backends.length === 0 || backends.some((s) => m[s] === 'running');
  const reqsUp = sharers
    .filter((s) => m[s] === 'running')
    .every((s) => ['up', 'none'].includes(requirementStatus(stack, m, s)));
  return companionsUp && backendUp && reqsUp ? 'up' : 'unknown';
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Runs `check` until it passes or `timeoutMs` is spent; the last error is thrown. */
export async function retry(check: () => Promise<void>, timeoutMs: number, node: NodeConfig): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const gaps = node.isSim ? [25, 50, 100, 250] : [250, 500, 1000, 2000];
  for (let i = 0; ; i++) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    await sleep(gaps[Math.min(i, gaps.length - 1)]!);
  }
}

export async function checkSurface(ctx: ProbeContext, app: AppEntry, want: 'up' | 'down'): Promise<void> {
  if (want === 'up') await probeUi({ ...ctx, app });
  else await probeSurfacesDown({ ...ctx, app }, 'stop');
}
