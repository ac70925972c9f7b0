/**
 * My Apps (`/dashboard/apps`, archy-surface §4.3 NE Apps.vue): a card per installed app with its
 * title heading, a status badge whose text is the raw package state, Launch / Start / Stop and an
 * Uninstall control (NE: an icon button titled "Uninstall"). Cards, buttons and the dialog are found
 * in every rendering the evidence allows (pages/cards.ts); the page's heading and the empty state's
 * text are NE's and are not what readiness waits for.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import { cardOf, cardTitles, cardsOn, confirmDialog } from './cards';
import { stateBadge, type DashboardSelectors } from './selectors';

export class AppsPage {
  constructor(
    readonly page: Page,
    private readonly sel: DashboardSelectors,
  ) {}

  get heading(): Locator {
    return this.page.getByRole('heading', { level: 1, name: this.sel.apps.heading, exact: true });
  }
  /** "No Apps Installed" as a user sees it: a copy kept hidden in the DOM (v-show) is not it. */
  get emptyState(): Locator {
    return this.page.getByText(this.sel.apps.empty, { exact: true }).filter({ visible: true });
  }
  /** One element per card (pages/cards.ts). */
  get cards(): Locator {
    return cardsOn(this.page);
  }
  /** The card of an app: the card holding its title heading. */
  card(title: string): Locator {
    return cardOf(this.page, title);
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
  /** NE's icon button titled "Uninstall" or a text button: its accessible name either way. */
  uninstallButton(title: string): Locator {
    return this.card(title).getByRole('button', { name: this.sel.apps.uninstall, exact: true });
  }
  get uninstallDialog(): Locator {
    return confirmDialog(this.page, this.sel.uninstallDialog.confirm);
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
    return cardTitles(this.page);
  }

  /**
   * Ready for what the journey does next: the card of `title` when it names one, else the list as
   * loaded (a card, or the visible empty state; a loading text or skeleton is neither).
   */
  async expectReady(title?: string): Promise<void> {
    await expect(this.page).toHaveURL(new RegExp(`${this.sel.routes.apps}$`));
    if (title) await expect(this.card(title), `My Apps shows the card of ${title}`).toBeVisible();
    else
      await expect(
        this.cards.first().or(this.emptyState),
        'My Apps lists apps or says none are installed',
      ).toBeVisible();
  }
}
