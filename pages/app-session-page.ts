/**
 * The in-dashboard app session (archy AppSession.vue, archy-surface §4.4): the app's UI in a frame.
 * Its route and the frame's title are guesses (§4.1 "exact path unknown"): the frame is the one a
 * user sees on the page after Launch.
 */
import { expect, type FrameLocator, type Locator, type Page } from '@playwright/test';
import type { DashboardSelectors } from './selectors';

export class AppSessionPage {
  constructor(
    readonly page: Page,
    private readonly sel: DashboardSelectors,
  ) {}

  frameElement(_title: string): Locator {
    return this.page.locator('iframe').filter({ visible: true }).first();
  }
  frame(title: string): FrameLocator {
    return this.frameElement(title).contentFrame();
  }
  get newTabLink(): Locator {
    return this.page.getByRole('link', { name: this.sel.session.newTab, exact: true });
  }

  async goto(id: string): Promise<void> {
    await this.page.goto(this.sel.routes.session(id));
  }

  /** Where the frame points (the resolved app URL). */
  async frameUrl(title: string): Promise<string> {
    return (await this.frameElement(title).getAttribute('src')) ?? '';
  }

  async expectReady(title: string): Promise<void> {
    await expect(this.frameElement(title), `the frame of ${title} is shown`).toBeVisible();
  }
}
