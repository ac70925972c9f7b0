/**
 * The destructive cells of one app: stop, start, restart, reinstall. Each calls the lifecycle RPC,
 * follows the entry through its transitional state to the end state within the app's budget scaled
 * by the node's time-scale, and checks the surfaces go down (stop, uninstall) and come back with the
 * marker (start, restart, install), and an app that came up must stay up (lib/stay-up.ts). On a real
 * node the app is left as it was found.
 */
import { expect } from '@playwright/test';
import type { AppEntry, CellId } from '../../config/apps';
import { packageEntries, scaledBudget } from '../ensure-app';
import { RPC_PROBES, probeUi, ProbeError } from '../probes';
import { probeSurfacesDown } from '../probes/surfaces-down';
import { findContainer, isRunning, missingOrStopped } from '../probes/container-list';
import { ABSENT, describeTrail, followState, type StateTrail } from './state-trail';
import { attachJson, label, type CellDeps } from './cell-deps';
import { listContainers } from './read-only-cells';
import { checkDependantsAfterStop } from './dependants';
import { describeLeft, stayUpMs, watchStaysRunning } from '../stay-up';

type Budget = 'action' | 'install';

/** First-sample gap above which a missed sim transition is put down to the runner, not the node. */
const SIM_SAMPLE_GAP_MS = 100;

function budgetMs(deps: CellDeps, app: AppEntry, budget: Budget): number {
  return scaledBudget(deps.node, budget === 'install' ? app.installBudgetMs : app.actionBudgetMs);
}

/** Calls `method`, follows the state to `end`, and asserts `transitional` was seen on the way. */
async function lifecycleCall(
  deps: CellDeps,
  app: AppEntry,
  cell: CellId,
  method: string,
  transitional: string,
  end: string,
  budget: Budget,
): Promise<StateTrail> {
  const where = { node: deps.node.name, app: app.id, cell };
  try {
    await deps.rpc.call(method, { id: app.id });
  } catch (error) {
    throw new ProbeError(where, `${method} failed: ${(error as Error).message}`);
  }
  const limit = budgetMs(deps, app, budget);
  const trail = await followState(deps.rpc, deps.node.name, app.id, (s, seen) => s === end || isFailureEnd(s, end, seen), limit);
  await attachJson(deps, `${method} state trail`, trail);
  if (!trail.reached) throw new ProbeError(where, `${method}: not ${end} within ${limit} ms (${describeTrail(trail)})`);
  if (trail.final !== end) throw new ProbeError(where, `${method} ended ${trail.final}, expected ${end} (${describeTrail(trail)})`);
  if (!trail.trail.includes(transitional)) {
    // A sim transition lasts tens of ms at a small time-scale; on a loaded runner the first sample can
    // come back after it ended. Only then is the missing state recorded instead of failing. A node
    // whose budgets are scaled down (the sim, or a sim addressed as a real node with ARCHY_TIME_SCALE)
    // has such short transitions; an archy node (time-scale 1) gets no such leeway.
    if (deps.node.timeScale < 1 && trail.firstSampleMs > SIM_SAMPLE_GAP_MS) {
      deps.testInfo.annotations.push({ type: 'transition-unobserved', description: `${method}: ${transitional} not seen, first sample after ${trail.firstSampleMs} ms (${describeTrail(trail)})` });
    } else {
      throw new ProbeError(where, `${method} reached ${end} without passing through ${transitional} (${describeTrail(trail)})`);
    }
  }
  return trail;
}

/**
 * A call that settles in another resting state has ended, badly: an install or start left stopped
 * or exited, an install whose entry vanished after it had appeared, an uninstall back to running.
 */
function isFailureEnd(state: string, end: string, seen: readonly string[]): boolean {
  if (end === 'running') return state === 'stopped' || state === 'exited' || (state === ABSENT && seen.length > 1);
  if (end === ABSENT || end === 'stopped') return state === 'running' && seen.length > 1;
  return false;
}

/** Surfaces answer again with the marker (and the rpc probe, where the app has one), within the budget. */
async function expectSurfacesUp(deps: CellDeps, app: AppEntry, cell: CellId): Promise<void> {
  const timeout = budgetMs(deps, app, 'action');
  const ctx = { ...deps.probeContext(app) };
  await expect(async () => {
    if (app.ui) await probeUi(ctx);
    if (app.rpcProbe) await RPC_PROBES[app.rpcProbe](ctx);
  }, `${label(deps, app, cell)}: surfaces back with the marker`).toPass({ timeout, intervals: [50, 100, 250, 500, 1000] });
}

async function expectSurfacesDown(deps: CellDeps, app: AppEntry, cell: CellId): Promise<void> {
  const timeout = budgetMs(deps, app, 'action');
  await expect(async () => {
    await probeSurfacesDown(deps.probeContext(app), cell);
  }, `${label(deps, app, cell)}: surfaces down`).toPass({ timeout, intervals: [50, 100, 250, 500, 1000] });
}

