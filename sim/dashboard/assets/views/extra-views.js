// Nav items some archy dashboards have beside NE's five (nav-items=extra-items, sim/guesses/dashboard.ts):
// Discover (archy views/discover/curatedApps.ts) and Web5 (Web5.vue), archy-surface §4.1.
import { esc } from '../html.js';
import { t } from '../texts.js';

export function renderDiscover() {
  return `<header class="page-head"><h1>${esc(t('discover.title'))}</h1><p class="subtitle">${esc(t('discover.subtitle'))}</p></header>
<section class="panel"><p><a class="btn btn-primary" href="/dashboard/marketplace" data-link>${esc(t('home.browse'))}</a></p></section>`;
}

export function renderWeb5() {
  return `<header class="page-head"><h1>${esc(t('web5.title'))}</h1><p class="subtitle">${esc(t('web5.subtitle'))}</p></header>`;
}
