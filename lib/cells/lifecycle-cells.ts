/**
 * The destructive cells of one app: stop, start, restart, reinstall. Each takes its lifecycle steps
 * (./lifecycle-step.ts: the call, the state followed to its end within the app's budget), checks the
 * surfaces go down (stop, uninstall) and come back with the marker (start, restart, install), and an
 * app that came up must stay up (lib/stay-up.ts). A backend's companions are judged by the state they
 * met its start or restart in and the node's choice (./companions-follow.ts). On a real node the app
 * (and the companions that stopped along with it) is left as it was found.
 *
 * Evidence: `package.install {id, dockerImage}` is how archy installs (§2.3): the reinstall gives the
 * image the app ran before and checks its container runs that image.
 */
import { expect } from '@playwright/test';
import type { AppEntry, CellId } from '../../config/apps';
import { BITCOIN_NODES, packageEntries } from '../ensure-app';
import { RPC_PROBES, probeUi, ProbeError } from '../probes';
import { probeSurfacesDown } from '../probes/surfaces-down';
import { containerRows, findContainer, isRunning, missingOrStopped, rowsOfApp } from '../probes/container-list';
import { describeTrail, followState } from './state-trail';
import { label, type CellDeps } from './cell-deps';
import { annotate, listContainers } from './read-only-cells';
import { checkDependantsAfterStop } from './dependants';
import { budgetMs, lifecycleStep } from './lifecycle-step';
import { describeLeft, stayUpMs, watchStaysRunning } from '../stay-up';
import { recordNodeOp } from '../node-ops';
import { callAsSent } from '../rpc/node-rpc';
import { BlockedError } from '../known-broken';
import { knownSurfaceFault, recordSurfaceFault } from './known-broken-cells';
import { companionsOf, uiCompanionsOf } from '../../config/catalogue';
import { companionStates, companionsToRestore, judgeCompanions } from './companions-follow';

/**
 * Surfaces answer again with the marker (and the rpc probe, where the app has one), within the budget.
 * A surface that keeps failing with the fault an earlier cell of this repetition already found on it
 * ends the cell at once (blocked); the first time a fault is seen it gets the whole budget (a lagging
 * tip after a restart may still catch up), and a fault that outlasts it is remembered.
 * `stayedStopped`: companions left stopped as the node may choose (./companions-follow.ts); the UI they
 * serve for `app` is then not judged, and the test says so; if an earlier cell found that UI broken,
 * the cell ends blocked by it (never passed over a surface known broken).
 */
async function expectSurfacesUp(
  deps: CellDeps,
  app: AppEntry,
  cell: CellId,
  stayedStopped: readonly string[] = [],
): Promise<void> {
  const timeout = budgetMs(deps, app, 'action');
  const ctx = { ...deps.probeContext(app) };
  const uiBy = uiCompanionsOf(app).filter((c) => stayedStopped.includes(c.id));
  if (app.ui && uiBy.length > 0)
    deps.testInfo.annotations.push({
      type: 'ui not judged',
      description: `${app.id}'s UI is served by ${uiBy.map((c) => c.id).join(', ')}, which stayed stopped after the ${cell} (the node's choice)`,
    });
  const judgeUi = app.ui !== undefined && uiBy.length === 0;
  // A UI left unjudged that an earlier cell of this repetition found broken: the cell does not pass over it.
  const unjudgedBroken = app.ui && !judgeUi ? deps.knownBroken?.surfaceFault(app.id, 'ui') : undefined;
  if (!judgeUi && !app.rpcProbe) {
    if (unjudgedBroken) throw new BlockedError(unjudgedBroken);
    return;
  }
  const last: Awaited<ReturnType<typeof probeUi>>[] = [];
  let failed: { surface: string; error: unknown } | undefined;
  let blocked: BlockedError | undefined;
  const probe = async (surface: string, run: () => ReturnType<typeof probeUi>): Promise<void> => {
    try {
      last.push(await run());
    } catch (error) {
      failed = { surface, error };
      const known = knownSurfaceFault(deps.knownBroken, app, surface, error);
      if (known) blocked = new BlockedError(known);
      else throw error;
    }
  };
  try {
    await expect(
      async () => {
        last.length = 0;
        if (judgeUi) await probe('ui', () => probeUi(ctx));
        const rpcProbe = app.rpcProbe;
        if (rpcProbe && !blocked) await probe('rpc', () => RPC_PROBES[rpcProbe](ctx));
      },
      `${label(deps, app, cell)}: surfaces back${judgeUi ? ' with the marker' : ''}`,
    ).toPass({ timeout, intervals: [50, 100, 250, 500, 1000] });
  } catch (error) {
    if (failed) recordSurfaceFault(deps.knownBroken, app, cell, failed.surface, failed.error);
    throw error;
  }
  if (blocked) throw blocked;
  if (unjudgedBroken) throw new BlockedError(unjudgedBroken);
  for (const result of last) annotate(deps, { ...result, skipped: [] });
}

