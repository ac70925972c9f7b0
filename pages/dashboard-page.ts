/**
 * The dashboard frame: its navigation (archy-surface §4.2: NE nav items Home, My Apps, App Store,
 * Server, Settings), the connection banner, Logout. The navigation is the landmark a user sees
 * holding those links; its accessible name is a guess (config/guesses.ts dashboard-landmarks) and is
 * not used to find it.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import type { DashboardSelectors } from './selectors';

export type Section = 'home' | 'apps' | 'marketplace' | 'server' | 'settings';

export class DashboardPage {
  constructor(
    readonly page: Page,
    private readonly sel: DashboardSelectors,
  ) {}

  get navigation(): Locator {
    return this.page
      .getByRole('navigation')
      .filter({ has: this.page.getByRole('link', { name: this.sel.nav.apps, exact: true }) })
      .filter({ visible: true })
      .first();
  }
  navLink(section: Section): Locator {
    return this.navigation.getByRole('link', { name: this.sel.nav[section], exact: true });
  }
  /** §4.2 ConnectionBanner / NE offline banner: found by what it says. */
  get connectionBanner(): Locator {
    return this.page.getByText(this.sel.connectionBanner.text);
  }
  get logoutButton(): Locator {
    return this.page.getByRole('button', { name: this.sel.nav.logout, exact: true });
  }
  get heading(): Locator {
    return this.page.getByRole('heading', { level: 1 });
  }

  async goto(): Promise<void> {
    await this.page.goto(this.sel.routes.home);
  }

  /** Goes to a section through the navigation (as a user does). */
  async open(section: Section): Promise<void> {
    await this.navLink(section).click();
    await expect(this.page).toHaveURL(new RegExp(`${this.sel.routes[section]}$`));
  }

  async logout(): Promise<void> {
    await this.open('settings');
    await this.logoutButton.click();
  }

  /** The navigation's accessible name as a user's screen reader announces it (aria-label, aria-labelledby), or "(unnamed)". */
  async landmarkName(): Promise<string> {
    return this.navigation.evaluate((nav) => {
      const by = nav.getAttribute('aria-labelledby');
      const labelled = by ? (document.getElementById(by)?.textContent ?? '').trim() : '';
      return nav.getAttribute('aria-label') ?? (labelled || '(unnamed)');
    });
  }

  /** The section the navigation marks as current. */
  async currentSection(): Promise<string | null> {
    const current = this.navigation.locator('[aria-current="page"]');
    return (await current.count()) ? ((await current.textContent())?.trim() ?? null) : null;
  }

  async expectReady(): Promise<void> {
    await expect(this.page, 'the dashboard is under /dashboard').toHaveURL(/\/dashboard(\/|$|\?)/);
    await expect(this.navigation, 'the dashboard shows its main navigation').toBeVisible();
    for (const section of ['home', 'apps', 'marketplace', 'server', 'settings'] as const) {
      await expect(this.navLink(section), `navigation has "${this.sel.nav[section]}"`).toBeVisible();
    }
  }
}
