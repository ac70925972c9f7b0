// Server (/dashboard/server): the node's identity and version.
import { esc, tid } from '../html.js';
import { packages, store } from '../store.js';
import { t } from '../texts.js';

export function renderServer() {
  const info = (store.data && store.data['server-info']) || {};
  const row = (label, value, testid) => `<dt>${esc(label)}</dt><dd${tid(testid)}>${esc(value ?? '—')}</dd>`;
  return `<header class="page-head"><h1>${esc(t('server.title'))}</h1></header>
<section class="panel"><dl class="info">
${row(t('server.hostname'), store.hostname, 'server-hostname')}${row(t('server.version'), info.version, 'server-version')}${row(t('server.id'), info.id, 'server-id')}${row(t('server.apps'), store.data ? Object.keys(packages()).length : null, 'server-apps')}
</dl></section>`;
}
