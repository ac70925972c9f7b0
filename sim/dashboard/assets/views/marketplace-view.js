// App Store (/dashboard/marketplace): the node's installable apps (marketplace.list) with Install buttons.
import { alertBox, avatar, esc, tid } from '../html.js';
import { packageEntry, store } from '../store.js';
import { t } from '../texts.js';

function installButton(id) {
  const entry = packageEntry(id);
  if (store.installing.has(id) || (entry && entry.state === 'installing')) {
    return `<button type="button" class="btn btn-primary" disabled>${esc(t('marketplace.installing'))}</button>`;
  }
  if (entry) return `<button type="button" class="btn" disabled>${esc(t('marketplace.installed'))}</button>`;
  return `<button type="button" class="btn btn-primary" data-action="install" data-id="${esc(id)}">${esc(t('marketplace.install'))}</button>`;
}

function card(app) {
  return `<article class="card store-card" data-app-id="${esc(app.id)}" aria-labelledby="store-${esc(app.id)}-title">
  <div class="card-head">${avatar(app.title, app.icon)}
    <div class="card-title">
      <h3 id="store-${esc(app.id)}-title">${esc(app.title)}</h3>
      <p class="desc">${esc(app.description || '')}</p>
    </div>
  </div>
  <div class="meta">${app.version ? `<span class="version">${esc(t('apps.version', { version: app.version }))}</span>` : ''}</div>
  <div class="actions">${installButton(app.id)}</div>
</article>`;
}

function banners() {
  const ids = new Set([...store.installing.keys()]);
  return [...ids]
    .sort()
    .map(
      (id) =>
        `<div role="status" class="banner banner-info"${tid('install-banner')}>${esc(t('marketplace.banner', { id }))}</div>`,
    )
    .join('');
}

export function renderMarketplace(ctx) {
  const { ui } = ctx;
  const head = `<header class="page-head"><h1>${esc(t('marketplace.title'))}</h1><p class="subtitle">${esc(t('marketplace.subtitle'))}</p></header>`;
  if (store.catalogueError && !store.catalogue)
    return `${head}${alertBox(t('marketplace.unavailable', { message: store.catalogueError }))}`;
  if (!store.catalogue || store.data === null) return `${head}<p class="muted">${esc(t('marketplace.loading'))}</p>`;
  const failure = ui.installError ? alertBox(t('marketplace.failed', { message: ui.installError })) : '';
  return `${head}${banners()}${failure}<div class="grid">${store.catalogue.map(card).join('')}</div>`;
}
