// The markup choices this dashboard makes where archy-surface §4 is silent (sim/guesses/dashboard.ts,
// served as ./variant.js). Views build their cards, badges, buttons, dialogs and lists only through
// these helpers, so each choice lives here and nowhere else.
import { VARIANT } from './variant.js';

const ESC = (value) => String(value ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The list around cards: a grid `div` of articles, a `ul` of `li`, or a role=list of role=listitem. */
export function cardList(cardsHtml) {
  const tag = VARIANT.card.tag;
  if (tag === 'li') return `<ul class="grid plain-list">${cardsHtml}</ul>`;
  if (tag === 'div-listitem') return `<div class="grid" role="list">${cardsHtml}</div>`;
  return `<div class="grid">${cardsHtml}</div>`;
}

/** One card: `attrs` are its data attributes, `titleId` the id of its title heading. */
export function cardElement(attrs, titleId, innerHtml) {
  const tag = VARIANT.card.tag;
  const open = tag === 'li' ? 'li' : tag === 'div-listitem' ? 'div role="listitem"' : 'article';
  const close = tag === 'li' ? 'li' : tag === 'div-listitem' ? 'div' : 'article';
  return `<${open} class="card" ${attrs} aria-labelledby="${ESC(titleId)}">${innerHtml}</${close}>`;
}

/** The heading of a card's title (h3 as NE, or h2). */
export function cardHeading(id, innerHtml) {
  const h = `h${VARIANT.card.heading}`;
  return `<${h} class="card-heading" id="${ESC(id)}">${innerHtml}</${h}>`;
}

const BADGE_ICONS = {
  running: 'M5 12l5 5L20 7',
  stopped: 'M6 6h12v12H6z',
  exited: 'M6 6h12v12H6z',
};

/**
 * The state badge. raw-text: the raw state as NE; css-uppercase: the raw state, shown upper-case by
 * CSS (textContent keeps the state); icon-and-text: an svg icon, then the state.
 */
export function stateBadge(state, testIdAttr) {
  const s = ESC(state);
  const upper = VARIANT.badge === 'css-uppercase' ? ' badge-upper' : '';
  if (VARIANT.badge === 'icon-and-text') {
    const path = BADGE_ICONS[state] || 'M12 6v6l4 2';
    return `<span class="badge badge-${s} badge-icon"${testIdAttr}><svg width="12" height="12" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="3" aria-hidden="true"><path d="${path}"/></svg><span>${s}</span></span>`;
  }
  return `<span class="badge badge-${s}${upper}"${testIdAttr}>${s}</span>`;
}

/**
 * An action control: a `<button>` or an element with role="button" (tabindex, aria-disabled).
 * `attrs` are its other attributes (data-action, data-id, title, aria-label), `label` its inner HTML.
 */
export function actionButton(cls, attrs, label, disabled) {
  if (VARIANT.buttons === 'role-button') {
    const dis = disabled ? ' aria-disabled="true"' : '';
    return `<span role="button" tabindex="0" class="btn ${cls}" ${attrs}${dis}>${label}</span>`;
  }
  return `<button type="button" class="btn ${cls}" ${attrs}${disabled ? ' disabled' : ''}>${label}</button>`;
}

/** Is this control disabled (a `<button disabled>` or aria-disabled role=button)? */
export function isDisabled(el) {
  return el.disabled === true || el.getAttribute('aria-disabled') === 'true';
}

/** The uninstall confirmation: a div role=dialog, a native `<dialog>` (opened modal) or role=alertdialog. */
export function confirmDialog(titleId, innerHtml) {
  if (VARIANT.dialog === 'native-dialog')
    return `<dialog class="modal" data-modal aria-labelledby="${ESC(titleId)}">${innerHtml}</dialog>`;
  const role = VARIANT.dialog === 'alertdialog' ? 'alertdialog' : 'dialog';
  return `<div class="modal-backdrop"><div class="modal" role="${role}" aria-modal="true" aria-labelledby="${ESC(titleId)}">${innerHtml}</div></div>`;
}

/** Opens native dialogs a render put on the page (showModal; a re-render replaces the element). */
export function openNativeDialogs(root) {
  for (const d of root.querySelectorAll('dialog[data-modal]')) if (!d.open) d.showModal();
}

/** My Apps' empty state: rendered only when empty (removed), or always and hidden while apps are listed. */
export function emptyState(isEmpty, innerHtml) {
  if (VARIANT.emptyState === 'hidden')
    return `<section class="empty"${isEmpty ? '' : ' style="display: none;"'}>${innerHtml}</section>`;
  return isEmpty ? `<section class="empty">${innerHtml}</section>` : '';
}

/** Before the first state: a loading text, or skeleton cards (aria-busy, no text). */
export function loadingPlaceholder(text) {
  if (VARIANT.loading === 'skeleton')
    return `<div class="grid skeleton" aria-busy="true" aria-label="${ESC(text)}">${'<div class="card skeleton-card" aria-hidden="true"><div class="sk-line"></div><div class="sk-line short"></div></div>'.repeat(3)}</div>`;
  return `<p class="muted">${ESC(text)}</p>`;
}

/** The details page's way back: a text link, or an icon button named "Back". */
export function backControl(href, text, backLabel) {
  if (VARIANT.back === 'icon-button')
    return `<a class="btn btn-icon back" href="${ESC(href)}" data-link role="button" aria-label="${ESC(backLabel)}" title="${ESC(text)}">&larr;</a>`;
  return `<a class="back" href="${ESC(href)}" data-link>&larr; ${ESC(text)}</a>`;
}

/** A card's Uninstall: NE's icon button titled "Uninstall", or a text button. */
export function uninstallAsText() {
  return VARIANT.uninstall === 'text-button';
}
