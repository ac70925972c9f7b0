// Settings (/dashboard/settings): account section, with Logout where the variant puts it (layout.js).
import { esc } from '../html.js';
import { t } from '../texts.js';
import { LOGOUT_IN_SETTINGS } from './layout.js';

export function renderSettings(ctx) {
  const busy = ctx.ui.loggingOut;
  const logout = LOGOUT_IN_SETTINGS
    ? `<button type="button" class="btn btn-danger" data-action="logout"${busy ? ' disabled' : ''}>${esc(busy ? t('settings.loggingOut') : t('settings.logout'))}</button>`
    : `<p class="muted">${esc(t('settings.accountHint'))}</p>`;
  return `<header class="page-head"><h1>${esc(t('settings.title'))}</h1></header>
<section class="panel"><h2>${esc(t('settings.account'))}</h2>
${logout}
</section>`;
}
