// What shows over the dashboard on a first visit (first-visit-overlay, sim/guesses/dashboard.ts):
// nothing, archy's CompanionIntroOverlay (a modal until dismissed, once per browser), or a
// HealthNotifications toast (once per browser session, gone after 8 s or when dismissed).
import { esc } from './html.js';
import { t } from './texts.js';
import { VARIANT } from './variant.js';

const INTRO_KEY = 'archy-sim-companion-intro-seen';
const TOAST_KEY = 'archy-sim-health-toast-seen';
const TOAST_MS = 8000;

function seen(storage, key) {
  try {
    return storage.getItem(key) === '1';
  } catch {
    return false;
  }
}

function remember(storage, key) {
  try {
    storage.setItem(key, '1');
  } catch {
    // private mode: it shows again next time
  }
}

/** Shows the variant's overlay in `host` if this browser has not seen it yet. */
export function showFirstVisitOverlay(host) {
  if (VARIANT.overlay === 'companion-intro' && !seen(localStorage, INTRO_KEY)) {
    host.innerHTML = `<div class="modal-backdrop"><div class="modal" role="dialog" aria-modal="true" aria-labelledby="intro-title">
<h2 id="intro-title">${esc(t('overlay.introTitle'))}</h2><p>${esc(t('overlay.introBody'))}</p>
<div class="modal-actions"><button type="button" class="btn btn-primary" data-action="dismiss-overlay">${esc(t('overlay.introDismiss'))}</button></div>
</div></div>`;
    remember(localStorage, INTRO_KEY);
  } else if (VARIANT.overlay === 'health-toast' && !seen(sessionStorage, TOAST_KEY)) {
    host.innerHTML = `<div class="toast" role="status"><strong>${esc(t('overlay.healthTitle'))}</strong>
<p>${esc(t('overlay.healthBody'))}</p>
<button type="button" class="btn" data-action="dismiss-overlay">${esc(t('overlay.dismiss'))}</button></div>`;
    remember(sessionStorage, TOAST_KEY);
    setTimeout(() => dismissOverlay(host), TOAST_MS);
  }
}

export function dismissOverlay(host) {
  host.innerHTML = '';
}
