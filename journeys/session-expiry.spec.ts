/**
 * L4 session expiry, against a private sim started with a short session TTL: a session that
 * expires mid-journey sends the user to the login page (with the way back in `redirect`) and back
 * after login. With the remember cookie kept, the node restores the session instead (archy-surface §1.4).
 * The private sim runs the run's sim variant (ARCHY_SIM_VARIANT), so its dashboard is the one under
 * test; the user leaves the page through whichever navigation link the dashboard shows (which items it
 * has and what they say is a guess, config/guesses.ts nav-items).
 */
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { DEFAULT_SIM_PASSWORD, globalEnv } from '../config/env';
import { expect, layer, journeyTest as test, policyNote, skipNotCovered } from '../fixtures';
import { dashboardPages, selectorsFor } from '../pages';
import { phase } from './support/phase';
import { JOURNEY_TITLES } from './support/titles';
import { startSim, type StartedSim } from '../lib/start-sim';

const SESSION_TTL_S = 3;

test.describe('session expiry', () => {
  test.describe.configure({ mode: 'serial' });
  let sim: StartedSim | undefined;

  test.beforeAll(async ({ nodeConfig }) => {
    if (!nodeConfig.isSim) return; // each test says why (beforeEach)
    sim = await startSim({
      flags: ['--session-ttl', String(SESSION_TTL_S), '--variant', globalEnv().simVariant],
      timeScale: nodeConfig.timeScale,
      password: DEFAULT_SIM_PASSWORD,
      label: 'private sim (session expiry)',
    });
  });

  test.beforeEach(async ({ nodeConfig }, testInfo) => {
    if (!nodeConfig.isSim)
      skipNotCovered(
        testInfo,
        policyNote(
          nodeConfig.name,
          'session expiry needs a node with a short session TTL, which cannot be given to it from here',
        ),
      );
  });

  test.afterAll(async () => {
    await sim?.stop();
  });

  async function loggedIn(
    browser: Browser,
  ): Promise<{ context: BrowserContext; page: Page; pages: ReturnType<typeof dashboardPages> }> {
    const context = await browser.newContext({
      baseURL: sim!.ready.baseUrl,
      storageState: { cookies: [], origins: [] },
    });
    const page = await context.newPage();
    const pages = dashboardPages(page, selectorsFor(sim!.ready.version).selectors);
    await pages.dashboard.handleOverlays(() => undefined);
    await pages.login.goto();
    await pages.login.login(DEFAULT_SIM_PASSWORD);
    await pages.dashboard.expectReady();
    return { context, page, pages };
  }

  /** Polls the node (not the clock) until the page's session no longer opens a protected method. */
  async function waitForExpiry(page: Page): Promise<void> {
    await expect
      .poll(
        async () =>
          (await page.request.post('/rpc/v1', { data: { method: 'system.get-hostname', params: {} } })).status(),
        {
          message: `the session did not expire within ${SESSION_TTL_S} s TTL + margin`,
          timeout: (SESSION_TTL_S + 10) * 1000,
          intervals: [500, 1000],
        },
      )
      .toBe(401);
  }

  test(JOURNEY_TITLES.sessionExpiry, { tag: [layer(4)] }, async ({ browser }) => {
    const ctx = { app: 'dashboard', node: 'private sim (session TTL 3 s)' };
    const { context, page, pages } = await phase(ctx, 'login', () => loggedIn(browser));
    try {
      await phase(ctx, 'session expires (remember cookie not kept)', async () => {
        await context.clearCookies({ name: 'remember' });
        await waitForExpiry(page);
      });
      const wanted = await phase(ctx, 'navigate: the guard sends the user to login', async () => {
        // The dashboard may notice on its own (a live-state call answers 401), before the click or
        // while it is under way (the link is then detached for good): either way ends at login.
        const toLogin = /\/login\?redirect=%2Fdashboard/;
        if (!/\/login(\?|$)/.test(new URL(page.url()).pathname + new URL(page.url()).search)) {
          const leave = (async () => (await pages.dashboard.linkElsewhere()).click())();
          const redirected = page.waitForURL(toLogin);
          // Finding or clicking the link may fail because the guard's own redirect took the page away
          // (the navigation gone, the link detached): that is the journey's expected end, not a failure,
          // once the page does reach login; otherwise the click's own error stands.
          const left = leave.catch(async (error: unknown) => {
            await page.waitForURL(toLogin, { timeout: 5_000 }).catch(() => {
              throw error;
            });
          });
          await Promise.race([left, redirected]);
          left.catch(() => undefined);
          redirected.catch(() => undefined);
        }
        await expect(page).toHaveURL(toLogin);
        await pages.login.expectReady();
        return pages.login.redirectTarget() ?? '';
      });
      await phase(ctx, 'log in again: back where the user was going', async () => {
        await pages.login.login(DEFAULT_SIM_PASSWORD);
        await expect(page).toHaveURL(new URL(wanted, sim!.ready.baseUrl).toString());
        await pages.dashboard.expectReady();
      });
    } finally {
      await context.close();
    }
  });

  test(JOURNEY_TITLES.sessionRestored, { tag: [layer(4)] }, async ({ browser }) => {
    const ctx = { app: 'dashboard', node: 'private sim (session TTL 3 s)' };
    const { context, page, pages } = await phase(ctx, 'login', () => loggedIn(browser));
    try {
      await phase(ctx, 'session expires', async () => {
        const remember = (await context.cookies()).find((c) => c.name === 'remember');
        expect(remember, 'login set a remember cookie').toBeDefined();
        // Probe without the remember cookie so the probe itself does not restore the session.
        const probe = await browser.newContext({
          baseURL: sim!.ready.baseUrl,
          storageState: { cookies: (await context.cookies()).filter((c) => c.name !== 'remember'), origins: [] },
        });
        try {
          await waitForExpiry(await probe.newPage());
        } finally {
          await probe.close();
        }
      });
      await phase(ctx, 'navigate: still in the dashboard', async () => {
        await pages.dashboard.open('apps');
        await pages.apps.expectReady();
        await expect(page, 'not sent to login').not.toHaveURL(/\/login/);
      });
    } finally {
      await context.close();
    }
  });
});
