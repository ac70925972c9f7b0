/**
 * Getting a journey onto the dashboard. A node allows 5 logins a minute per client (archy-surface
 * §1.7; a real node does not scale that minute), so journeys do not each log in through the page:
 * they open the dashboard with the session the setup project stored (storageState), and only when
 * that session is not accepted do they log in through the login page. The journey that tests logging
 * in (page-gallery's login page, login-failure) uses `loginThroughUi` itself. The node's profile is the
 * worker fixture `nodeProfile` (fixtures/node.ts), passed in: the guessed checks compare against it.
 */
import { expect, journeyTest } from '../../fixtures';
import type { NodeProfile } from '../../config/profiles';
import type { NodeConfig } from '../../config/nodes';
import { navChoice, readNav } from '../../lib/survey/dashboard-observers';
import { guessedCheck } from '../../lib/guesses/guessed-check';
import type { DashboardPages } from '../../pages';
import { submitLogin } from './login-limiter';

/** What a journey's login needs of its node: the name for messages, the time-scale for the login limiter's window. */
export type JourneyNode = Pick<NodeConfig, 'name' | 'timeScale'>;

/**
 * The navigation's accessible name is a guess (config/guesses.ts dashboard-landmarks): it is never used
 * to find the navigation, and checked only where the node's profile records what the node names it.
 */
async function checkLandmark(ui: DashboardPages, node: string, profile: NodeProfile | null): Promise<void> {
  await guessedCheck(
    journeyTest.info(),
    profile,
    'dashboard-landmarks',
    async (seen) => {
      const name = await ui.dashboard.landmarkName();
      if (name !== seen)
        throw new Error(`[node ${node}] dashboard: the navigation is named "${name}", the profile says "${seen}"`);
    },
    () => ui.dashboard.landmarkName(),
  );
}

/**
 * Which items the navigation shows is a guess (§4.2 gives NE's five; config/guesses.ts nav-items):
 * checked only where the node's profile records them.
 */
async function checkNavItems(ui: DashboardPages, node: string, profile: NodeProfile | null): Promise<void> {
  const now = async (): Promise<string> => navChoice(await readNav(ui), ui.selectors);
  await guessedCheck(
    journeyTest.info(),
    profile,
    'nav-items',
    async (seen) => {
      const shown = await now();
      if (shown !== seen)
        throw new Error(`[node ${node}] dashboard: the navigation shows ${shown}, the profile says ${seen}`);
    },
    now,
  );
}

/** Logging in through the login page as a user does, failing with what the page says when it refuses. */
export async function loginThroughUi(
  ui: DashboardPages,
  password: string,
  node: JourneyNode,
  profile: NodeProfile | null,
): Promise<void> {
  await ui.login.page.context().clearCookies();
  await ui.login.goto();
  await ui.login.expectReady();
  await submitLogin(ui.login.page, node.timeScale, 'the password', () => ui.login.login(password));
  await expect(
    ui.dashboard.navigation.or(ui.login.errorAlert),
    'after login: the dashboard, or an error on the login page',
  ).toBeVisible();
  if (await ui.login.errorAlert.isVisible())
    throw new Error(`login refused: the login page says "${await ui.login.errorText()}"`);
  await ui.dashboard.expectReady();
  await checkLandmark(ui, node.name, profile);
  await checkNavItems(ui, node.name, profile);
}

/** Opens the dashboard with the stored session; logs in through the page only if the guard sends the user to /login. */
export async function openDashboard(
  ui: DashboardPages,
  password: string,
  node: JourneyNode,
  profile: NodeProfile | null,
): Promise<'stored session' | 'logged in'> {
  await ui.dashboard.goto();
  await expect(
    ui.dashboard.navigation.or(ui.login.passwordInput),
    'the dashboard, or the login page the guard sends to',
  ).toBeVisible();
  if (await ui.login.passwordInput.isVisible()) {
    await loginThroughUi(ui, password, node, profile);
    return 'logged in';
  }
  await ui.dashboard.expectReady();
  await checkLandmark(ui, node.name, profile);
  await checkNavItems(ui, node.name, profile);
  return 'stored session';
}
