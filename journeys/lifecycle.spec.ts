/**
 * L4 "stop, start, restart, uninstall through the UI", one journey per catalogue app with a UI:
 * the buttons on My Apps and the details page, the "Uninstall App?" modal; after each action the
 * browser's own RPC call was accepted, the API reaches the end state, and the badge agrees.
 * The app is installed through the API first (installApp), the dashboard opens with the stored
 * session (5 logins a minute, §1.7: journeys do not each log in through the page); cleanup puts the
 * node back.
 */
import { DESTRUCTIVE, appTag, expect, layer, journeyTest as test } from '../fixtures';
import { waitForAppState } from '../lib/waiters';
import { stateText, type AppsPage } from '../pages';
import { expectUiCall } from './support/browser-rpc';
import { backendOf } from '../config/catalogue';
import { JOURNEY_APPS } from './support/journey-apps';
import { LIVE_UPDATE_TIMEOUT_MS, POLL_PERIOD_MS } from './support/live-update';
import { JOURNEY_TITLES } from './support/titles';
import { phase } from './support/phase';
import { openDashboard } from './support/ui-login';

/**
 * The badge agrees with the API, on the page as it is or after a reload: archy's live-update channel
 * is not confirmed (archy-surface §6: "make the UI test tolerate polling"), so a page that has not
 * caught up is reloaded once per try, as a user would. Each look lasts one poll period: the page as it
 * is may show the change only at its next poll, and a reloaded page needs its first answer (a skeleton
 * before it has no badge text). A look of 2 s re-loaded a page that was still loading on a busy runner,
 * again and again, until the budget was gone. The whole wait is the live-update budget (three polls).
 */
async function expectBadge(
  badge: () => ReturnType<AppsPage['badge']>,
  state: string,
  reload: () => Promise<void>,
  what: string,
): Promise<void> {
  let tries = 0;
  await expect(async () => {
    if (tries++ > 0) await reload();
    await expect(badge(), what).toHaveText(stateText(state), { timeout: POLL_PERIOD_MS });
  }).toPass({ timeout: LIVE_UPDATE_TIMEOUT_MS });
}

for (const app of JOURNEY_APPS) {
  test(
    JOURNEY_TITLES.lifecycle(app.id),
    { tag: [layer(4), appTag(app.id), DESTRUCTIVE] },
    async ({ page, ui, rpc, nodeConfig, nodeProfile, installApp, dashboardPassword }, testInfo) => {
      const ctx = { app: app.id, node: nodeConfig.name };
      const title = app.title;

      await phase(ctx, 'prepare (API)', async () => {
        await installApp(app.id);
      });

      await phase(ctx, 'open the dashboard', async () => {
        testInfo.annotations.push({
          type: 'session',
          description: await openDashboard(ui, dashboardPassword, nodeConfig, nodeProfile),
        });
      });

      await phase(ctx, 'stop', async () => {
        await ui.apps.goto();
        await ui.apps.expectReady(title);
        await expect(ui.apps.badge(title)).toHaveText(stateText('running'));
        await expectUiCall(page, 'package.stop', () => ui.apps.stop(title), { forId: app.id });
        await waitForAppState(rpc, app.id, 'stopped', { budget: 'action', message: 'stopped from My Apps (L4)' });
        await expectBadge(
          () => ui.apps.badge(title),
          'stopped',
          () => ui.apps.goto(),
          'My Apps badge agrees with the API',
        );
      });

      await phase(ctx, 'start', async () => {
        await expectUiCall(page, 'package.start', () => ui.apps.start(title), { forId: app.id });
        await waitForAppState(rpc, app.id, 'running', { budget: 'action', message: 'started from My Apps (L4)' });
        await expectBadge(
          () => ui.apps.badge(title),
          'running',
          () => ui.apps.goto(),
          'My Apps badge agrees with the API',
        );
      });

      await phase(ctx, 'restart', async () => {
        await ui.apps.openDetails(title);
        await ui.details.expectReady(title);
        await expectUiCall(page, 'package.restart', () => ui.details.restart(), { forId: app.id });
        await waitForAppState(rpc, app.id, 'running-healthy', {
          budget: 'action',
          message: 'restarted from the details page (L4)',
        });
        await expectBadge(
          () => ui.details.badge,
          'running',
          () => ui.details.goto(app.id),
          'details badge agrees with the API',
        );
      });

      // A companion goes with its backend: the user uninstalls the backend's card.
      const entries = Object.keys((await rpc.getState()).data['package-data']);
      const victim = app.companionOf ? (backendOf(app, entries) ?? app) : app;
      // What was there before is reinstalled by installApp's cleanup; a protected app is never uninstalled.
      if (nodeConfig.protectedApps.includes(victim.id)) {
        testInfo.annotations.push({
          type: 'uninstall',
          description: `not uninstalled: ${victim.id} is protected on ${nodeConfig.name}`,
        });
        return;
      }

      await phase(ctx, 'uninstall', async () => {
        await ui.apps.goto();
        await ui.apps.expectReady(victim.title);
        await expectUiCall(page, 'package.uninstall', () => ui.apps.uninstall(victim.title), {
          forId: victim.id,
        });
        await expect(ui.apps.uninstallDialog, 'the modal closes after Uninstall').toHaveCount(0);
        for (const id of new Set([victim.id, app.id])) {
          await waitForAppState(rpc, id, 'absent', {
            budget: 'action',
            message: `uninstalled ${victim.id} from My Apps (L4)`,
          });
        }
        // The page the user is on drops the card by itself (a push, or a poll: LIVE_UPDATE_TIMEOUT_MS) ...
        await expect(ui.apps.card(title), 'My Apps drops the card without a reload').toHaveCount(0, {
          timeout: LIVE_UPDATE_TIMEOUT_MS,
        });
        // ... and a fresh page does not list it either.
        await expect(async () => {
          await ui.apps.goto();
          await ui.apps.expectReady(); // the list as loaded: a loading text or skeleton lists nothing yet
          await expect(ui.apps.card(title), 'My Apps no longer lists the app').toHaveCount(0, { timeout: 2_000 });
        }).toPass({ timeout: LIVE_UPDATE_TIMEOUT_MS });
      });
    },
  );
}
