/**
 * The titles of the L4 journeys, in one place: the specs name their tests from here, and
 * scripts/dashboard-faults.ts names the journeys each dashboard fault must turn red from here.
 */
export const JOURNEY_TITLES = {
  installAndUse: (appId: string): string => `install and use ${appId} through the dashboard`,
  lifecycle: (appId: string): string => `stop, start, restart and uninstall ${appId} through the dashboard`,
  installError: 'an install the node refuses is announced in role=alert',
  pageGallery: 'every dashboard page at desktop and mobile width',
  loginFailure: 'a wrong password is refused and the dashboard stays locked',
  sessionExpiry: 'an expired session sends the user to login and back',
  sessionRestored: 'with the remember cookie the node restores an expired session',
} as const;
