/**
 * L1 + L2 cells of every app in config/apps.ts, generated: present, state, rpc (L1), ui (L2), and the
 * destructive stop, start, restart, reinstall (L1). One describe per app, its tests in order; every
 * test first brings its app to running through the API, so any one runs alone (`--grep @app:lnd`).
 * All take the `archy-apps` lock: nothing else that changes app state runs beside them.
 */
import { APPS, type CellId } from '../config/apps';
import { appliesTo, cellTags, cellTitle } from '../config/catalogue';
import { apiTest as test, policyNote, skipNotCovered } from '../fixtures';
import type { CellDeps } from '../lib/cells/cell-deps';
import { checkPresent, checkRpc, checkState, checkUi } from '../lib/cells/read-only-cells';
import { checkReinstall, checkRestart, checkStart, checkStop } from '../lib/cells/lifecycle-cells';
import { APPS_LOCK } from '../lib/cells/locks';

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

test.describe.configure({ mode: 'default' });

for (const app of APPS) {
  test.describe(app.id, { lock: APPS_LOCK }, () => {
    for (const check of CHECKS.filter((c) => appliesTo(app, c.cell))) {
      test(cellTitle(app, check.cell, check.what), { tag: cellTags(app, check.cell) }, async ({ rpc, nodeConfig, probeContext, ensureRunning }, testInfo) => {
        if (check.cell === 'reinstall' && nodeConfig.protectedApps.includes(app.id)) {
          skipNotCovered(testInfo, policyNote(nodeConfig.name, `protected ${app.id} is never uninstalled (ARCHY_UNPROTECT=${app.id} lifts it)`));
        }
        await ensureRunning(app, check.cell);
        await check.run({ rpc, node: nodeConfig, probeContext, testInfo }, app);
      });
    }
  });
}