async function expectContainers(deps: CellDeps, app: AppEntry, cell: 'stop' | 'reinstall', want: 'stopped' | 'gone'): Promise<void> {
  const rows = await listContainers(deps, app, 'present');
  const where = { node: deps.node.name, app: app.id, cell };
  for (const name of app.containers) {
    const row = findContainer(rows, name);
    if (want === 'gone' && row) throw new ProbeError(where, `container ${name} is still listed (${row.state}) after uninstall`);
    if (want === 'stopped' && row && isRunning(row)) throw new ProbeError(where, `container ${name} still runs after stop`);
  }
}

async function expectRunningContainers(deps: CellDeps, app: AppEntry, cell: CellId): Promise<void> {
  const rows = await listContainers(deps, app, 'present');
  const problems = missingOrStopped(rows, app.containers);
  if (problems.length > 0) throw new ProbeError({ node: deps.node.name, app: app.id, cell }, problems.join('; '));
}

/**
 * Puts the app back to running on the way out (a real node is left as found; the sim for the next
 * test). A restore that fails is recorded as an annotation, never hiding the test's own error.
 */
async function restoreRunning(deps: CellDeps, app: AppEntry): Promise<void> {
  try {
    const state = (await packageEntries(deps.rpc, deps.node.name))[app.id]?.state;
    if (state === 'running') return;
    if (state === undefined) await deps.rpc.call('package.install', { id: app.id });
    else if (state === 'stopped' || state === 'exited') await deps.rpc.call('package.start', { id: app.id });
    const limit = budgetMs(deps, app, state === undefined ? 'install' : 'action');
    const trail = await followState(deps.rpc, deps.node.name, app.id, (s) => s === 'running', limit);
    if (!trail.reached) throw new Error(`not running within ${limit} ms (${describeTrail(trail)})`);
  } catch (error) {
    deps.testInfo.annotations.push({ type: 'restore-failed', description: `${app.id}: ${(error as Error).message}` });
  }
}

/** The app, up since `upAt`, is still running STAY_UP_MS (scaled) after it came up. */
async function expectStaysUp(deps: CellDeps, app: AppEntry, cell: CellId, upAt: number): Promise<void> {
  const hold = stayUpMs(deps.node);
  const left = await watchStaysRunning(deps.rpc, deps.node.name, [app.id], upAt, hold);
  if (left.length > 0) throw new ProbeError({ node: deps.node.name, app: app.id, cell }, describeLeft(left[0], hold));
}

export async function checkStop(deps: CellDeps, app: AppEntry): Promise<void> {
  try {
    await lifecycleCall(deps, app, 'stop', 'package.stop', 'stopping', 'stopped', 'action');
    await expectContainers(deps, app, 'stop', 'stopped');
    await expectSurfacesDown(deps, app, 'stop');
    await checkDependantsAfterStop(deps, app);
  } finally {
    await restoreRunning(deps, app);
  }
}

export async function checkStart(deps: CellDeps, app: AppEntry): Promise<void> {
  try {
    await lifecycleCall(deps, app, 'start', 'package.stop', 'stopping', 'stopped', 'action').catch((error: Error) => {
      throw new Error(`${label(deps, app, 'start')}: precondition (stopped) failed: ${error.message}`);
    });
    const up = await lifecycleCall(deps, app, 'start', 'package.start', 'starting', 'running', 'action');
    await expectRunningContainers(deps, app, 'start');
    await expectSurfacesUp(deps, app, 'start');
    await expectStaysUp(deps, app, 'start', up.endedAt);
  } finally {
    await restoreRunning(deps, app);
  }
}

export async function checkRestart(deps: CellDeps, app: AppEntry): Promise<void> {
  try {
    const up = await lifecycleCall(deps, app, 'restart', 'package.restart', 'restarting', 'running', 'action');
    await expectRunningContainers(deps, app, 'restart');
    await expectSurfacesUp(deps, app, 'restart');
    await expectStaysUp(deps, app, 'restart', up.endedAt);
  } finally {
    await restoreRunning(deps, app);
  }
}

export async function checkReinstall(deps: CellDeps, app: AppEntry): Promise<void> {
  try {
    await lifecycleCall(deps, app, 'reinstall', 'package.uninstall', 'removing', ABSENT, 'action');
    await expectContainers(deps, app, 'reinstall', 'gone');
    await expectSurfacesDown(deps, app, 'reinstall');
    const trail = await lifecycleCall(deps, app, 'reinstall', 'package.install', 'installing', 'running', 'install');
    deps.testInfo.annotations.push({ type: 'reinstall', description: describeTrail(trail) });
    await expectRunningContainers(deps, app, 'reinstall');
    await expectSurfacesUp(deps, app, 'reinstall');
    await expectStaysUp(deps, app, 'reinstall', trail.endedAt);
  } finally {
    await restoreRunning(deps, app);
  }
}
