/**
 * L4 page gallery: a screenshot of every page object's page at desktop width and at 390 px (mobile),
 * attached to the report so a reader sees what the journeys see. Read-only: it uses an app that
 * already runs with a UI (File Browser, baseline on a fresh node) and changes nothing.
 */
import type { Page, TestInfo } from '@playwright/test';
import { APPS } from '../config/apps';
import { expect, layer, journeyTest as test } from '../fixtures';
import { AppUiPage } from '../pages';
import { phase } from './support/phase';
import { loginThroughUi, openDashboard } from './support/ui-login';

const VIEWPORTS = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'mobile 390px', width: 390, height: 844 },
] as const;

async function shoot(page: Page, testInfo: TestInfo, name: string, viewport: string): Promise<void> {
  await testInfo.attach(`${name} (${viewport})`, {
    body: await page.screenshot({ fullPage: true }),
    contentType: 'image/png',
  });
}

test(
  'every dashboard page at desktop and mobile width',
  { tag: [layer(4)] },
  async ({ page, ui, rpc, nodeConfig, selectors, dashboardPassword }, testInfo) => {
    const entries = (await rpc.getState()).data['package-data'];
    const shown = APPS.find((a) => a.ui?.proxyPath && entries[a.id]?.state === 'running');
    test.skip(!shown, `no app with a UI runs on ${nodeConfig.name}; the gallery changes nothing`);
    const app = shown!;
    const ctx = { app: app.id, node: nodeConfig.name };

    for (const viewport of VIEWPORTS) {
      await phase(ctx, `screenshots at ${viewport.name}`, async () => {
        await page.setViewportSize({ width: viewport.width, height: viewport.height });

        // One login through the page per run (the first viewport): a node allows 5 a minute (§1.7).
        if (viewport === VIEWPORTS[0]) {
          await page.context().clearCookies();
          await ui.login.goto();
          await ui.login.expectReady();
          await shoot(page, testInfo, 'LoginPage', viewport.name);
          await loginThroughUi(ui, dashboardPassword, nodeConfig.name);
        } else {
          await openDashboard(ui, dashboardPassword, nodeConfig.name);
        }
        await shoot(page, testInfo, 'DashboardPage (Home)', viewport.name);

        await ui.dashboard.open('apps');
        await ui.apps.expectReady();
        await expect(ui.apps.badge(app.title)).toHaveText('running');
        await shoot(page, testInfo, 'AppsPage (My Apps)', viewport.name);

        await ui.apps.uninstallButton(app.title).click();
        await expect(ui.apps.uninstallDialog).toBeVisible();
        await shoot(page, testInfo, 'AppsPage uninstall dialog', viewport.name);
        await ui.apps.uninstallDialog.getByRole('button', { name: selectors.uninstallDialog.cancel }).click();
        await expect(ui.apps.uninstallDialog).toHaveCount(0);

        await ui.dashboard.open('marketplace');
        await ui.store.expectReady();
        await shoot(page, testInfo, 'AppStorePage', viewport.name);

        await ui.details.goto(app.id);
        await ui.details.expectReady(app.title);
        await shoot(page, testInfo, 'AppDetailsPage', viewport.name);

        await ui.details.launch();
        await ui.session.expectReady(app.title);
        await new AppUiPage(ui.session.frame(app.title), selectors).expectReady(app.ui!.marker);
        await shoot(page, testInfo, 'AppSessionPage with AppUiPage', viewport.name);

        await ui.dashboard.open('server');
        await expect(ui.dashboard.heading).toHaveText(selectors.server.heading);
        await shoot(page, testInfo, 'DashboardPage (Server)', viewport.name);

        await ui.dashboard.open('settings');
        await expect(ui.dashboard.logoutButton).toBeVisible();
        await shoot(page, testInfo, 'DashboardPage (Settings)', viewport.name);
      });
    }
  },
);
