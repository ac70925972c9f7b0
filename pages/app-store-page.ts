/** App Store (`/dashboard/marketplace`, archy-surface §4.3 NE Marketplace.vue): the node's installable apps with Install buttons; cards as pages/cards.ts finds them. */
import { expect, type Locator, type Page } from '@playwright/test';
import { cardOf, cardTitles, cardsOn } from './cards';
import type { DashboardSelectors } from './selectors';

export class AppStorePage {
  constructor(
    readonly page: Page,
    private readonly sel: DashboardSelectors,
  ) {}

  get heading(): Locator {
    return this.page.getByRole('heading', { level: 1, name: this.sel.store.heading, exact: true });
  }
  get cards(): Locator {
    return cardsOn(this.page);
  }
  card(title: string): Locator {
    return cardOf(this.page, title);
  }
  installButton(title: string): Locator {
    return this.card(title).getByRole('button', { name: this.sel.store.install, exact: true });
  }
  /** The card's one button, whatever it says (Install / Installing... / Already Installed). */
  cardButton(title: string): Locator {
    return this.card(title).getByRole('button');
  }
  installingBanner(id: string): Locator {
    return this.page.getByRole('status').filter({ hasText: this.sel.store.banner(id) });
  }
  get failureAlert(): Locator {
    return this.page.getByRole('alert').filter({ hasText: this.sel.store.failed });
  }

  async goto(): Promise<void> {
    await this.page.goto(this.sel.routes.marketplace);
  }
  async install(title: string): Promise<void> {
    await this.installButton(title).click();
  }

  async buttonText(title: string): Promise<string> {
    return ((await this.cardButton(title).textContent()) ?? '').trim();
  }
  async titles(): Promise<string[]> {
    return cardTitles(this.page);
  }

  /** Ready when it lists the node's apps (the heading's text is NE's and not waited for). */
  async expectReady(): Promise<void> {
    await expect(this.page).toHaveURL(new RegExp(`${this.sel.routes.marketplace}$`));
    await expect(this.cards.first(), "the App Store lists the node's apps").toBeVisible();
  }
}
