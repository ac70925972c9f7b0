// App session (/dashboard/apps/:id/session): the app's UI in an in-dashboard frame.
import { resolveAppUrl } from '../launch.js';
import { appTitle, esc } from '../html.js';
import { packageEntry, store } from '../store.js';
import { t } from '../texts.js';

export function renderSession(ctx) {
  const id = ctx.params.id;
  if (store.data === null) return `<p class="muted">${esc(t('apps.loading'))}</p>`;
  const entry = packageEntry(id);
  const title = appTitle(id, entry, store.catalogue);
  const back = `<a class="back" href="/dashboard/apps/${esc(id)}" data-link>&larr; ${esc(t('session.back', { title }))}</a>`;
  if (!entry)
    return `${back}<section class="empty"><h1>${esc(t('details.notFound'))}</h1><p>${esc(t('details.notFoundHint'))}</p></section>`;
  const url = resolveAppUrl(id);
  if (!url) return `${back}<p class="muted">${esc(t('session.noUi', { title }))}</p>`;
  if (entry.state !== 'running')
    return `${back}<p class="muted" role="status">${esc(t('session.starting', { title }))}</p>`;
  return `<div class="session-bar">${back}<strong class="session-title">${esc(title)}</strong>
<a class="btn" href="${esc(url)}" target="_blank" rel="noopener">${esc(t('session.newTab'))}</a></div>
<iframe class="app-frame" title="${esc(title)}" src="${esc(url)}"></iframe>`;
}
