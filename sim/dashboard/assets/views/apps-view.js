// My Apps (/dashboard/apps): a card per installed app with its raw state badge and lifecycle buttons.
import { alertBox, appDescription, appTitle, esc, lifecycleButtons, uninstallModal } from '../html.js';
import { cardElement, cardHeading, cardList, emptyState, loadingPlaceholder } from '../markup.js';
import { listedPackages } from '../fault-hooks.js';
import { packages, store } from '../store.js';
import { t } from '../texts.js';
import { appAvatar, appMeta } from './app-parts.js';

function card(id, entry, ui) {
  const title = appTitle(id, entry, store.catalogue);
  const titleId = `app-${id}-title`;
  return cardElement(
    `data-app-id="${esc(id)}"`,
    titleId,
    `
  <div class="card-head">${appAvatar(title, entry)}
    <div class="card-title">
      ${cardHeading(titleId, `<a href="/dashboard/apps/${esc(id)}" data-link>${esc(title)}</a>`)}
      <p class="desc">${esc(appDescription(entry))}</p>
    </div>
  </div>
  ${appMeta(entry)}
  <div class="actions">${lifecycleButtons(id, entry, ui.busy[id])}</div>
`,
  );
}

export function renderApps(ctx) {
  const { ui } = ctx;
  const head = `<header class="page-head"><h1>${esc(t('apps.title'))}</h1><p class="subtitle">${esc(t('apps.subtitle'))}</p></header>`;
  if (store.data === null) return `${head}${loadingPlaceholder(t('apps.loading'))}`;
  const listed = listedPackages(packages());
  const ids = Object.keys(listed).sort();
  const empty = emptyState(
    ids.length === 0,
    `<h2>${esc(t('apps.empty'))}</h2><p>${esc(t('apps.emptyHint'))}</p>
<a class="btn btn-primary" href="/dashboard/marketplace" data-link>${esc(t('apps.browse'))}</a>`,
  );
  if (ids.length === 0) return `${head}${empty}`;
  const modalId = ui.confirmUninstall;
  const modal =
    modalId && packages()[modalId]
      ? uninstallModal(modalId, appTitle(modalId, packages()[modalId], store.catalogue))
      : '';
  return `${head}${alertBox(ui.error)}${empty}${cardList(ids.map((id) => card(id, listed[id], ui)).join(''))}${modal}`;
}
