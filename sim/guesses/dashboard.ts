/**
 * Guesses about the dashboard's markup and behaviour (archy-surface §4, §6). §4.3 calls the NE markup
 * it gives "historical; archy wording unverified" and §7 q2 asks for archy v1.9's markup: each choice
 * below is one the evidence allows. The dashboard reads them from /assets/variant.js
 * (sim/dashboard-files.ts); its views keep each choice in one place.
 */
import { choice, dimension, named } from './types';

/** Nav items by their texts' keys (sim/dashboard/assets/texts.js `nav.*`). */
export type NavKey = 'home' | 'apps' | 'marketplace' | 'discover' | 'web5' | 'server' | 'settings';

export interface NavChoice {
  /** Links in the navigation, in order. */
  links: readonly NavKey[];
  /** Settings reachable only through the header's user menu. */
  settingsInMenu: boolean;
}

export interface CardMarkup {
  /** The card's element: `article`, `li` (in a `ul`), or a `div` with role=listitem (in a role=list). */
  tag: 'article' | 'li' | 'div-listitem';
  /** Heading level of the app's title on a card. */
  heading: 2 | 3;
}

export interface LoginForm {
  submit: string;
  submitting: string;
  /** Where a refused login is announced (role="alert" either way, §4.2): in the form, or as a toast. */
  error: 'form' | 'toast';
}

export const DASHBOARD_MARKUP_GUESSES = {
  'nav-items': dimension<NavChoice>(
    '§4.2: Home, My Apps, App Store, Server, Settings are NE nav items ("historical"); §4.1: archy adds Discover (curatedApps.ts) and Web5, Settings holds Account (AA 0007)',
    [
      choice('ne-five', { links: ['home', 'apps', 'marketplace', 'server', 'settings'], settingsInMenu: false }),
      choice('no-server', { links: ['home', 'apps', 'marketplace', 'settings'], settingsInMenu: false }),
      choice('settings-in-menu', { links: ['home', 'apps', 'marketplace', 'server'], settingsInMenu: true }),
      choice('extra-items', {
        links: ['home', 'apps', 'marketplace', 'discover', 'web5', 'server', 'settings'],
        settingsInMenu: false,
      }),
    ],
  ),
  'mobile-nav': dimension<'one-nav' | 'separate-mobile-nav'>(
    '§4.2: Dashboard.vue mounts DashboardMobileNav beside the main navigation (AA 0007); whether it is another element is not seen',
    named('one-nav', 'separate-mobile-nav'),
  ),
  'logout-place': dimension<'settings-account' | 'header-button' | 'user-menu'>(
    '§4.1: Settings → AccountSection has Logout (AA 0007); a header button or a user menu is not excluded (the header is not seen)',
    named('settings-account', 'header-button', 'user-menu'),
  ),
  'apps-empty-state': dimension<'removed' | 'hidden'>(
    '§4.3: NE shows "No Apps Installed" when nothing is installed; whether it is removed (v-if) or kept hidden (v-show) while apps are listed is not seen',
    named('removed', 'hidden'),
  ),
  'app-card-markup': dimension<CardMarkup>(
    '§4.3: NE cards have an h3 title; archy v1.9 views/apps/* markup "is not available" (§7 q2)',
    [
      choice('article-h3', { tag: 'article', heading: 3 }),
      choice('li-h3', { tag: 'li', heading: 3 }),
      choice('listitem-h2', { tag: 'div-listitem', heading: 2 }),
    ],
  ),
  'state-badge': dimension<'raw-text' | 'css-uppercase' | 'icon-and-text'>(
    '§4.3: the NE badge text is the raw pkg.state, coloured by state; archy badge markup is not seen (§7 q2)',
    named('raw-text', 'css-uppercase', 'icon-and-text'),
  ),
  'button-markup': dimension<'button' | 'role-button'>(
    '§4.3: NE action controls are <button>s; archy v1.9 markup is not seen (§7 q2)',
    named('button', 'role-button'),
  ),
  'uninstall-control': dimension<'icon-title' | 'text-button'>(
    '§4.3: a NE card has an icon button title="Uninstall", the details page a text Uninstall; the archy card is not seen',
    named('icon-title', 'text-button'),
  ),
  'confirm-dialog': dimension<'role-dialog' | 'native-dialog' | 'alertdialog'>(
    '§4.3: Uninstall opens a NE modal "Uninstall App?"; its element and role are not seen',
    named('role-dialog', 'native-dialog', 'alertdialog'),
  ),
  'launch-opens': dimension<'app-session' | 'new-tab'>(
    '§4.4: AppSession.vue frames the app in the dashboard; the companion app opens non-HOST_FRAME_APPS with openInAppOrNewTab; NE did window.open',
    named('app-session', 'new-tab'),
  ),
  'store-companions': dimension<'listed' | 'not-listed'>(
    '§4.3/§5.2: UI companions come with their backend; whether the App Store lists them on their own is not seen',
    named('listed', 'not-listed'),
  ),
  'details-back': dimension<'text-link' | 'icon-button'>(
    '§4.3: NE details has "Back to My Apps"; the archy details page is not seen',
    named('text-link', 'icon-button'),
  ),
  'loading-placeholder': dimension<'text' | 'skeleton'>(
    '§4.3: what a list shows before the first server.get-state answers is not seen (NE: a loading text)',
    named('text', 'skeleton'),
  ),
  'state-updates': dimension<'ws-push' | 'poll'>(
    '§6: /ws/db is NE-confirmed, "the current archy WS path and message format are not confirmed"; scripts poll get-state every 5 s',
    named('ws-push', 'poll'),
  ),
  'view-updates': dimension<'re-render' | 'in-place'>(
    '§4: a Vue SPA patches the DOM in place; whether a view is rebuilt on a state change is not seen (the sim rebuilt it)',
    named('re-render', 'in-place'),
  ),
  'login-form': dimension<LoginForm>(
    '§4.2: the login button\'s label key is not seen (NE "Login" / "Logging in..."); errors show in role="alert", where is not seen',
    [
      choice('ne-login', { submit: 'Login', submitting: 'Logging in...', error: 'form' }),
      choice('log-in-toast', { submit: 'Log in', submitting: 'Logging in…', error: 'toast' }),
      choice('unlock', { submit: 'Unlock', submitting: 'Unlocking...', error: 'form' }),
    ],
  ),
  'login-empty-submit': dimension<'disabled' | 'enabled'>(
    '§4.2: the NE login button is disabled while the password is empty; the archy button is not seen (its label key neither)',
    named('disabled', 'enabled'),
  ),
  'first-visit-overlay': dimension<'none' | 'companion-intro' | 'health-toast'>(
    '§4.2: Dashboard.vue mounts CompanionIntroOverlay and HealthNotifications (toast) (AA 0007); when they show is not seen',
    named('none', 'companion-intro', 'health-toast'),
  ),
} as const;
