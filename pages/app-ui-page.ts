/**
 * An app's own UI, in the dashboard's frame or in its own tab: title heading, labelled values
 * (block height, server version, …), and the marker text a healthy page shows.
 */
import { expect, type FrameLocator, type Locator, type Page } from '@playwright/test';
import type { DashboardSelectors } from './selectors';

export class AppUiPage {
  /** `root` is the frame of the app session, or the page of a new tab. */
  constructor(
    readonly root: FrameLocator | Page,
    private readonly sel: DashboardSelectors,
  ) {}

  get heading(): Locator {
    return this.root.getByRole('heading', { level: 1 });
  }
  get body(): Locator {
    return this.root.locator('body');
  }
  /** The value shown right after a label (`<dt>label</dt><dd>value</dd>`, a table row, two spans). */
  value(label: string): Locator {
    return this.root.locator(this.sel.appUi.valueAfterLabel(label));
  }

  async valueText(label: string): Promise<string> {
    return ((await this.value(label).textContent()) ?? '').trim();
  }
  async valueNumber(label: string): Promise<number> {
    const text = await this.valueText(label);
    const n = Number(text.replace(/[,\s]/g, ''));
    if (!Number.isFinite(n)) throw new Error(`"${label}" shows "${text}", not a number`);
    return n;
  }

  /** Ready = the page shows the app's marker text (config/apps.ts `ui.marker`) and a heading. */
  async expectReady(marker: string): Promise<void> {
    await expect(this.body, `the app UI shows "${marker}"`).toContainText(marker, { ignoreCase: true });
    await expect(this.heading, 'the app UI has a heading').toBeVisible();
  }
}
