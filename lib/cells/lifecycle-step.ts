/**
 * One lifecycle step of an app, the way every destructive cell takes it: call package.<action>,
 * follow the entry through its transitional state to the end state within the app's budget (scaled
 * by the node's time-scale), record the latency and the trail, and fail with node, app and cell named
 * when the end state is not reached, another resting state is, or (as the node's profile saw it) the
 * transitional state was skipped. A new cell that stops, starts, restarts, uninstalls or installs an
 * app calls `lifecycleStep`; it never copies this.
 *
 * Evidence: the end states (§3.3: stop → stopped, uninstall → entry removed, install → running, a
 * failed install → stopped with install-progress.message); the transitional states (stopping,
 * starting, restarting, removing, installing) are in the PackageState enum (§3.3) but whether a poll
 * sees them is a guess (config/guesses.ts transitional-states), checked as the profile saw it.
 */
import type { AppEntry, CellId } from '../../config/apps';
import { packageEntries, scaledBudget } from '../ensure-app';
import { guessedCheck } from '../guesses/guessed-check';
import { recordNodeOp } from '../node-ops';
import { ProbeError } from '../probes';
import { callAsSent, methodName } from '../rpc/node-rpc';
import { attachJson, type CellDeps } from './cell-deps';
import { recordStuck } from './known-broken-cells';
import { ABSENT, describeTrail, followState, markState, type StateTrail } from './state-trail';

export type Budget = 'action' | 'install';

/** The lifecycle calls (lib/rpc/methods.ts keys; each one a node-op of the same name). */
export type LifecycleAction = 'install' | 'start' | 'stop' | 'restart' | 'uninstall';

/** Where each call goes: the state it passes through, the state it ends in, and its budget. */
export const LIFECYCLE_STEPS: Readonly<Record<LifecycleAction, { transitional: string; end: string; budget: Budget }>> =
  {
    stop: { transitional: 'stopping', end: 'stopped', budget: 'action' },
    start: { transitional: 'starting', end: 'running', budget: 'action' },
    restart: { transitional: 'restarting', end: 'running', budget: 'action' },
    uninstall: { transitional: 'removing', end: ABSENT, budget: 'action' },
    install: { transitional: 'installing', end: 'running', budget: 'install' },
  };

/** First-sample gap above which a missed sim transition is put down to the runner, not the node. */
const SIM_SAMPLE_GAP_MS = 100;

/** The app's budget on this node: install, or any other action. */
export function budgetMs(deps: Pick<CellDeps, 'node'>, app: AppEntry, budget: Budget): number {
  return scaledBudget(deps.node, budget === 'install' ? app.installBudgetMs : app.actionBudgetMs);
}

/**
 * Calls package.<action> for `app` (with `extraParams`, e.g. install's dockerImage), follows the
 * state to the step's end, and asserts its transitional state was seen on the way. Errors name the
 * node, the app and `cell`.
 */
export async function lifecycleStep(
  deps: CellDeps,
  app: AppEntry,
  cell: CellId,
  action: LifecycleAction,
  extraParams: Record<string, unknown> = {},
): Promise<StateTrail> {
  const { transitional, end, budget } = LIFECYCLE_STEPS[action];
  const where = { node: deps.node.name, app: app.id, cell };
  const method = await methodName(deps.rpc, action);
  const since = await markState(deps.rpc);
  const called = Date.now();
  try {
    await callAsSent(deps.rpc, action, { id: app.id, ...extraParams });
  } catch (error) {
    throw new ProbeError(where, `${method} failed: ${(error as Error).message}`);
  }
  const limit = budgetMs(deps, app, budget);
  const trail = await followState(
    deps.rpc,
    deps.node.name,
    app.id,
    (s, seen) => s === end || isFailureEnd(s, end, seen),
    limit,
    since,
  );
  recordNodeOp(deps.testInfo, action, trail.endedAt - called);
  // L6 reads these: the call → end-state latency of this app (perf/ and the perf reporter).
  deps.testInfo.annotations.push({ type: 'latency', description: `${app.id} ${method} ${trail.endedAt - called}ms` });
  if (!deps.testInfo.annotations.some((a) => a.type === 'time-scale'))
    deps.testInfo.annotations.push({ type: 'time-scale', description: String(deps.node.timeScale) });
  await attachJson(deps, `${method} state trail`, trail);
  if (!trail.reached) {
    recordStuck(deps.knownBroken, app.id, cell, trail.final, limit); // later cells that need it end at once
    throw new ProbeError(where, `${method}: not ${end} within ${limit} ms (${describeTrail(trail)})`);
  }
  if (trail.final !== end) {
    const entry =
      trail.final === ABSENT
        ? undefined
        : ((await packageEntries(deps.rpc, deps.node.name))[app.id] as
            { 'install-progress'?: { message?: unknown } | null } | undefined);
    const reason = entry?.['install-progress']?.message; // §3.3: a failed install is left stopped with the reason here
    throw new ProbeError(
      where,
      `${method} ended ${trail.final}, expected ${end} (${describeTrail(trail)})${typeof reason === 'string' ? `; install-progress.message: "${reason}"` : ''}`,
    );
  }
  await guessedCheck(
    deps.testInfo,
    deps.profile,
    'transitional-states',
    async (seen) => {
      if (seen !== 'observable' || trail.trail.includes(transitional)) return;
      // A sim transition lasts tens of ms at a small time-scale; on a loaded runner the first sample can
      // come back after it ended. Only then is the missing state recorded instead of failing.
      if (deps.node.timeScale < 1 && trail.firstSampleMs > SIM_SAMPLE_GAP_MS) {
        deps.testInfo.annotations.push({
          type: 'transition-unobserved',
          description: `${method}: ${transitional} not seen, first sample after ${trail.firstSampleMs} ms (${describeTrail(trail)})`,
        });
        return;
      }
      throw new ProbeError(
        where,
        `${method} reached ${end} without passing through ${transitional} (${describeTrail(trail)})`,
      );
    },
    // The profile's word for a node whose transitions a poll cannot see: this call's own trail says so.
    async () => (trail.trail.length <= 2 ? 'too-short' : 'observable'),
  );
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
