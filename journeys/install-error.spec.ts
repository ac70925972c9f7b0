/**
 * L4 "an install the node refuses": the App Store announces the node's error in role="alert" instead
 * of swallowing it. The node's refusal is played by the browser's own network layer (page.route answers
 * the page's package.install with a §1.2 handler error: HTTP 200, error.message), so the node never
 * sees the call and nothing on it changes; the API afterwards still lists the app as not installed.
 * AA's own dashboard tests answer RPCs the same way (archy-surface §1.1, tests/dashboard/storage-selling.mjs).
 */
import type { Route } from '@playwright/test';
import { APPS } from '../config/apps';
import { expect, layer, policyNote, skipNotCovered, journeyTest as test } from '../fixtures';
import { phase } from './support/phase';
import { JOURNEY_TITLES } from './support/titles';
import { openDashboard } from './support/ui-login';

/** Starts with a user-facing prefix (§1.3), so a sanitising node would pass it through as it is. */
const REFUSAL = 'Invalid state: archy-e2e refused this install in the browser (the node never saw it)';

function isInstall(route: Route): boolean {
  try {
    return (JSON.parse(route.request().postData() ?? '{}') as { method?: unknown }).method === 'package.install';
  } catch {
    return false;
  }
}

test(
  JOURNEY_TITLES.installError,
  { tag: [layer(4)] },
  async ({ page, ui, rpc, nodeConfig, nodeProfile, dashboardPassword }, testInfo) => {
    const installed = Object.keys((await rpc.getState()).data['package-data']);
    const ctx = { app: 'App Store', node: nodeConfig.name };

    await phase(ctx, 'open the App Store', async () => {
      await openDashboard(ui, dashboardPassword, nodeConfig, nodeProfile);
      await ui.dashboard.open('marketplace');
      await ui.store.expectReady();
    });

    const app = await phase(ctx, 'pick an app that is not installed', async () => {
      for (const candidate of APPS.filter((a) => !installed.includes(a.id)))
        if ((await ui.store.card(candidate.title).count()) > 0) return candidate;
      return skipNotCovered(
        testInfo,
        policyNote(nodeConfig.name, 'every app its App Store lists is installed: there is no Install to refuse'),
      );
    });
    ctx.app = app.id;

    await phase(ctx, 'install, refused', async () => {
      await page.route('**/rpc/v1', async (route) => {
        if (!isInstall(route)) return route.fallback();
        await route.fulfill({
          status: 200,
          contentType: 'application/json',
          body: JSON.stringify({ jsonrpc: '2.0', id: 1, result: null, error: { code: -32603, message: REFUSAL } }),
        });
      });
      await expect(
        ui.store.installButton(app.title),
        `the App Store offers Install for ${app.title}, which the API lists as not installed`,
      ).toBeVisible();
      await ui.store.install(app.title);
      await expect(
        page.getByRole('alert').filter({ hasText: REFUSAL }).or(ui.store.failureAlert),
        `the App Store announces the refused install of ${app.title} in role="alert"`,
      ).toBeVisible();
    });

    await phase(ctx, 'the node never saw it', async () => {
      await page.unrouteAll({ behavior: 'wait' });
      const after = Object.keys((await rpc.getState()).data['package-data']);
      expect(after, `${app.id} on ${nodeConfig.name}: the refused install changed nothing`).not.toContain(app.id);
    });
  },
);
