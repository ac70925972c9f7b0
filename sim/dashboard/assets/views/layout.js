// The dashboard frame around every /dashboard view: main navigation, connection banner, view outlet.
import { esc, tid } from '../html.js';
import { t } from '../texts.js';
import { VARIANT } from '../variant.js';

export const NAV = [
  { path: '/dashboard', key: 'nav.home', exact: true },
  { path: '/dashboard/apps', key: 'nav.apps' },
  { path: '/dashboard/marketplace', key: 'nav.marketplace' },
  { path: '/dashboard/server', key: 'nav.server' },
  { path: '/dashboard/settings', key: 'nav.settings' },
];

export function isCurrent(item, pathname) {
  return item.exact ? pathname === item.path : pathname === item.path || pathname.startsWith(`${item.path}/`);
}

export function renderNav(pathname) {
  const links = NAV.map((item) => {
    const current = isCurrent(item, pathname) ? ' aria-current="page"' : '';
    return `<a href="${item.path}" data-link${current}>${esc(t(item.key))}</a>`;
  }).join('');
  return `<span class="brand">${esc(t('app.name'))}</span>${links}`;
}

export function renderBanner(connected) {
  return connected
    ? ''
    : `<div role="status" class="banner banner-warn"${tid('connection-banner')}>${esc(t('connection.lost'))}</div>`;
}

/** The static shell; nav, banner and view are filled in by the router. */
export const SHELL = `<div class="shell">
  <nav class="nav"${VARIANT.navLabel ? ` aria-label="${esc(VARIANT.navLabel)}"` : ''} id="nav"></nav>
  <div class="content"><div id="banner"></div><main id="view"></main></div>
</div>`;
