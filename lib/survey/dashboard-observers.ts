/**
 * How the survey (and a guessed check that failed) reads the dashboard's choices where archy-surface
 * §4 is silent (config/guesses.ts nav-items, logout-place, apps-empty-state, state-badge, launch-opens,
 * login-empty-submit).
 * Read-only: it opens pages, menus and an app's UI, never clicks Logout or a lifecycle button. Each
 * answers in the catalogue's words (the sim's choice names, sim/guesses/dashboard.ts) where the node
 * matches one of them, else with what it saw.
 */
import { APPS, type AppEntry } from '../../config/apps';
import type { DashboardPages, DashboardSelectors, LoginPage } from '../../pages';
import type { Observation } from './observers';

const UNSEEN = (detail: string): Observation => ({ observed: null, detail });
const READY_MS = 15_000;

export interface NavReading {
  /** The visible navigation's link texts, in order. */
  nav: string[];
  /** The user menu's items (empty without a menu). */
  menu: string[];
}

export async function readNav(ui: DashboardPages): Promise<NavReading> {
  const nav = await ui.dashboard.navItems();
  let menu: string[] = [];
  if (await ui.dashboard.openUserMenu()) {
    menu = (await ui.dashboard.page.getByRole('menuitem').allTextContents()).map((t) => t.trim()).filter(Boolean);
    await ui.dashboard.page.keyboard.press('Escape');
  }
  return { nav, menu };
}

/** The nav-items choice a reading shows: NE's five, no Server, Settings in the menu, more items; else the items. */
export function navChoice(r: NavReading, sel: DashboardSelectors): string {
  const ne = [sel.nav.home, sel.nav.apps, sel.nav.marketplace, sel.nav.server, sel.nav.settings];
  const shown = new Set(r.nav);
  const exactly = (items: string[]): boolean => items.length === shown.size && items.every((x) => shown.has(x));
  if (exactly(ne)) return 'ne-five';
  if (exactly(ne.filter((x) => x !== sel.nav.server))) return 'no-server';
  if (exactly(ne.filter((x) => x !== sel.nav.settings)) && r.menu.includes(sel.nav.settings)) return 'settings-in-menu';
  if (ne.every((x) => shown.has(x))) return 'extra-items';
  return r.nav.join(',') + (r.menu.length ? ` (menu: ${r.menu.join(',')})` : '');
}

function navDetail(r: NavReading): string {
  return `navigation: ${r.nav.join(', ') || '(none)'}${r.menu.length ? `; user menu: ${r.menu.join(', ')}` : ''}`;
}

async function onDashboard(ui: DashboardPages): Promise<void> {
  await ui.dashboard.goto();
  await ui.dashboard.expectReady();
}

export async function observeNavItems(ui: DashboardPages, sel: DashboardSelectors): Promise<Observation> {
  await onDashboard(ui);
  const reading = await readNav(ui);
  return { observed: navChoice(reading, sel), detail: navDetail(reading) };
}

export async function observeLogoutPlace(ui: DashboardPages): Promise<Observation> {
  await onDashboard(ui);
  const place = await ui.dashboard.revealLogout();
  await ui.dashboard.page.keyboard.press('Escape');
  return place ? { observed: place } : UNSEEN('no Logout in the header, a user menu or Settings');
}

/** A running app with a UI whose card My Apps shows, File Browser first (baseline, nothing depends on it). */
function runningWithUi(entries: Record<string, { state?: unknown } | undefined>): AppEntry | undefined {
  return APPS.filter((a) => a.ui && entries[a.id]?.state === 'running').sort(
    (a, b) => Number(b.id === 'filebrowser') - Number(a.id === 'filebrowser'),
  )[0];
}

async function onMyApps(ui: DashboardPages, title?: string): Promise<void> {
  await ui.apps.goto();
  await ui.apps.expectReady(title);
}

export async function observeEmptyState(ui: DashboardPages, sel: DashboardSelectors): Promise<Observation> {
  await onMyApps(ui);
  if ((await ui.apps.cards.count()) === 0) return UNSEEN('no app is installed: the empty state shows as it should');
  const copies = await ui.apps.page.getByText(sel.apps.empty, { exact: true }).count();
  return {
    observed: copies === 0 ? 'removed' : 'hidden',
    detail: `${copies} element(s) with "${sel.apps.empty}" while ${await ui.apps.cards.count()} cards are listed`,
  };
}

export async function observeStateBadge(
  ui: DashboardPages,
  entries: Record<string, { state?: unknown } | undefined>,
): Promise<Observation> {
  const app = APPS.find((a) => entries[a.id]?.state === 'running');
  if (!app) return UNSEEN('no app runs');
  await onMyApps(ui, app.title);
  const badge = ui.apps.badge(app.title);
  await badge.waitFor({ timeout: READY_MS });
  const seen = await badge.evaluate((el) => ({
    text: (el.textContent ?? '').trim(),
    shown: ((el as HTMLElement).innerText ?? '').trim(),
    icon: el.querySelector('svg, img') !== null,
  }));
  const recased = seen.shown === seen.text.toUpperCase() ? 'css-uppercase' : 'css-changed-case';
  return {
    observed: seen.icon ? 'icon-and-text' : seen.shown !== seen.text ? recased : 'raw-text',
    detail: `${app.id}: text "${seen.text}", shown "${seen.shown}"${seen.icon ? ', with an icon' : ''}`,
  };
}

export async function observeLaunchOpens(
  ui: DashboardPages,
  entries: Record<string, { state?: unknown } | undefined>,
): Promise<Observation> {
  const app = runningWithUi(entries);
  if (!app) return UNSEEN('no app with a UI runs');
  await onMyApps(ui, app.title);
  if (!(await ui.apps.launchButton(app.title).isVisible())) return UNSEEN(`${app.title}'s card shows no Launch`);
  const opened = await ui.session.openedBy(app.title, () => ui.apps.launch(app.title));
  if (opened.how === 'new-tab') await opened.root.close();
  return { observed: opened.how, detail: `Launch of ${app.id}` };
}

/** The login button while the password is empty, on a login page without a session (never submits). */
export async function observeEmptySubmit(login: LoginPage): Promise<Observation> {
  await login.goto();
  await login.expectReady();
  await login.passwordInput.fill('');
  const disabled = await login.submitButton.isDisabled();
  const label = ((await login.submitButton.textContent()) ?? '').trim();
  return {
    observed: disabled ? 'disabled' : 'enabled',
    detail: `the button after the empty password field ("${label}") is ${disabled ? 'disabled' : 'enabled'}`,
  };
}
