/** App details (`/dashboard/apps/:id`, archy-surface §4.3 NE AppDetails.vue): h1 title, state badge, Launch/Start/Restart/Stop/Uninstall. */
import { expect, type Locator, type Page } from '@playwright/test';
import { confirmDialog } from './cards';
import { stateBadge, type DashboardSelectors } from './selectors';

export class AppDetailsPage {
  constructor(
    readonly page: Page,
    private readonly sel: DashboardSelectors,
  ) {}

  get heading(): Locator {
    return this.page.getByRole('heading', { level: 1 });
  }
  get badge(): Locator {
    return stateBadge(this.page.getByRole('main'));
  }
  private button(name: string): Locator {
    return this.page.getByRole('main').getByRole('button', { name, exact: true });
  }
  get launchButton(): Locator {
    return this.button(this.sel.apps.launch);
  }
  get startButton(): Locator {
    return this.button(this.sel.apps.start);
  }
  get stopButton(): Locator {
    return this.button(this.sel.apps.stop);
  }
  get restartButton(): Locator {
    return this.button(this.sel.apps.restart);
  }
  get uninstallButton(): Locator {
    return this.button(this.sel.apps.uninstall);
  }
  get uninstallDialog(): Locator {
    return confirmDialog(this.page, this.sel.uninstallDialog.confirm);
  }
  get notFound(): Locator {
    return this.page.getByRole('heading', { name: this.sel.details.notFound, exact: true });
  }

  async goto(id: string): Promise<void> {
    await this.page.goto(this.sel.routes.details(id));
  }
  async launch(): Promise<void> {
    await this.launchButton.click();
  }
  async start(): Promise<void> {
    await this.startButton.click();
  }
  async stop(): Promise<void> {
    await this.stopButton.click();
  }
  async restart(): Promise<void> {
    await this.restartButton.click();
  }
  /** Uninstall → "Uninstall App?" → Uninstall (the dashboard then returns to My Apps). */
  async uninstall(): Promise<void> {
    await this.uninstallButton.click();
    await expect(this.uninstallDialog, 'the uninstall confirmation opens').toBeVisible();
    await this.uninstallDialog.getByRole('button', { name: this.sel.uninstallDialog.confirm, exact: true }).click();
  }

  async badgeText(): Promise<string> {
    return ((await this.badge.textContent()) ?? '').trim();
  }
  async title(): Promise<string> {
    return ((await this.heading.textContent()) ?? '').trim();
  }

  /** Ready for an app that exists: its title as h1 and a state badge. */
  async expectReady(title?: string): Promise<void> {
    await expect(this.page).toHaveURL(/\/dashboard\/apps\/[^/]+$/);
    if (title) await expect(this.heading, `details page of ${title}`).toHaveText(title);
    else await expect(this.heading).toBeVisible();
    await expect(this.badge, 'the details page shows the state badge').toBeVisible();
  }
}
