// Small helpers for building view markup as strings (every value escaped).
import { hasUi } from './launch.js';
import { t } from './texts.js';
import { VARIANT } from './variant.js';

/** ` data-testid="…"` where this node renders test ids (the sim's guess test-ids), else nothing. */
export function tid(id) {
  return VARIANT.testIds ? ` data-testid="${esc(id)}"` : '';
}

export function esc(value) {
  return String(value ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The app's title: manifest title, else the store catalogue's, else its id. */
export function appTitle(id, entry, catalogue) {
  if (entry && entry.manifest && entry.manifest.title) return entry.manifest.title;
  const listed = (catalogue || []).find((app) => app.id === id);
  return listed ? listed.title : id;
}

export function appDescription(entry) {
  const d = entry && entry.manifest && entry.manifest.description;
  if (!d) return '';
  return typeof d === 'string' ? d : d.short || '';
}

export function appVersion(entry) {
  return (entry && entry.manifest && entry.manifest.version) || '';
}

/** Status badge: its text is the raw package state (NE Apps.vue). */
export function badge(state) {
  return `<span class="badge badge-${esc(state)}"${tid('app-status')}>${esc(state)}</span>`;
}

export function avatar(title, icon) {
  if (icon) return `<img class="avatar" src="${esc(icon)}" alt="" aria-hidden="true">`;
  return `<span class="avatar" aria-hidden="true">${esc(title.slice(0, 1).toUpperCase())}</span>`;
}

export function canLaunch(id, entry) {
  return Boolean(entry) && entry.state === 'running' && hasUi(id, entry);
}

/** Lifecycle buttons of an installed app; `busy` is the action in flight for it, if any. */
export function lifecycleButtons(id, entry, busy, { restart = false, uninstallText = false } = {}) {
  const disabled = busy ? ' disabled' : '';
  const out = [];
  if (canLaunch(id, entry))
    out.push(
      `<button type="button" class="btn btn-primary" data-action="launch" data-id="${esc(id)}"${disabled}>${esc(t('apps.launch'))}</button>`,
    );
  if (entry.state === 'stopped' || entry.state === 'exited')
    out.push(
      `<button type="button" class="btn" data-action="start" data-id="${esc(id)}"${disabled}>${esc(t('apps.start'))}</button>`,
    );
  if (restart) {
    const restartDisabled = busy || entry.state !== 'running' ? ' disabled' : '';
    out.push(
      `<button type="button" class="btn" data-action="restart" data-id="${esc(id)}"${restartDisabled}>${esc(t('apps.restart'))}</button>`,
    );
  }
  if (entry.state === 'running')
    out.push(
      `<button type="button" class="btn" data-action="stop" data-id="${esc(id)}"${disabled}>${esc(t('apps.stop'))}</button>`,
    );
  if (uninstallText) {
    out.push(
      `<button type="button" class="btn btn-danger" data-action="ask-uninstall" data-id="${esc(id)}"${disabled}>${esc(t('apps.uninstall'))}</button>`,
    );
  } else {
    out.push(
      `<button type="button" class="btn btn-icon" title="${esc(t('apps.uninstall'))}" aria-label="${esc(t('apps.uninstall'))}" data-action="ask-uninstall" data-id="${esc(id)}"${disabled}><svg width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true"><path d="M3 6h18M8 6V4h8v2M19 6l-1 14H6L5 6M10 11v6M14 11v6"/></svg></button>`,
    );
  }
  return out.join('');
}

/** The "Uninstall App?" confirm dialog. */
export function uninstallModal(id, title) {
  return `<div class="modal-backdrop">
  <div class="modal" role="dialog" aria-modal="true" aria-labelledby="uninstall-title">
    <h2 id="uninstall-title">${esc(t('uninstall.title'))}</h2>
    <p>${esc(t('uninstall.body', { title })).replace(esc(title), `<b>${esc(title)}</b>`)}</p>
    <div class="modal-actions">
      <button type="button" class="btn" data-action="cancel-uninstall">${esc(t('uninstall.cancel'))}</button>
      <button type="button" class="btn btn-danger" data-action="uninstall" data-id="${esc(id)}">${esc(t('uninstall.confirm'))}</button>
    </div>
  </div>
</div>`;
}

export function alertBox(message) {
  return message ? `<div role="alert" class="alert">${esc(message)}</div>` : '';
}
