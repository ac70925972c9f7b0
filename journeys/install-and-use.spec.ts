/**
 * L4 "install and use", one journey per catalogue app with a UI: the dashboard (stored session) →
 * App Store → Install → wait through the API (app budget × time-scale) → the badge agrees →
 * Launch → the app's UI where Launch puts it (the dashboard's frame or a new tab, §4.4) → one
 * cross-layer "use" check → cleanup (installApp).
 *
 * A UI companion the App Store does not list comes with its backend. Where the backend is installed
 * and brought it, the journey judges the companion by what the dashboard shows: its card, its state
 * and Launch. Where the companion is missing, its backend is reinstalled through the App Store, if the
 * node's policy allows it; otherwise the test is not covered, with the reason.
 */
import { DESTRUCTIVE, appTag, expect, layer, journeyTest as test, skipNotCovered } from '../fixtures';
import type { AppEntry } from '../config/apps';
import { appById } from '../config/apps';
import { backendOf, companionsOf } from '../config/catalogue';
import type { NodeProfile } from '../config/profiles';
import { guessedCheck } from '../lib/guesses/guessed-check';
import type { NotCoveredNote } from '../lib/not-covered';
import { waitForAppState } from '../lib/waiters';
import { AppUiPage, stateText, useCheckFor, type DashboardPages, type LaunchedUi } from '../pages';
import { expectUiCall } from './support/browser-rpc';
import { JOURNEY_APPS } from './support/journey-apps';
import { LIVE_UPDATE_TIMEOUT_MS } from './support/live-update';
import { JOURNEY_TITLES } from './support/titles';
import { phase } from './support/phase';
import { openDashboard } from './support/ui-login';

/** How the app came to be installed: its own App Store card, its backend's card, or it was there with its backend. */
type Installed = { via: 'store'; pick: AppEntry } | { via: 'with-backend'; backend: AppEntry } | NotCoveredNote;

function isNote(x: Installed): x is NotCoveredNote {
  return 'class' in x;
}

