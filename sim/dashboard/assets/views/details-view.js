// App details (/dashboard/apps/:id): title, state badge, lifecycle buttons, information.
import { alertBox, appDescription, appTitle, appVersion, esc, lifecycleButtons, uninstallModal } from '../html.js';
import { backControl, loadingPlaceholder } from '../markup.js';
import { packageEntry, store } from '../store.js';
import { t } from '../texts.js';
import { appAvatar, appMeta } from './app-parts.js';

function info(label, value) {
  return `<dt>${esc(label)}</dt><dd>${esc(value)}</dd>`;
}

export function renderDetails(ctx) {
  const { params, query, ui } = ctx;
  const id = params.id;
  const fromStore = query.get('from') === 'marketplace';
  const back = fromStore
    ? backControl('/dashboard/marketplace', t('details.backStore'), t('details.backShort'))
    : backControl('/dashboard/apps', t('details.back'), t('details.backShort'));
  if (store.data === null) return `${back}${loadingPlaceholder(t('apps.loading'))}`;
  const entry = packageEntry(id);
  if (!entry) {
    return `${back}<section class="empty"><h1>${esc(t('details.notFound'))}</h1><p>${esc(t('details.notFoundHint'))}</p></section>`;
  }
  const title = appTitle(id, entry, store.catalogue);
  const m = entry.manifest || {};
  const progress = entry['install-progress'] && entry['install-progress'].message;
  const long = m.description && typeof m.description === 'object' ? m.description.long : '';
  const modal = ui.confirmUninstall === id ? uninstallModal(id, title) : '';
  return `${back}
<header class="details-head">${appAvatar(title, entry)}
  <div><h1>${esc(title)}</h1><p class="desc">${esc(appDescription(entry))}</p>
  ${appMeta(entry)}</div>
</header>
${alertBox(ui.error)}
<div class="actions">${lifecycleButtons(id, entry, ui.busy[id], { restart: true, uninstallText: true })}</div>
<section class="panel"><h2>${esc(t('details.about', { title }))}</h2><p>${esc(long || appDescription(entry))}</p></section>
<section class="panel"><h2>${esc(t('details.information'))}</h2><dl class="info">
${info(t('details.version'), appVersion(entry))}${info(t('details.developer'), m.author || '')}${info(t('details.status'), entry.state)}${info(t('details.health'), entry.health || '—')}${info(t('details.license'), m.license || '')}${progress ? info(t('details.progress'), progress) : ''}
</dl></section>${modal}`;
}
