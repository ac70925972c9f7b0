// The dashboard frame around every /dashboard view: main navigation (and a separate mobile one where
// the variant has it), the header with Logout or the user menu, the connection banner, the view outlet.
// Which items, where Logout sits and whether Settings is in a menu are the variant's (sim/guesses/dashboard.ts).
import { esc, tid } from '../html.js';
import { t } from '../texts.js';
import { VARIANT } from '../variant.js';

const PATHS = {
  home: { path: '/dashboard', exact: true },
  apps: { path: '/dashboard/apps' },
  marketplace: { path: '/dashboard/marketplace' },
  discover: { path: '/dashboard/discover' },
  web5: { path: '/dashboard/web5' },
  server: { path: '/dashboard/server' },
  settings: { path: '/dashboard/settings' },
};

export const NAV = VARIANT.nav.links.map((key) => ({ ...PATHS[key], key: `nav.${key}` }));

export function isCurrent(item, pathname) {
  return item.exact ? pathname === item.path : pathname === item.path || pathname.startsWith(`${item.path}/`);
}

function links(pathname) {
  return NAV.map((item) => {
    const current = isCurrent(item, pathname) ? ' aria-current="page"' : '';
    return `<a href="${item.path}" data-link${current}>${esc(t(item.key))}</a>`;
  }).join('');
}

export function renderNav(pathname) {
  return `<span class="brand">${esc(t('app.name'))}</span>${links(pathname)}`;
}

export function renderMobileNav(pathname) {
  return links(pathname);
}

const HAS_MENU = VARIANT.nav.settingsInMenu || VARIANT.logout === 'user-menu';

/** The header: a Logout button, or the user menu (Settings and/or Logout), or nothing. */
export function renderTopbar(ui) {
  const logout = `<button type="button" class="btn btn-danger" data-action="logout"${ui.loggingOut ? ' disabled' : ''}>${esc(ui.loggingOut ? t('settings.loggingOut') : t('settings.logout'))}</button>`;
  if (VARIANT.logout === 'header-button') return `<span class="topbar-fill"></span>${logout}`;
  if (!HAS_MENU) return '';
  const open = Boolean(ui.menuOpen);
  const items = [
    VARIANT.nav.settingsInMenu
      ? `<a role="menuitem" href="/dashboard/settings" data-link>${esc(t('nav.settings'))}</a>`
      : '',
    VARIANT.logout === 'user-menu'
      ? `<button type="button" role="menuitem" data-action="logout">${esc(t('settings.logout'))}</button>`
      : '',
  ].join('');
  return `<span class="topbar-fill"></span><div class="menu-wrap">
<button type="button" class="btn btn-icon" aria-haspopup="menu" aria-expanded="${open}" aria-label="${esc(t('nav.menu'))}" data-action="toggle-menu"><svg width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" aria-hidden="true"><circle cx="12" cy="8" r="4"/><path d="M4 21c1.5-4 4.5-6 8-6s6.5 2 8 6"/></svg></button>
${open ? `<div class="menu" role="menu">${items}</div>` : ''}</div>`;
}

/** Logout on the Settings page's Account section (AA 0007) where the variant puts it there. */
export const LOGOUT_IN_SETTINGS = VARIANT.logout === 'settings-account';

export function renderBanner(connected) {
  return connected
    ? ''
    : `<div role="status" class="banner banner-warn"${tid('connection-banner')}>${esc(t('connection.lost'))}</div>`;
}

const SEPARATE_MOBILE = VARIANT.mobileNav === 'separate-mobile-nav';

/** The static shell; nav, header, banner and view are filled in by the router. */
export const SHELL = `<div class="shell${SEPARATE_MOBILE ? ' shell-mobile-nav' : ''}">
  <nav class="nav"${VARIANT.navLabel ? ` aria-label="${esc(VARIANT.navLabel)}"` : ''} id="nav"></nav>
  ${SEPARATE_MOBILE ? '<nav class="mobile-nav" id="mobile-nav"></nav>' : ''}
  <div class="content"><header class="topbar" id="topbar"></header><div id="banner"></div><main id="view"></main></div>
  <div id="overlay"></div>
</div>`;
