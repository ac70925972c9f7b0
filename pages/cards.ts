/**
 * App cards as every rendering the evidence allows (archy-surface §4.3; §7 q2: archy's markup is not
 * seen): an `<article>`, an `<li>` or a `role="listitem"`, holding its title as a heading of any level.
 * Hidden elements (a kept-but-hidden v-show) are never cards; skeleton placeholders have no heading.
 */
import type { Locator, Page } from '@playwright/test';

/** The cards on the page's main region: visible articles / list items that hold a heading. */
export function cardsOn(page: Page): Locator {
  return page
    .getByRole('main')
    .locator('article, li, [role="listitem"]')
    .filter({ visible: true })
    .filter({ has: page.getByRole('heading') });
}

/** The card whose heading is `title`. */
export function cardOf(page: Page, title: string): Locator {
  return cardsOn(page).filter({ has: page.getByRole('heading', { name: title, exact: true }) });
}

/** The title of each card (its first heading), in page order. */
export async function cardTitles(page: Page): Promise<string[]> {
  const titles: string[] = [];
  for (const card of await cardsOn(page).all())
    titles.push(((await card.getByRole('heading').first().textContent()) ?? '').trim());
  return titles;
}

/** The uninstall confirmation as a `<dialog>`, role=dialog or role=alertdialog: the visible one holding `confirm`. */
export function confirmDialog(page: Page, confirm: string): Locator {
  return page
    .getByRole('dialog')
    .or(page.getByRole('alertdialog'))
    .filter({ visible: true })
    .filter({ has: page.getByRole('button', { name: confirm, exact: true }) });
}
