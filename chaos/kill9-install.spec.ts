/**
 * L5: kill -9 of the daemon in the middle of an install. Once the daemon is back, the install either
 * completes (entry running, its container running) or is cleanly undone (no entry and no container,
 * or `stopped` with the reason in install-progress — archy-surface §3.3); never a half-installed app
 * (entry stuck in a transitional state, an entry without its container, containers without an entry).
 * Red against the sim fault `wedged-after-kill9`.
 */
import { expect, policyNote, skipNotCovered, test, waitForAppState } from '../fixtures';
import { ensureAppRunning } from '../lib/ensure-app';
import { isSettled, type PackageDataEntry } from '../lib/rpc/schemas';
import { ALL_APP_LOCKS } from '../lib/cells/locks';
import {
  chaosTags,
  chaosTitle,
  daemonBack,
  describeView,
  requireControl,
  SCENARIOS,
  scaled,
  viewOf,
  where,
} from './support/chaos';

const APP = 'btcpay-server';
const CELL = 'chaos-kill9-install';

test.describe(`L5 ${CELL}`, { lock: [...ALL_APP_LOCKS] }, () => {
  test(chaosTitle(APP, CELL), { tag: chaosTags(APP, CELL) }, async ({ rpc, nodeConfig, control }) => {
    const at = where(nodeConfig, APP, CELL);
    const ctl = await requireControl(nodeConfig, control, APP, CELL);
    // The same policy as the reinstall cell: with chaos allowed, an unprotected app may be uninstalled and reinstalled.
    if (nodeConfig.protectedApps.includes(APP))
      skipNotCovered(
        test.info(),
        policyNote(nodeConfig.name, `${CELL}: protected ${APP} is never uninstalled (ARCHY_UNPROTECT=${APP} lifts it)`),
      );

    await test.step(`precondition: ${APP}'s prerequisites run, ${APP} itself is absent`, async () => {
      const ready = await ensureAppRunning(rpc, nodeConfig, APP);
      if (!ready.ready) throw new Error(`${at}: precondition failed: ${ready.reason}`);
      await rpc.uninstall(APP);
      await waitForAppState(rpc, APP, 'absent', { budget: 'action', message: `${at}: precondition` });
    });

    await rpc.install(APP);
    // Mid-install: the pull reported progress (install-progress.downloaded, a GUESS of §3.4), or a
    // second (scaled) of installing went by — not the first milliseconds, before anything was written.
    const installCalledAt = Date.now();
    const midInstall = function midInstall(e: PackageDataEntry | undefined): boolean {
      if (e?.state !== 'installing') return false;
      const downloaded = Number((e['install-progress'] as { downloaded?: unknown } | undefined)?.downloaded ?? 0);
      return downloaded > 0 || Date.now() - installCalledAt >= scaled(nodeConfig, 1_000, 100);
    };
    await waitForAppState(rpc, APP, midInstall, {
      timeoutMs: 10_000,
      intervals: [50],
      message: `${at}: the install did not show as installing with progress`,
    });
    const killedAt = Date.now();
    await ctl.kill9();
    await daemonBack(ctl, rpc, killedAt, scaled(nodeConfig, 60_000), `${at}: after kill -9 mid-install`);

    const entry = await waitForAppState(rpc, APP, (e) => e === undefined || isSettled(e.state), {
      timeoutMs: scaled(nodeConfig, SCENARIOS[CELL].budgetMs),
      message: `${at}: after kill -9 mid-install the install neither completed nor was undone (half-installed)`,
    });
    const view = await viewOf(rpc, ctl, APP);
    test.info().annotations.push({
      type: 'recovery',
      description: `${at}: ${describeView(view)} ${Date.now() - killedAt} ms after the kill`,
    });
    if (view.state === 'running')
      expect(
        view.container,
        `${at}: the install completed (entry running) but podman has no running ${APP} container: ${describeView(view)}`,
      ).toBe('running');
    else if (view.state === 'absent')
      expect(
        view.container,
        `${at}: the install was undone (no entry) but a ${APP} container is left behind: ${describeView(view)}`,
      ).toBe('none');
    else {
      expect(
        view.state,
        `${at}: after kill -9 mid-install: ${describeView(view)} — expected running, absent, or stopped with the reason`,
      ).toBe('stopped');
      expect(
        entry?.['install-progress']?.message,
        `${at}: ${APP} is stopped after the interrupted install without a reason in install-progress (archy-surface §3.3)`,
      ).toBeTruthy();
    }
  });
});
