/**
 * My Apps (`/dashboard/apps`, archy-surface §4.3 NE Apps.vue): a card per installed app with its
 * title heading, a status badge whose text is the raw package state, Launch / Start / Stop and an
 * icon button titled "Uninstall". A card is what a user sees around the title: the nearest element
 * holding the title heading and the card's buttons.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import { stateBadge, type DashboardSelectors } from './selectors';

export class AppsPage {
  constructor(
    readonly page: Page,
    private readonly sel: DashboardSelectors,
  ) {}

  get heading(): Locator {
    return this.page.getByRole('heading', { level: 1, name: this.sel.apps.heading, exact: true });
  }
  get emptyState(): Locator {
    return this.page.getByText(this.sel.apps.empty, { exact: true });
  }
  /** One element per card: the title headings below the page heading. */
  get cards(): Locator {
    return this.page.getByRole('main').getByRole('heading', { level: 3 });
  }
  /** The card of an app: the nearest element around its title heading that holds buttons. */
  card(title: string): Locator {
    return this.page.getByRole('heading', { name: title, exact: true }).locator('xpath=ancestor::*[.//button][1]');
  }
  badge(title: string): Locator {
    return stateBadge(this.card(title));
  }
  launchButton(title: string): Locator {
    return this.card(title).getByRole('button', { name: this.sel.apps.launch, exact: true });
  }
  startButton(title: string): Locator {
    return this.card(title).getByRole('button', { name: this.sel.apps.start, exact: true });
  }
  stopButton(title: string): Locator {
    return this.card(title).getByRole('button', { name: this.sel.apps.stop, exact: true });
  }
  uninstallButton(title: string): Locator {
    return this.card(title).getByTitle(this.sel.apps.uninstall, { exact: true });
  }
  get uninstallDialog(): Locator {
    return this.page.getByRole('dialog', { name: this.sel.uninstallDialog.title });
  }

  async goto(): Promise<void> {
    await this.page.goto(this.sel.routes.apps);
  }
  async launch(title: string): Promise<void> {
    await this.launchButton(title).click();
  }
  async start(title: string): Promise<void> {
    await this.startButton(title).click();
  }
  async stop(title: string): Promise<void> {
    await this.stopButton(title).click();
  }
  /** Uninstall icon → "Uninstall App?" → Uninstall. */
  async uninstall(title: string): Promise<void> {
    await this.uninstallButton(title).click();
    await expect(this.uninstallDialog, 'the uninstall confirmation opens').toBeVisible();
    await this.uninstallDialog.getByRole('button', { name: this.sel.uninstallDialog.confirm, exact: true }).click();
  }
  /** Uninstall icon → "Uninstall App?" → Cancel. */
  async cancelUninstall(title: string): Promise<void> {
    await this.uninstallButton(title).click();
    await this.uninstallDialog.getByRole('button', { name: this.sel.uninstallDialog.cancel, exact: true }).click();
  }
  /** §4.3: clicking a card goes to the app's details. */
  async openDetails(title: string): Promise<void> {
    const heading = this.page.getByRole('heading', { name: title, exact: true });
    const link = heading.getByRole('link');
    await ((await link.count()) > 0 ? link.first() : heading).click();
  }

  /** The badge's text: the raw package state. */
  async badgeText(title: string): Promise<string> {
    return ((await this.badge(title).textContent()) ?? '').trim();
  }
  async titles(): Promise<string[]> {
    return (await this.cards.allTextContents()).map((t) => t.trim());
  }

  async expectReady(): Promise<void> {
    await expect(this.page).toHaveURL(new RegExp(`${this.sel.routes.apps}$`));
    await expect(this.heading, 'My Apps shows its heading').toBeVisible();
    await expect(this.cards.first().or(this.emptyState), 'My Apps lists apps or says none are installed').toBeVisible();
  }
}
