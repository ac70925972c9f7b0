/**
 * The dashboard frame: its navigation, the header, overlays over the page, the connection banner,
 * Logout. archy-surface §4.2 gives the nav items only from NE (Home, My Apps, App Store, Server,
 * Settings, "historical"): which of them a node shows is a guess (config/guesses.ts nav-items), so
 * readiness waits for a visible navigation only, and a section the navigation does not show is
 * reached through the user menu, else by its route. The navigation's accessible name is a guess too
 * (dashboard-landmarks) and is not used to find it. A separate mobile navigation (DashboardMobileNav)
 * is the one visible at that width.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import type { DashboardSelectors } from './selectors';

export type Section = 'home' | 'apps' | 'marketplace' | 'server' | 'settings';

/** Where a node puts Logout (config/guesses.ts logout-place; AA 0007: Settings → Account). */
export type LogoutPlace = 'header-button' | 'user-menu' | 'settings-account';

export class DashboardPage {
  constructor(
    readonly page: Page,
    private readonly sel: DashboardSelectors,
  ) {}

  /** The navigation landmark a user sees (of a desktop and a mobile one, the visible one). */
  get navigation(): Locator {
    return this.page.getByRole('navigation').filter({ visible: true }).first();
  }
  navLink(section: Section): Locator {
    return this.navigation.getByRole('link', { name: this.sel.nav[section], exact: true });
  }
  /**
   * A link of the visible navigation to another dashboard page than the current one, whatever it says
   * (for a journey that only needs to move within the dashboard).
   */
  async linkElsewhere(): Promise<Locator> {
    const links = this.navigation.getByRole('link');
    const here = new URL(this.page.url()).pathname.replace(/\/$/, '');
    const paths = await links.evaluateAll(
      (els, base) =>
        els.map((e) => {
          const href = e.getAttribute('href');
          return href ? new URL(href, base).pathname.replace(/\/$/, '') : '';
        }),
      this.page.url(),
    );
    const i = paths.findIndex((p) => p.startsWith('/dashboard') && p !== here);
    if (i < 0) throw new Error(`the navigation has no link to another dashboard page (links: ${paths.join(', ')})`);
    return links.nth(i);
  }
  /** The header's user menu button (aria-haspopup), when the node has one. */
  get userMenuButton(): Locator {
    return this.page.locator('[aria-haspopup="menu"], [aria-haspopup="true"]').filter({ visible: true }).first();
  }
  /** §4.2 ConnectionBanner / NE offline banner: found by what it says. */
  get connectionBanner(): Locator {
    return this.page.getByText(this.sel.connectionBanner.text);
  }
  /** Logout as a button or menu item, wherever it is on the page now. */
  get logoutControl(): Locator {
    return this.page
      .getByRole('button', { name: this.sel.nav.logout })
      .or(this.page.getByRole('menuitem', { name: this.sel.nav.logout }))
      .filter({ visible: true })
      .first();
  }
  get heading(): Locator {
    return this.page.getByRole('heading', { level: 1 });
  }

  async goto(): Promise<void> {
    await this.page.goto(this.sel.routes.home);
  }

  /** The texts of the visible navigation's links, in order. */
  async navItems(): Promise<string[]> {
    return (await this.navigation.getByRole('link').allTextContents()).map((t) => t.trim()).filter(Boolean);
  }

  /**
   * Goes to a section as a user does: its nav link, else the user menu's item, else (a section the
   * node does not offer in either) its route.
   */
  async open(section: Section): Promise<void> {
    const name = this.sel.nav[section];
    if (await this.navLink(section).isVisible()) await this.navLink(section).click();
    else if (await this.openUserMenu()) {
      const item = this.page.getByRole('menuitem', { name, exact: true });
      if (await item.isVisible()) await item.click();
      else {
        await this.page.keyboard.press('Escape');
        await this.page.goto(this.sel.routes[section]);
      }
    } else await this.page.goto(this.sel.routes[section]);
    await expect(this.page).toHaveURL(new RegExp(`${this.sel.routes[section]}$`));
  }

  /** Opens the header's user menu; false when the node has none. */
  async openUserMenu(): Promise<boolean> {
    if ((await this.userMenuButton.count()) === 0) return false;
    if ((await this.userMenuButton.getAttribute('aria-expanded')) !== 'true') await this.userMenuButton.click();
    await expect(this.page.getByRole('menu'), 'the user menu opens').toBeVisible();
    return true;
  }

  /**
   * Brings Logout on screen: a header button, the user menu's item, or Settings → Account (AA 0007).
   * Returns where it was, or null when none of them has it.
   */
  async revealLogout(): Promise<LogoutPlace | null> {
    if (await this.logoutControl.isVisible()) return 'header-button';
    if (await this.openUserMenu()) {
      if (await this.logoutControl.isVisible()) return 'user-menu';
      await this.page.keyboard.press('Escape');
    }
    await this.open('settings');
    return (await this.logoutControl.isVisible()) ? 'settings-account' : null;
  }

  async logout(): Promise<void> {
    const place = await this.revealLogout();
    if (place === null) throw new Error('Logout is not in the header, a user menu or Settings');
    await this.logoutControl.click();
  }

  /**
   * What a dashboard shows over the page (§4.2: CompanionIntroOverlay, the HealthNotifications toast):
   * a visible dialog, alert dialog or status that has a close button. It may come at any moment.
   */
  get overlay(): Locator {
    return this.page
      .getByRole('dialog')
      .or(this.page.getByRole('alertdialog'))
      .or(this.page.getByRole('status'))
      .filter({ visible: true })
      .filter({ has: this.page.getByRole('button', { name: this.sel.overlays.dismiss }) });
  }

  /**
   * Closes an overlay whenever one stands in the way of an action, as a user would
   * (Playwright's locator handler); `closed` is told what each one said, for the report.
   */
  async handleOverlays(closed: (text: string) => void): Promise<void> {
    await this.page.addLocatorHandler(this.overlay.first(), async (overlay) => {
      const text = ((await overlay.textContent()) ?? '').trim().replace(/\s+/g, ' ').slice(0, 80);
      await overlay.getByRole('button', { name: this.sel.overlays.dismiss }).first().click();
      closed(text);
    });
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

  /** Ready: under /dashboard with a visible navigation (which items it has is the profile's to check). */
  async expectReady(): Promise<void> {
    await expect(this.page, 'the dashboard is under /dashboard').toHaveURL(/\/dashboard(\/|$|\?)/);
    await expect(this.navigation, 'the dashboard shows its navigation').toBeVisible();
  }
}
