// Small helpers for building view markup as strings (every value escaped).
import { badgeState } from './fault-hooks.js';
import { hasUi } from './launch.js';
import { actionButton, confirmDialog, stateBadge, uninstallAsText } from './markup.js';
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

/** Status badge: its text is the raw package state (NE Apps.vue); its markup is the variant's (markup.js). */
export function badge(state) {
  return stateBadge(badgeState(state), tid('app-status'));
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
  const data = (action) => `data-action="${action}" data-id="${esc(id)}"`;
  const out = [];
  if (canLaunch(id, entry)) out.push(actionButton('btn-primary', data('launch'), esc(t('apps.launch')), busy));
  if (entry.state === 'stopped' || entry.state === 'exited')
    out.push(actionButton('', data('start'), esc(t('apps.start')), busy));
  if (restart) out.push(actionButton('', data('restart'), esc(t('apps.restart')), busy || entry.state !== 'running'));
  if (entry.state === 'running') out.push(actionButton('', data('stop'), esc(t('apps.stop')), busy));
  out.push(uninstallButton(id, busy, uninstallText));
  return out.join('');
}

/** Uninstall: a text button (details; cards where uninstall-control=text-button), or NE's icon button titled "Uninstall". */
function uninstallButton(id, busy, text) {
  const data = `data-action="ask-uninstall" data-id="${esc(id)}"`;
  if (text || uninstallAsText()) return actionButton('btn-danger', data, esc(t('apps.uninstall')), busy);
  const name = esc(t('apps.uninstall'));
  return actionButton(
    'btn-icon',
    `title="${name}" aria-label="${name}" ${data}`,
    '<svg width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true"><path d="M3 6h18M8 6V4h8v2M19 6l-1 14H6L5 6M10 11v6M14 11v6"/></svg>',
    busy,
  );
}

/** The "Uninstall App?" confirm dialog. */
export function uninstallModal(id, title) {
  return confirmDialog(
    'uninstall-title',
    `<h2 id="uninstall-title">${esc(t('uninstall.title'))}</h2>
    <p>${esc(t('uninstall.body', { title })).replace(esc(title), `<b>${esc(title)}</b>`)}</p>
    <div class="modal-actions">
      ${actionButton('', 'data-action="cancel-uninstall"', esc(t('uninstall.cancel')), false)}
      ${actionButton('btn-danger', `data-action="uninstall" data-id="${esc(id)}"`, esc(t('uninstall.confirm')), false)}
    </div>`,
  );
}

export function alertBox(message) {
  return message ? `<div role="alert" class="alert">${esc(message)}</div>` : '';
}
