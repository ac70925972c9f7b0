/**
 * The cells decided per app (config/cells.ts: present, state, rpc (L1), ui (L2), and the destructive
 * stop, start, restart, reinstall (L1)) for every app in config/apps.ts, generated: one describe per
 * app, its tests in config/cells.ts APP_CELL_ORDER, each running its check from lib/cells/checks.ts.
 * At its head, the L3 cells of the bitcoin-knots stack (queued first: see below).
 *
 * The destructive cells of an app are one chain (config/cells.ts `chain`, in step order): stop leaves the app stopped, start begins from
 * there (its precondition is then only checked), restart and reinstall from the running app start
 * left. Each is still its own test, judged and reported alone, and each runs alone too (`--grep
 * @app:lnd.*@cell:start`): a precondition that does not hold as found is made to hold first (the
 * app and what it needs installed and running; for start, then stopped). After the describe the app
 * is put back to running (a real node is left as found).
 *
 * Apps that share nothing run side by side on one node when the node's project has more than one
 * worker (ARCHY_APP_CONCURRENCY; lib/cells/locks.ts says which tests may overlap).
 */
import { APPS } from '../config/apps';
import { appliesTo, cellTags, cellTitle } from '../config/catalogue';
import { APP_CELL_ORDER, CELL } from '../config/cells';
import { globalEnv } from '../config/env';
import { apiTest as test, knownBrokenFor, policyNote, skipNotCovered, unlessBlocked } from '../fixtures';
import { CELL_CHECKS } from '../lib/cells/checks';
import { isStoppedAndReady, restoreRunning } from '../lib/cells/lifecycle-cells';
import { cellLocks } from '../lib/cells/locks';
import { describeStackSurvival } from '../fixtures/stack-survival';
import { KNOTS_STACK } from '../fixtures/stack-events';

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

    for (const cell of APP_CELL_ORDER.filter((c) => appliesTo(app, c))) {
      const spec = CELL[cell];
      const details = { tag: cellTags(app, cell), lock: cellLocks(app, cell) };
      test(
        cellTitle(app, cell, spec.check),
        details,
        async ({ rpc, nodeConfig, nodeProfile, probeContext, ensureRunning, knownBroken }, testInfo) => {
          if (spec.uninstalls && nodeConfig.protectedApps.includes(app.id)) {
            skipNotCovered(
              testInfo,
              policyNote(
                nodeConfig.name,
                `protected ${app.id} is never uninstalled (ARCHY_UNPROTECT=${app.id} lifts it)`,
              ),
            );
          }
          const deps = { rpc, node: nodeConfig, profile: nodeProfile, probeContext, testInfo, knownBroken };
          // A chain step that starts from a stopped app (start) takes it as the step before left it; anything
          // else is made running first (its check then stops it where it needs it stopped).
          const chained =
            spec.chain?.from === 'stopped' && nodeConfig.allowDestructive && (await isStoppedAndReady(deps, app));
          if (!chained) await ensureRunning(app, cell);
          if (spec.changesNode) changed = true;
          // What an earlier cell of this repetition found broken ends this one at once (lib/known-broken.ts).
          await unlessBlocked(testInfo, () => CELL_CHECKS[cell](deps, app));
        },
      );
    }

    // The chain ends with the app running; a chain cut short (a failure, a --grep) is finished here.
    // A read-only run changes nothing, so it has no chain to finish (and its hooks set up no RPC client).
    if (!READ_ONLY_RUN)
      test.afterAll(async ({ rpc, nodeConfig, nodeProfile }, testInfo) => {
        if (changed && nodeConfig.allowDestructive) {
          const knownBroken = knownBrokenFor(nodeConfig.name, testInfo.repeatEachIndex);
          await restoreRunning({ rpc, node: nodeConfig, profile: nodeProfile, testInfo, knownBroken }, app);
        }
      });
  });
}