async function expectSurfacesDown(deps: CellDeps, app: AppEntry, cell: CellId): Promise<void> {
  const timeout = budgetMs(deps, app, 'action');
  await expect(
    async () => {
      await probeSurfacesDown(deps.probeContext(app), cell);
    },
    `${label(deps, app, cell)}: surfaces down`,
  ).toPass({ timeout, intervals: [50, 100, 250, 500, 1000] });
}

/** After stop (NE: "stop its container") or uninstall (§3.3: the app is removed): the app's container and every row named after it. */
async function expectContainers(
  deps: CellDeps,
  app: AppEntry,
  cell: 'stop' | 'reinstall',
  want: 'stopped' | 'gone',
): Promise<void> {
  const raw = await callAsSent(deps.rpc, 'containerList');
  const rows = containerRows(raw);
  const where = { node: deps.node.name, app: app.id, cell };
  for (const name of new Set([app.id, ...rowsOfApp(rows, raw, app)])) {
    const row = findContainer(rows, name);
    if (want === 'gone' && row)
      throw new ProbeError(where, `container ${name} is still listed (${row.state}) after uninstall`);
    if (want === 'stopped' && row && isRunning(row))
      throw new ProbeError(where, `container ${name} still runs after stop`);
  }
}

async function expectRunningContainers(deps: CellDeps, app: AppEntry, cell: CellId): Promise<void> {
  const rows = await listContainers(deps, app, 'present');
  const problems = missingOrStopped(rows, [app.id]);
  if (problems.length > 0) throw new ProbeError({ node: deps.node.name, app: app.id, cell }, problems.join('; '));
}

/**
 * Puts the app back to running on the way out (a real node is left as found; the sim for the next
 * test). A restore that fails is recorded as an annotation, never hiding the test's own error.
 */
export async function restoreRunning(
  deps: Pick<CellDeps, 'rpc' | 'node' | 'profile' | 'testInfo' | 'knownBroken'>,
  app: AppEntry,
): Promise<void> {
  const stuck = deps.knownBroken?.stuck(app.id);
  if (stuck) {
    // Known stuck in this repetition: waiting for it again would cost its budget again.
    deps.testInfo.annotations.push({
      type: 'restore-skipped',
      description: `${app.id}: not put back to running, known stuck (${stuck.app}/${stuck.cell}: ${stuck.what})`,
    });
    return;
  }
  for (const one of [app, ...companionsOf(app)]) {
    const started = Date.now();
    try {
      // the companions that stopped along with the backend and stayed stopped (./companions-follow.ts)
      if (one !== app && !(await companionsToRestore(deps, app)).includes(one)) continue;
      const state = (await packageEntries(deps.rpc, deps.node.name))[one.id]?.state;
      if (state === 'running') continue;
      if (state === undefined) await callAsSent(deps.rpc, 'install', { id: one.id });
      else if (state === 'stopped' || state === 'exited') await callAsSent(deps.rpc, 'start', { id: one.id });
      const limit = budgetMs(deps, one, state === undefined ? 'install' : 'action');
      const trail = await followState(deps.rpc, deps.node.name, one.id, (s) => s === 'running', limit);
      if (!trail.reached) throw new Error(`not running within ${limit} ms (${describeTrail(trail)})`);
      recordNodeOp(deps.testInfo, 'restore', Date.now() - started);
    } catch (error) {
      deps.testInfo.annotations.push({ type: 'restore-failed', description: `${one.id}: ${(error as Error).message}` });
      if (one === app) return;
    }
  }
}

/** The app, up since `upAt`, is still running STAY_UP_MS (scaled) after it came up. */
async function expectStaysUp(deps: CellDeps, app: AppEntry, cell: CellId, upAt: number): Promise<void> {
  const hold = stayUpMs(deps.node);
  const watched = Date.now();
  const left = await watchStaysRunning(deps.rpc, deps.node.name, [app.id], upAt, hold);
  recordNodeOp(deps.testInfo, 'stay-up', Date.now() - watched);
  if (left.length > 0) throw new ProbeError({ node: deps.node.name, app: app.id, cell }, describeLeft(left[0], hold));
}

/**
 * Stop leaves the app stopped: the chain's next cell (start) begins from there, and the app's
 * describe puts it back to running afterwards (api-specs/apps.spec.ts afterAll), so a stop run
 * alone still leaves the node as found.
 */
