/**
 * Every text and selector the page objects use, keyed by archy version (`major.minor`). archy's
 * dashboard is i18n'd and newer than the evidence in ../shared/archy-surface.md §4 (NE texts are
 * the working assumption), so adapting to a real node's wording is a change to this one map:
 * add a key for the new version (spread the previous one and override what differs).
 * Elements are found as a user finds them: roles with the visible texts §4 gives, labels; never test
 * ids, classes or accessible names only one dashboard renders (config/guesses.ts test-ids,
 * dashboard-landmarks). Each text cites its §4 source; GUESS marks what §4 does not give.
 */
import type { Locator } from '@playwright/test';
import { pickVersion } from '../config/archy-version';
import { PACKAGE_STATES } from '../lib/rpc/schemas';

/**
 * §4.3: the status badge's text is the raw `pkg.state`. The badge is the element inside `scope` whose
 * whole text is one of the states the dashboard knows, in any case (CSS may show it upper-case; an
 * icon beside the text adds no text).
 */
export function stateBadge(scope: Locator): Locator {
  return scope.getByText(new RegExp(`^\\s*(${PACKAGE_STATES.join('|')})\\s*$`, 'i')).first();
}

/** A badge text that shows `state`, in any case (the raw state, §4.3). */
export function stateText(state: string): RegExp {
  return new RegExp(`^\\s*${state}\\s*$`, 'i');
}
export interface DashboardSelectors {
  routes: {
    login: string;
    home: string;
    apps: string;
    marketplace: string;
    server: string;
    settings: string;
    details(id: string): string;
    session(id: string): string;
  };
  login: {
    /** `<label for="login-password">` text (`login.password`; its English text is not seen, §7 q2). */
    passwordLabel: RegExp;
    /** NE "Login" (§4.2: archy's label key is not seen): never used to find the button, which is the one after the password field. */
    submit: string;
    /** The message a wrong password shows (archy backend: "Password Incorrect"). */
    wrongPassword: RegExp;
  };
  nav: {
    /** Accessible name of the main navigation landmark: GUESS (config/guesses.ts dashboard-landmarks), never used to find it. */
    landmark: string;
    home: string;
    apps: string;
    marketplace: string;
    server: string;
    settings: string;
    /** Logout's accessible name (NE "Logout"; AA 0007 AccountSection): wording GUESS, matched in any case and spacing. */
    logout: RegExp;
  };
  /** Overlays a dashboard may show over the page on a first visit (§4.2 CompanionIntroOverlay, HealthNotifications): the button that closes one (GUESS). */
  overlays: { dismiss: RegExp };
  /** Connection banner shown while the node is unreachable (§4.2 ConnectionBanner; wording GUESS). */
  connectionBanner: { text: RegExp };
  apps: {
    heading: string;
    empty: string;
    launch: string;
    start: string;
    stop: string;
    restart: string;
    /** The icon button's title / accessible name. */
    uninstall: string;
  };
  uninstallDialog: { title: string; cancel: string; confirm: string };
  store: {
    heading: string;
    install: string;
    installing: string;
    installed: string;
    banner(id: string): string;
    /** The alert shown when package.install is refused. */
    failed: RegExp;
  };
  details: { notFound: string; back: string };
  session: {
    /** The in-dashboard frame is an `<iframe title="<app title>">`. */
    frameTitle(appTitle: string): string;
    newTab: string;
  };
  settings: { heading: string };
  server: { heading: string };
  appUi: {
    /** A labelled value on an app's UI page (`<dt>label</dt><dd>value</dd>`). GUESS for real app UIs. */
    valueAfterLabel(label: string): string;
  };
}

const V1_9: DashboardSelectors = {
  routes: {
    login: '/login',
    home: '/dashboard',
    apps: '/dashboard/apps',
    marketplace: '/dashboard/marketplace',
    server: '/dashboard/server',
    settings: '/dashboard/settings',
    details: (id) => `/dashboard/apps/${encodeURIComponent(id)}`,
    session: (id) => `/dashboard/apps/${encodeURIComponent(id)}/session`, // GUESS (archy-surface §4.1 AppSession)
  },
  login: {
    passwordLabel: /^\s*password\s*$/i,
    submit: 'Login', // §4.2 NE text; GUESS (config/guesses.ts login-form)
    wrongPassword: /Password Incorrect/i,
  },
  nav: {
    landmark: 'Main navigation', // GUESS (config/guesses.ts dashboard-landmarks)
    home: 'Home', // §4.2 NE nav items
    apps: 'My Apps',
    marketplace: 'App Store',
    server: 'Server',
    settings: 'Settings',
    logout: /^\s*(log\s*out|sign\s*out)\s*$/i,
  },
  overlays: { dismiss: /^\s*(got it|dismiss|close|skip|not now|ok|continue)\s*$/i },
  connectionBanner: { text: /connection .*lost|offline|reconnect/i },
  apps: {
    heading: 'My Apps',
    empty: 'No Apps Installed',
    launch: 'Launch',
    start: 'Start',
    stop: 'Stop',
    restart: 'Restart',
    uninstall: 'Uninstall', // §4.3 NE title="Uninstall"
  },
  uninstallDialog: { title: 'Uninstall App?', cancel: 'Cancel', confirm: 'Uninstall' },
  store: {
    heading: 'App Store',
    install: 'Install',
    installing: 'Installing...',
    installed: 'Already Installed',
    banner: (id) => `Installing ${id}...`,
    failed: /Installation Failed/i,
  },
  details: { notFound: 'App Not Found', back: 'Back to My Apps' },
  session: { frameTitle: (title) => title, newTab: 'Open in new tab' },
  settings: { heading: 'Settings' },
  server: { heading: 'Server' },
  appUi: {
    valueAfterLabel: (label) => `xpath=//*[normalize-space(text())=${JSON.stringify(label)}]/following-sibling::*[1]`,
  },
};

/** Known versions, newest last (keys as config/archy-version.ts parses them). */
export const SELECTORS: Readonly<Record<string, DashboardSelectors>> = {
  '1.9': V1_9,
};

/**
 * Selectors for a node's version: its `major.minor` entry, else the newest known entry older than
 * it, else the fallback (config/archy-version.ts). `chosen` says which entry was used (for the report).
 */
export function selectorsFor(version: string | undefined | null): { selectors: DashboardSelectors; chosen: string } {
  const { value, chosen } = pickVersion(SELECTORS, version);
  return { selectors: value, chosen };
}
