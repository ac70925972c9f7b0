/**
 * L5: garbage over the daemon's config file, then an archipelago restart. The daemon starts with a
 * log line about its config (it recovered defaults) or refuses to start with one; the apps keep
 * running either way. The config is put back afterwards (and by a timer on the node if the runner
 * dies). Red against the sim fault `corrupt-config-unlogged`.
 */
import { expect, test } from '../fixtures';
import { ALL_APP_LOCKS } from '../lib/cells/locks';
import { chaosStart, chaosTags, chaosTitle, daemonBack, SCENARIOS, scaled, runningApps, viewOf } from './support/chaos';

const APP = 'filebrowser';
const CELL = 'chaos-corrupt-config';
const CONFIG_LINE = /config/i;
const PROBLEM = /corrupt|invalid|malformed|parse|unexpected|default|refus/i;

test.describe(`L5 ${CELL}`, { lock: [...ALL_APP_LOCKS] }, () => {
  test(chaosTitle(APP, CELL), { tag: chaosTags(APP, CELL) }, async ({ rpc, nodeConfig, control }) => {
    const { at, control: ctl } = await chaosStart({ rpc, nodeConfig, control }, APP, CELL);
    const before = await runningApps(rpc);
    const since = new Date(Date.now() - 1000);
    const undo = await ctl.corruptConfig();
    try {
      const t0 = Date.now();
      await ctl.daemonRestart();
      const budget = scaled(nodeConfig, SCENARIOS[CELL].budgetMs);
      const back = await daemonBack(ctl, rpc, t0, budget, `${at}: after the restart with a corrupt config`).then(
        () => true,
        () => false,
      );
      const lines = (await ctl.logSince(since)).map((l) => l.line);
      const clear = lines.filter((l) => CONFIG_LINE.test(l) && PROBLEM.test(l));
      expect(
        clear.length,
        `${at}: the daemon ${back ? 'started' : 'did not start'} with a corrupt config and no log line says so (log since the damage: ${lines.slice(-8).join(' | ') || 'empty'})`,
      ).toBeGreaterThan(0);
      test.info().annotations.push({
        type: 'recovery',
        description: `${at}: daemon ${back ? 'started' : 'refused to start'}; log: ${clear[0]}`,
      });
      const containers = await ctl.containers();
      for (const id of before) {
        const c = containers.find((x) => x.name === id);
        expect(
          c?.state ?? 'none',
          `${at}: ${id} ran before the restart with a corrupt config; its container is now ${c?.state ?? 'gone'}`,
        ).toBe('running');
        if (back)
          expect((await viewOf(rpc, ctl, id)).state, `${at}: ${id} ran before; the daemon now says`).toBe('running');
      }
    } finally {
      await undo.restore();
      if ((await ctl.status()).daemon !== 'up') await ctl.daemonRestart();
    }
  });
});