for (const app of JOURNEY_APPS) {
  test(
    JOURNEY_TITLES.installAndUse(app.id),
    { tag: [layer(4), appTag(app.id), DESTRUCTIVE] },
    async ({ page, ui, rpc, nodeConfig, nodeProfile, installApp, selectors, dashboardPassword }, testInfo) => {
      const ctx = { app: app.id, node: nodeConfig.name };
      const marker = app.ui!.marker;

      // Prerequisites first (a bitcoin node, a companion's backend): they may be there already.
      const pre = await phase(ctx, 'prepare (API)', () => installApp.prerequisites(app.id));
      if (!pre.ok) skipNotCovered(testInfo, pre.note);

      await phase(ctx, 'open the dashboard', async () => {
        testInfo.annotations.push({
          type: 'session',
          description: await openDashboard(ui, dashboardPassword, nodeConfig, nodeProfile),
        });
      });

      const installed: Installed = await phase(ctx, 'install', async () => {
        await ui.dashboard.open('marketplace');
        await ui.store.expectReady();
        const listed = (await ui.store.card(app.title).count()) > 0;
        const entries = Object.keys((await rpc.getState()).data['package-data']);
        const backend = app.companionOf ? backendOf(app, entries) : undefined;
        const withBackend = (why: string): Installed => {
          testInfo.annotations.push({
            type: 'install',
            description: `${why}; ${backend!.title} is installed and brought ${app.title}: the companion is judged by its card, state and Launch`,
          });
          return { via: 'with-backend', backend: backend! };
        };
        const cameWithBackend = backend !== undefined && entries.includes(backend.id) && entries.includes(app.id);
        if (!listed && cameWithBackend) return withBackend(`the App Store does not list ${app.title}`);
        const pick = listed ? app : backend;
        if (!pick) throw new Error(`the App Store does not list ${app.title}`);
        if (pick !== app)
          testInfo.annotations.push({
            type: 'install',
            description: `the App Store does not list ${app.title}; installed it with ${pick.title}`,
          });
        const absent = await installApp.makeAbsent(pick.id);
        if (!absent.ok) return cameWithBackend ? withBackend(absent.reason) : absent.note;
        if (absent.actions.length > 0) {
          await ui.store.goto(); // a fresh page after the change, whatever the node's live updates do
          await ui.store.expectReady();
        }
        await expect(
          ui.store.installButton(pick.title),
          `the App Store offers Install for ${pick.title}, which the API lists as not installed`,
        ).toBeVisible();
        await expectUiCall(page, 'package.install', () => ui.store.install(pick.title), { forId: pick.id });
        await expect(ui.store.cardButton(pick.title), 'the card says the app is installing or installed').toHaveText(
          new RegExp(`^\\s*(${escape(selectors.store.installing)}|${escape(selectors.store.installed)})\\s*$`),
        );
        // My Apps, reached through the navigation (no reload), lists the new app by itself.
        await ui.dashboard.open('apps');
        await expect(ui.apps.card(pick.title), `My Apps lists ${pick.title} without a reload`).toBeVisible({
          timeout: LIVE_UPDATE_TIMEOUT_MS,
        });
        return { via: 'store', pick } as const;
      });
      if (isNote(installed)) skipNotCovered(testInfo, installed);
      // A companion judged as its backend brought it must run: started through the API if the node allows it, else not covered.
      if (installed.via === 'with-backend') await installApp(app.id);

      await phase(ctx, 'wait', async () => {
        const by = installed.via === 'store' ? installed.pick : installed.backend;
        for (const id of new Set([by.id, app.id, ...companionsOf(by).map((c) => c.id)])) {
          await waitForAppState(rpc, id, 'running-healthy', {
            budget: installed.via === 'store' ? 'install' : 'action',
            message:
              installed.via === 'store' ? 'installed through the App Store (L4)' : `installed with ${by.id} (L4)`,
          });
        }
        await ui.apps.goto(); // a fresh page, not one held open through the install
        await ui.apps.expectReady(app.title);
        await expect(ui.apps.badge(app.title), `My Apps badge of ${app.title} agrees with the API`).toHaveText(
          stateText('running'),
        );
      });

      const launched = await phase(ctx, 'open', async () => {
        const opened = await ui.session.openedBy(app.title, () => ui.apps.launch(app.title));
        await checkLaunchOpens(nodeConfig.name, nodeProfile, opened.how);
        const appUi = new AppUiPage(opened.root, selectors);
        await appUi.expectReady(marker);
        return { opened, appUi };
      });

      const check = useCheckFor(app.id);
      await phase(ctx, `use (${check.describe})`, async () => {
        const summary = await check.run({
          ui: launched.appUi,
          app: appById(app.id),
          node: nodeConfig,
          rpc,
          request: page.request,
          reload: () => reloadLaunched(ui, launched.opened, app.title),
        });
        testInfo.annotations.push({ type: 'use', description: `${app.id} on ${nodeConfig.name}: ${summary}` });
      });
    },
  );
}

/** Reloads the page holding the app's UI: its own tab, or the dashboard with the frame. */
async function reloadLaunched(ui: DashboardPages, opened: LaunchedUi, title: string): Promise<void> {
  if (opened.how === 'new-tab') {
    await opened.root.reload();
    return;
  }
  await ui.session.page.reload();
  await ui.session.expectReady(title);
}

/** Where Launch put the UI is a guess (config/guesses.ts launch-opens): checked where the profile records it. */
async function checkLaunchOpens(node: string, profile: NodeProfile | null, how: LaunchedUi['how']): Promise<void> {
  await guessedCheck(
    test.info(),
    profile,
    'launch-opens',
    async (seen) => {
      if (how !== seen) throw new Error(`[node ${node}] dashboard: Launch opened ${how}, the profile says ${seen}`);
    },
    async () => how,
  );
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
