/**
 * L1 + L2 cells of every app in config/apps.ts, generated: present, state, rpc (L1), ui (L2), and the
 * destructive stop, start, restart, reinstall (L1). One describe per app, its tests in order. At its
 * head, the L3 cells of the bitcoin-knots stack (queued first: see below).
 *
 * The destructive cells of an app are one chain: stop leaves the app stopped, start begins from
 * there (its precondition is then only checked), restart and reinstall from the running app start
 * left. Each is still its own test, judged and reported alone, and each runs alone too (`--grep
 * @app:lnd.*@cell:start`): a precondition that does not hold as found is made to hold first (the
 * app and what it needs installed and running; for start, then stopped). After the describe the app
 * is put back to running (a real node is left as found).
 *
 * Apps that share nothing run side by side on one node when the node's project has more than one
 * worker (ARCHY_APP_CONCURRENCY; lib/cells/locks.ts says which tests may overlap).
 */
import { APPS, type CellId } from '../config/apps';
import { appliesTo, cellTags, cellTitle } from '../config/catalogue';
import { globalEnv } from '../config/env';
import { apiTest as test, policyNote, skipNotCovered } from '../fixtures';
import type { CellDeps } from '../lib/cells/cell-deps';
import { checkPresent, checkRpc, checkState, checkUi } from '../lib/cells/read-only-cells';
import {
  checkReinstall,
  checkRestart,
  checkStart,
  checkStop,
  isStoppedAndReady,
  restoreRunning,
} from '../lib/cells/lifecycle-cells';
import { cellLocks } from '../lib/cells/locks';
import { describeStackSurvival } from '../fixtures/stack-survival';
import { KNOTS_STACK } from '../fixtures/stack-events';

type CellCheck = { cell: CellId; what: string; run: (deps: CellDeps, app: (typeof APPS)[number]) => Promise<void> };

const CHECKS: CellCheck[] = [
  { cell: 'present', what: 'containers listed by container-list and running', run: checkPresent },
  { cell: 'state', what: 'get-state entry valid, known and agreeing with container-list', run: checkState },
  { cell: 'rpc', what: "the app's own API answers", run: checkRpc },
  { cell: 'ui', what: 'every UI URL answers 200 with the marker', run: checkUi },
  { cell: 'stop', what: 'package.stop: stopping → stopped, surfaces down', run: checkStop },
  { cell: 'start', what: 'package.start: starting → running, surfaces back', run: checkStart },
  { cell: 'restart', what: 'package.restart: restarting → running, surfaces back', run: checkRestart },
  { cell: 'reinstall', what: 'uninstall → absent and gone, install → running, surfaces back', run: checkReinstall },
];

const READ_ONLY_RUN = globalEnv().readOnly;

// Each app's describe is one job; jobs of apps whose locks do not meet may run at the same time.
test.describe.configure({ mode: 'parallel' });

// L3, queued first of all: the bitcoin-knots stack's daemon-restart and reboot (its one job holds every
// lock). Its install of bitcoin-knots then serves the bitcoin-knots chain below; queued in survival/ it
// would wait for every job here and cost a third bitcoin install (fixtures/stack-events.ts, STACKS).
describeStackSurvival(KNOTS_STACK);

for (const app of APPS) {
  test.describe(app.id, () => {
    test.describe.configure({ mode: 'default' });
    let changed = false;

    for (const check of CHECKS.filter((c) => appliesTo(app, c.cell))) {
      const details = { tag: cellTags(app, check.cell), lock: cellLocks(app, check.cell) };
      test(
        cellTitle(app, check.cell, check.what),
        details,
        async ({ rpc, nodeConfig, probeContext, ensureRunning }, testInfo) => {
          if (check.cell === 'reinstall' && nodeConfig.protectedApps.includes(app.id)) {
            skipNotCovered(
              testInfo,
              policyNote(
                nodeConfig.name,
                `protected ${app.id} is never uninstalled (ARCHY_UNPROTECT=${app.id} lifts it)`,
              ),
            );
          }
          const deps = { rpc, node: nodeConfig, probeContext, testInfo };
          // start: a stopped app (as the stop cell leaves it) is its precondition; anything else is made running, then stopped.
          const chained = check.cell === 'start' && nodeConfig.allowDestructive && (await isStoppedAndReady(deps, app));
          if (!chained) await ensureRunning(app, check.cell);
          if (testInfo.tags.includes('@destructive')) changed = true;
          await check.run(deps, app);
        },
      );
    }

    // The chain ends with the app running; a chain cut short (a failure, a --grep) is finished here.
    // A read-only run changes nothing, so it has no chain to finish (and its hooks set up no RPC client).
    if (!READ_ONLY_RUN)
      test.afterAll(async ({ rpc, nodeConfig }, testInfo) => {
        if (changed && nodeConfig.allowDestructive) await restoreRunning({ rpc, node: nodeConfig, testInfo }, app);
      });
  });
}
