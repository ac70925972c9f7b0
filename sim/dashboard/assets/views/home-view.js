// Home (/dashboard): greeting with the node's name and a summary of its apps.
import { esc, tid } from '../html.js';
import { packages, store } from '../store.js';
import { t } from '../texts.js';

export function renderHome() {
  const entries = Object.values(packages());
  const running = entries.filter((e) => e.state === 'running').length;
  const name = store.hostname || t('app.name');
  return `<header class="page-head"><h1>${esc(t('home.title'))}</h1><p class="subtitle">${esc(t('home.welcome', { name }))}</p></header>
<div class="stats">
  <div class="stat panel"><span class="stat-label">${esc(t('home.installed'))}</span><span class="stat-value"${tid('installed-count')}>${store.data ? entries.length : '—'}</span></div>
  <div class="stat panel"><span class="stat-label">${esc(t('home.running'))}</span><span class="stat-value"${tid('running-count')}>${store.data ? running : '—'}</span></div>
</div>
<p><a class="btn btn-primary" href="/dashboard/marketplace" data-link>${esc(t('home.browse'))}</a></p>`;
}