export async function checkStop(deps: CellDeps, app: AppEntry): Promise<void> {
  await lifecycleStep(deps, app, 'stop', 'stop');
  await expectContainers(deps, app, 'stop', 'stopped');
  await expectSurfacesDown(deps, app, 'stop');
  await checkDependantsAfterStop(deps, app);
}

/** What `app` needs running (requires and its backend; "bitcoin" = either bitcoin node). */
function needs(app: AppEntry): string[] {
  return [...app.requires, ...(app.companionOf ? [app.companionOf] : [])];
}

/**
 * The start cell's precondition is met as found: the app is stopped, its containers are not
 * running, what it needs runs and nothing it conflicts with is installed (the stop cell before it
 * in the chain leaves it so). Otherwise the caller makes it so: running first, then stopped.
 */
export async function isStoppedAndReady(deps: Pick<CellDeps, 'rpc' | 'node'>, app: AppEntry): Promise<boolean> {
  const entries = await packageEntries(deps.rpc, deps.node.name);
  if (entries[app.id]?.state !== 'stopped') return false;
  if (app.conflicts.some((c) => entries[c] !== undefined)) return false;
  return needs(app).every((need) =>
    need === 'bitcoin'
      ? BITCOIN_NODES.some((b) => entries[b]?.state === 'running')
      : entries[need]?.state === 'running',
  );
}

export async function checkStart(deps: CellDeps, app: AppEntry): Promise<void> {
  try {
    const found = await companionStates(deps, app);
    if (await isStoppedAndReady(deps, app)) {
      await expectContainers(deps, app, 'stop', 'stopped').catch((error: Error) => {
        throw new Error(
          `${label(deps, app, 'start')}: precondition (stopped, containers not running) failed: ${error.message}`,
        );
      });
      deps.testInfo.annotations.push({
        type: 'precondition',
        description: `${app.id}: found stopped (chained after the stop cell): no stop needed`,
      });
    } else {
      await lifecycleStep(deps, app, 'start', 'stop').catch((error: Error) => {
        throw new Error(`${label(deps, app, 'start')}: precondition (stopped) failed: ${error.message}`);
      });
    }
    const met = await companionStates(deps, app);
    const along = Object.keys(met).filter((c) => found[c] === 'running' && met[c] === 'stopped');
    const up = await lifecycleStep(deps, app, 'start', 'start');
    await expectRunningContainers(deps, app, 'start');
    const stayed = await judgeCompanions(deps, app, 'start', met, along);
    await expectSurfacesUp(deps, app, 'start', stayed);
    await expectStaysUp(deps, app, 'start', up.endedAt);
  } finally {
    await restoreRunning(deps, app);
  }
}

export async function checkRestart(deps: CellDeps, app: AppEntry): Promise<void> {
  try {
    const met = await companionStates(deps, app);
    const up = await lifecycleStep(deps, app, 'restart', 'restart');
    await expectRunningContainers(deps, app, 'restart');
    const stayed = await judgeCompanions(deps, app, 'restart', met);
    await expectSurfacesUp(deps, app, 'restart', stayed);
    await expectStaysUp(deps, app, 'restart', up.endedAt);
  } finally {
    await restoreRunning(deps, app);
  }
}

export async function checkReinstall(deps: CellDeps, app: AppEntry): Promise<void> {
  try {
    const image = findContainer(await listContainers(deps, app, 'present'), app.id)?.image ?? null;
    await lifecycleStep(deps, app, 'reinstall', 'uninstall');
    await expectContainers(deps, app, 'reinstall', 'gone');
    await expectSurfacesDown(deps, app, 'reinstall');
    const trail = await lifecycleStep(deps, app, 'reinstall', 'install', image ? { dockerImage: image } : {});
    deps.testInfo.annotations.push({
      type: 'reinstall',
      description: `${describeTrail(trail)}${image ? `, dockerImage ${image}` : ''}`,
    });
    await expectRunningContainers(deps, app, 'reinstall');
    if (image) {
      const now = findContainer(await listContainers(deps, app, 'present'), app.id)?.image ?? null;
      if (now !== image)
        throw new ProbeError(
          { node: deps.node.name, app: app.id, cell: 'reinstall' },
          `package.install was given dockerImage ${image}; container ${app.id} runs ${now ?? 'no image'}`,
        );
    }
    await expectSurfacesUp(deps, app, 'reinstall');
    await expectStaysUp(deps, app, 'reinstall', trail.endedAt);
  } finally {
    await restoreRunning(deps, app);
  }
}
