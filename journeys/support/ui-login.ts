/** Logging in through the login page as a user does, failing with what the page says when it refuses. */
import { expect } from '../../fixtures';
import type { DashboardPages } from '../../pages';

export async function loginThroughUi(ui: DashboardPages, password: string): Promise<void> {
  await ui.login.page.context().clearCookies();
  await ui.login.goto();
  await ui.login.expectReady();
  await ui.login.login(password);
  await expect(ui.dashboard.navigation.or(ui.login.errorAlert), 'after login: the dashboard, or an error on the login page').toBeVisible();
  if (await ui.login.errorAlert.isVisible()) throw new Error(`login refused: the login page says "${await ui.login.errorText()}"`);
  await ui.dashboard.expectReady();
}
