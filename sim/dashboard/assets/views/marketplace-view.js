// App Store (/dashboard/marketplace): the node's installable apps (marketplace.list) with Install buttons.
import { alertBox, avatar, esc, tid } from '../html.js';
import { actionButton, cardElement, cardHeading, cardList, loadingPlaceholder } from '../markup.js';
import { storeSaysInstalled } from '../fault-hooks.js';
import { packageEntry, store } from '../store.js';
import { t } from '../texts.js';

function installButton(id) {
  const entry = packageEntry(id);
  if (store.installing.has(id) || (entry && entry.state === 'installing'))
    return actionButton('btn-primary', '', esc(t('marketplace.installing')), true);
  if (storeSaysInstalled(entry)) return actionButton('', '', esc(t('marketplace.installed')), true);
  return actionButton(
    'btn-primary',
    `data-action="install" data-id="${esc(id)}"`,
    esc(t('marketplace.install')),
    false,
  );
}

function card(app) {
  const titleId = `store-${app.id}-title`;
  return cardElement(
    `data-app-id="${esc(app.id)}"`,
    titleId,
    `
  <div class="card-head">${avatar(app.title, app.icon)}
    <div class="card-title">
      ${cardHeading(titleId, esc(app.title))}
      <p class="desc">${esc(app.description || '')}</p>
    </div>
  </div>
  <div class="meta">${app.version ? `<span class="version">${esc(t('apps.version', { version: app.version }))}</span>` : ''}</div>
  <div class="actions">${installButton(app.id)}</div>
`,
  );
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
  if (!store.catalogue || store.data === null) return `${head}${loadingPlaceholder(t('marketplace.loading'))}`;
  const failure = ui.installError ? alertBox(t('marketplace.failed', { message: ui.installError })) : '';
  return `${head}${banners()}${failure}${cardList(store.catalogue.map(card).join(''))}`;
}
