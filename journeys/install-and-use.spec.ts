/**
 * L4 "install and use", one journey per catalogue app with a UI: the dashboard (stored session) →
 * App Store → Install → wait through the API (app budget × time-scale) → the badge agrees →
 * Launch → the app's UI in the dashboard frame → one cross-layer "use" check → cleanup (installApp).
 */
import { DESTRUCTIVE, appTag, expect, layer, journeyTest as test, skipNotCovered } from '../fixtures';
import { appById } from '../config/apps';
import { waitForAppState } from '../lib/waiters';
import { AppUiPage, useCheckFor } from '../pages';
import { expectUiCall } from './support/browser-rpc';
import { backendOf, companionsOf } from '../config/catalogue';
import { JOURNEY_APPS } from './support/journey-apps';
import { phase } from './support/phase';
import { openDashboard } from './support/ui-login';

for (const app of JOURNEY_APPS) {
  test(
    `install and use ${app.id} through the dashboard`,
    { tag: [layer(4), appTag(app.id), DESTRUCTIVE] },
    async ({ page, ui, rpc, nodeConfig, installApp, selectors, dashboardPassword }, testInfo) => {
      const ctx = { app: app.id, node: nodeConfig.name };
      const marker = app.ui!.marker;

      // Prerequisites first (installing a bitcoin node brings its companion), then the app must be absent.
      const prepared = await phase(ctx, 'prepare (API)', async () => {
        const pre = await installApp.prerequisites(app.id);
        return pre.ok ? installApp.makeAbsent(app.id) : pre;
      });
      if (!prepared.ok) skipNotCovered(testInfo, prepared.note);

      await phase(ctx, 'open the dashboard', async () => {
        testInfo.annotations.push({
          type: 'session',
          description: await openDashboard(ui, dashboardPassword, nodeConfig.name),
        });
      });

      const installed = await phase(ctx, 'install', async () => {
        await ui.dashboard.open('marketplace');
        await ui.store.expectReady();
        let pick = app;
        if (app.companionOf && (await ui.store.card(app.title).count()) === 0) {
          const entries = Object.keys((await rpc.getState()).data['package-data']);
          pick = backendOf(app, entries) ?? app;
          testInfo.annotations.push({
            type: 'install',
            description: `the App Store does not list ${app.title}; installed it with ${pick.title}`,
          });
          if (entries.includes(pick.id))
            throw new Error(`${app.title} is not in the App Store and its backend ${pick.id} is already installed`);
        }
        await expectUiCall(page, 'package.install', () => ui.store.install(pick.title));
        await expect(ui.store.cardButton(pick.title), 'the card says the app is installing or installed').toHaveText(
          new RegExp(`^(${escape(selectors.store.installing)}|${escape(selectors.store.installed)})$`),
        );
        return pick;
      });

      await phase(ctx, 'wait', async () => {
        for (const id of new Set([installed.id, app.id, ...companionsOf(installed).map((c) => c.id)])) {
          await waitForAppState(rpc, id, 'running-healthy', {
            budget: 'install',
            message: `installed through the App Store (L4)`,
          });
        }
        await ui.apps.goto(); // a fresh page, not one held open through the install
        await ui.apps.expectReady();
        await expect(ui.apps.badge(app.title), `My Apps badge of ${app.title} agrees with the API`).toHaveText(
          'running',
        );
      });

      const appUi = await phase(ctx, 'open', async () => {
        await ui.apps.launch(app.title);
        await ui.session.expectReady(app.title);
        const frameUi = new AppUiPage(ui.session.frame(app.title), selectors);
        await frameUi.expectReady(marker);
        return frameUi;
      });

      const check = useCheckFor(app.id);
      await phase(ctx, `use (${check.describe})`, async () => {
        const summary = await check.run({
          ui: appUi,
          app: appById(app.id),
          node: nodeConfig,
          rpc,
          request: page.request,
          reload: async () => {
            await page.reload();
            await ui.session.expectReady(app.title);
          },
        });
        testInfo.annotations.push({ type: 'use', description: `${app.id} on ${nodeConfig.name}: ${summary}` });
      });
    },
  );
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
