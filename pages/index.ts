/** Page objects of the dashboard and the app UIs, built for one page and one selector set. */
import type { Page } from '@playwright/test';
import { AppDetailsPage } from './app-details-page';
import { AppSessionPage } from './app-session-page';
import { AppStorePage } from './app-store-page';
import { AppsPage } from './apps-page';
import { DashboardPage } from './dashboard-page';
import { LoginPage } from './login-page';
import type { DashboardSelectors } from './selectors';

export interface DashboardPages {
  /** The selector set the page objects were built with. */
  selectors: DashboardSelectors;
  login: LoginPage;
  dashboard: DashboardPage;
  apps: AppsPage;
  store: AppStorePage;
  details: AppDetailsPage;
  session: AppSessionPage;
}

export function dashboardPages(page: Page, sel: DashboardSelectors): DashboardPages {
  return {
    selectors: sel,
    login: new LoginPage(page, sel),
    dashboard: new DashboardPage(page, sel),
    apps: new AppsPage(page, sel),
    store: new AppStorePage(page, sel),
    details: new AppDetailsPage(page, sel),
    session: new AppSessionPage(page, sel),
  };
}

export { AppDetailsPage, AppSessionPage, AppStorePage, AppsPage, DashboardPage, LoginPage };
export { AppUiPage } from './app-ui-page';
export { USE_CHECKS, useCheckFor, type UseCheck, type UseCheckContext } from './app-ui-checks';
export { SELECTORS, selectorsFor, stateText, type DashboardSelectors } from './selectors';
export type { LaunchedUi } from './app-session-page';
export type { LogoutPlace, Section } from './dashboard-page';
