/**
 * The in-dashboard app session (`/dashboard/apps/:id/session`): the app's UI in an
 * `<iframe title="<app title>">` (archy AppSession.vue), with "Open in new tab".
 */
import { expect, type FrameLocator, type Locator, type Page } from '@playwright/test';
import type { DashboardSelectors } from './selectors';

export class AppSessionPage {
  constructor(
    readonly page: Page,
    private readonly sel: DashboardSelectors,
  ) {}

  frameElement(title: string): Locator {
    return this.page.locator(`iframe[title=${JSON.stringify(this.sel.session.frameTitle(title))}]`);
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
    await expect(this.page, 'the app session route').toHaveURL(/\/dashboard\/apps\/[^/]+\/session$/);
    await expect(this.frameElement(title), `the frame titled "${title}" is shown`).toBeVisible();
  }
}
