/**
 * L5: the daemon's state DB is deleted and the daemon restarted. It rebuilds package-data from what
 * runs: every app that ran before is still there and running — no app lost. The original DB is put
 * back afterwards (and by a timer on the node, if still missing, when the runner dies).
 * Red against the sim fault `state-rebuild-loses-apps`.
 */
import { expect, test, waitForAppState } from '../fixtures';
import { ALL_APP_LOCKS } from '../lib/cells/locks';
import { chaosStart, chaosTags, chaosTitle, daemonBack, SCENARIOS, scaled, runningApps } from './support/chaos';

const APP = 'lnd';
const CELL = 'chaos-delete-state-db';

test.describe(`L5 ${CELL}`, { lock: [...ALL_APP_LOCKS] }, () => {
  test(chaosTitle(APP, CELL), { tag: chaosTags(APP, CELL) }, async ({ rpc, nodeConfig, control }) => {
    const { at, control: ctl } = await chaosStart({ rpc, nodeConfig, control }, APP, CELL);
    const before = await runningApps(rpc);
    expect(before, `${at}: precondition: ${APP} runs`).toContain(APP);
    const undo = await ctl.deleteStateDb();
    try {
      const t0 = Date.now();
      await ctl.daemonRestart();
      const budget = scaled(nodeConfig, SCENARIOS[CELL].budgetMs);
      await daemonBack(ctl, rpc, t0, budget, `${at}: after the restart without a state DB`);
      for (const id of before) {
        await waitForAppState(rpc, id, 'running', {
          timeoutMs: budget,
          message: `${at}: ${id} ran before the state DB was deleted; the rebuilt package-data must still have it running (no app lost)`,
        });
      }
      test.info().annotations.push({
        type: 'recovery',
        description: `${at}: ${before.length} apps back in package-data after ${Date.now() - t0} ms: ${before.join(', ')}`,
      });
    } finally {
      await undo.restore();
      await daemonBack(
        ctl,
        rpc,
        0,
        scaled(nodeConfig, SCENARIOS[CELL].budgetMs),
        `${at}: after putting the state DB back`,
      ).catch(() => undefined);
    }
  });
});
