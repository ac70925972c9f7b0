/**
 * The dashboard faults of sim/faults.ts (issue 24, `ownedBy: 'dashboard'`) and login-ui-broken, with the
 * L4 journeys each must turn red (journeys/support/titles.ts), for scripts/fault-matrix.ts. Every other
 * journey stays green. `npm run fault-matrix -- --grep @L4` runs just these against the journeys.
 */
import { JOURNEY_APPS } from '../journeys/support/journey-apps';
import { JOURNEY_TITLES } from '../journeys/support/titles';
import type { Variant } from '../sim/guesses';

const installAndUse = JOURNEY_APPS.map((a) => JOURNEY_TITLES.installAndUse(a.id));
const companionInstallAndUse = JOURNEY_APPS.filter((a) => a.companionOf !== undefined).map((a) =>
  JOURNEY_TITLES.installAndUse(a.id),
);
const lifecycle = JOURNEY_APPS.map((a) => JOURNEY_TITLES.lifecycle(a.id));

export const DASHBOARD_FAULT_EXPECTATIONS: Record<string, string[]> = {
  // The journeys that log in through the page: the gallery (its first viewport), login-failure (a wrong
  // password must be announced as such, not as an unreachable node) and session-expiry, whose private
  // sim is the run's node (its variant and its faults: SIM_FAULTS reaches it); its first test stops at
  // the login, and the serial describe then skips the second. The other journeys use the stored session.
  'login-ui-broken': [JOURNEY_TITLES.pageGallery, JOURNEY_TITLES.loginFailure, JOURNEY_TITLES.sessionExpiry],
  // The badge is judged after install (install-and-use), after each action (lifecycle) and in the gallery.
  'ui-badge-lies': [...installAndUse, ...lifecycle, JOURNEY_TITLES.pageGallery],
  'ui-stop-sends-nothing': lifecycle,
  'ui-start-sends-other-id': lifecycle,
  'ui-card-stays-after-uninstall': lifecycle,
  // A new app is missing from My Apps after its install, an uninstalled one stays.
  'ui-list-needs-reload': [...installAndUse, ...lifecycle],
  'ui-launch-opens-other-app': [...installAndUse, JOURNEY_TITLES.pageGallery],
  'ui-store-says-installed': [...installAndUse, JOURNEY_TITLES.installError],
  'ui-install-error-swallowed': [JOURNEY_TITLES.installError],
};

/**
 * Faults a journey meets only when it installs through the App Store: its Install button, and the new
 * card My Apps must show without a reload.
 */
const STORE_INSTALL_FAULTS: ReadonlySet<string> = new Set(['ui-list-needs-reload', 'ui-store-says-installed']);

/**
 * The journeys a dashboard fault must turn red on this variant of the sim. Where the App Store does not
 * list the UI companions (guess `store-companions=not-listed`), a companion's install-and-use journey
 * finds it brought by its backend and judges it by its card, its state and Launch
 * (journeys/install-and-use.spec.ts): it never clicks Install nor waits for a new card, so the faults
 * of STORE_INSTALL_FAULTS cannot reach it. Its backend's own journey still meets them.
 */
export function dashboardFaultExpectation(fault: string, variant: Variant): string[] | undefined {
  const all = DASHBOARD_FAULT_EXPECTATIONS[fault];
  if (all === undefined || variant.choices['store-companions'] !== 'not-listed' || !STORE_INSTALL_FAULTS.has(fault))
    return all;
  return all.filter((title) => !companionInstallAndUse.includes(title));
}
