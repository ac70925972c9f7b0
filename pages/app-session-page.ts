/**
 * Where Launch puts an app's UI (archy-surface §4.4): the in-dashboard App Session (AppSession.vue: the
 * app in a frame) or a new tab (the companion app's openInAppOrNewTab; NE's window.open). Which one a
 * node does is a guess (config/guesses.ts launch-opens): `openedBy` takes whichever appears. The
 * session's route and the frame's title are guesses too (§4.1 "exact path unknown"): the frame is the
 * one a user sees on the page after Launch.
 */
import { expect, type FrameLocator, type Locator, type Page } from '@playwright/test';
import type { DashboardSelectors } from './selectors';

const OPEN_TIMEOUT_MS = 15_000;

/** What Launch opened: the dashboard's frame, or a tab of its own. */
export type LaunchedUi = { how: 'app-session'; root: FrameLocator } | { how: 'new-tab'; root: Page };

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

  /**
   * Runs `launch` (a click on Launch) and returns the app's UI where it appeared: a new tab of this
   * browser context, or the frame on this page.
   */
  async openedBy(title: string, launch: () => Promise<void>): Promise<LaunchedUi> {
    const context = this.page.context();
    let tab: Page | null = null;
    const onPage = (p: Page): void => {
      tab = p;
    };
    context.on('page', onPage);
    try {
      await launch();
      await expect
        .poll(async () => tab !== null || (await this.frameElement(title).isVisible()), {
          message: `Launch of ${title} opened neither a tab nor the in-dashboard frame`,
          timeout: OPEN_TIMEOUT_MS,
        })
        .toBe(true);
    } finally {
      context.off('page', onPage);
    }
    const opened = tab as Page | null;
    if (opened) {
      await opened.waitForLoadState('domcontentloaded');
      return { how: 'new-tab', root: opened };
    }
    return { how: 'app-session', root: this.frame(title) };
  }

  async expectReady(title: string): Promise<void> {
    await expect(this.frameElement(title), `the frame of ${title} is shown`).toBeVisible();
  }
}
