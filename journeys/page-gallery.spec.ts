/**
 * L4 page gallery: a screenshot of every page object's page at desktop width and at 390 px (mobile),
 * attached to the report so a reader sees what the journeys see. Read-only: it uses an app that
 * already runs with a UI (File Browser, baseline on a fresh node) and changes nothing.
 */
import type { Page, TestInfo } from '@playwright/test';
import { APPS } from '../config/apps';
import { expect, layer, journeyTest as test } from '../fixtures';
import { guessedCheck } from '../lib/guesses/guessed-check';
import { AppUiPage, stateText } from '../pages';
import { phase } from './support/phase';
import { JOURNEY_TITLES } from './support/titles';
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
  JOURNEY_TITLES.pageGallery,
  { tag: [layer(4)] },
  async ({ page, ui, rpc, nodeConfig, nodeProfile, selectors, dashboardPassword }, testInfo) => {
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
          await loginThroughUi(ui, dashboardPassword, nodeConfig, nodeProfile);
        } else {
          await openDashboard(ui, dashboardPassword, nodeConfig, nodeProfile);
        }
        await shoot(page, testInfo, 'DashboardPage (Home)', viewport.name);

        await ui.dashboard.open('apps');
        await ui.apps.expectReady(app.title);
        await expect(ui.apps.badge(app.title)).toHaveText(stateText('running'));
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

        const opened = await ui.session.openedBy(app.title, () => ui.details.launch());
        await new AppUiPage(opened.root, selectors).expectReady(app.ui!.marker);
        if (opened.how === 'new-tab') {
          await shoot(opened.root, testInfo, 'AppUiPage in a new tab', viewport.name);
          await opened.root.close();
        } else await shoot(page, testInfo, 'AppSessionPage with AppUiPage', viewport.name);

        // §4.2's Server item is NE's: shown where this node's navigation has it.
        if (await ui.dashboard.navLink('server').isVisible()) {
          await ui.dashboard.open('server');
          await expect(ui.dashboard.heading).toHaveText(selectors.server.heading);
          await shoot(page, testInfo, 'DashboardPage (Server)', viewport.name);
        } else
          testInfo.annotations.push({
            type: 'gallery',
            description: `no Server item in the navigation (${viewport.name})`,
          });

        const place = await ui.dashboard.revealLogout();
        expect(place, 'Logout is in the header, a user menu or Settings').not.toBeNull();
        // Where it is, is a guess (config/guesses.ts logout-place): checked where the profile records it.
        await guessedCheck(
          testInfo,
          nodeProfile,
          'logout-place',
          async (seen) => {
            if (place !== seen)
              throw new Error(`[node ${nodeConfig.name}] dashboard: Logout is in ${place}, the profile says ${seen}`);
          },
          async () => place,
        );
        await expect(ui.dashboard.logoutControl).toBeVisible();
        await shoot(page, testInfo, `DashboardPage (Logout: ${place})`, viewport.name);
        await page.keyboard.press('Escape');
      });
    }
  },
);
