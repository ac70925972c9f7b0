// Settings (/dashboard/settings): account section with Logout.
import { esc } from '../html.js';
import { t } from '../texts.js';

export function renderSettings(ctx) {
  const busy = ctx.ui.loggingOut;
  return `<header class="page-head"><h1>${esc(t('settings.title'))}</h1></header>
<section class="panel"><h2>${esc(t('settings.account'))}</h2>
<button type="button" class="btn btn-danger" data-action="logout"${busy ? ' disabled' : ''}>${esc(busy ? t('settings.loggingOut') : t('settings.logout'))}</button>
</section>`;
}
