// Where the sim's dashboard faults (sim/faults.ts, ownedBy 'dashboard'; sim/FAULTS.md) bend the
// dashboard. Each hook returns what the dashboard would do anyway unless its fault is on; the node's
// API is never touched, so only what the page shows or sends is wrong.
import { FAULTS } from './faults.js';
import { packages, store, subscribe } from './store.js';

const on = (name) => FAULTS.includes(name);

// What My Apps has seen since the page loaded: every entry's last form, and the apps of the first state.
const seen = {};
let firstIds = null;
subscribe(() => {
  if (store.data === null) return;
  const pkgs = packages();
  firstIds ??= Object.keys(pkgs);
  Object.assign(seen, pkgs);
});

/** ui-badge-lies: the state a badge shows (running and stopped swapped). */
export function badgeState(state) {
  if (!on('ui-badge-lies')) return state;
  return state === 'running' ? 'stopped' : state === 'stopped' ? 'running' : state;
}

/**
 * The id a lifecycle button sends, or null when it sends nothing: ui-stop-sends-nothing; with
 * ui-start-sends-other-id, Start sends the id of the app listed after it (off by one).
 */
export function lifecycleTarget(action, id) {
  if (action === 'stop' && on('ui-stop-sends-nothing')) return null;
  if (action !== 'start' || !on('ui-start-sends-other-id')) return id;
  const ids = Object.keys(packages()).sort();
  const next = ids[(ids.indexOf(id) + 1) % ids.length];
  return next && next !== id ? next : id === 'filebrowser' ? 'bitcoin-knots' : 'filebrowser';
}

/**
 * The entries My Apps lists: ui-card-stays-after-uninstall keeps every entry seen since the page
 * loaded; ui-list-needs-reload keeps the apps of the page's first state (new ones appear only after
 * a reload, removed ones stay with their last state).
 */
export function listedPackages(pkgs) {
  if (on('ui-list-needs-reload') && firstIds !== null)
    return Object.fromEntries(firstIds.map((id) => [id, pkgs[id] ?? seen[id]]).filter(([, entry]) => entry));
  if (on('ui-card-stays-after-uninstall')) return { ...seen, ...pkgs };
  return pkgs;
}

/**
 * ui-launch-opens-other-app: the URL a Launch of `id` opens is that of the next installed app (by id)
 * whose UI lives elsewhere. `resolve(id)` is the dashboard's own resolver.
 */
export function launchUrl(id, resolve) {
  const url = resolve(id);
  if (!on('ui-launch-opens-other-app') || !url) return url;
  const ids = Object.keys(packages()).sort();
  const start = ids.indexOf(id);
  for (let i = 1; i <= ids.length; i++) {
    const other = resolve(ids[(start + i) % ids.length]);
    if (other && other !== url) return other;
  }
  return new URL('/', location.origin).href;
}

/** ui-store-says-installed: does the App Store call the app installed? */
export function storeSaysInstalled(entry) {
  return Boolean(entry) || on('ui-store-says-installed');
}

/** ui-install-error-swallowed: the install error the App Store shows (null: none). */
export function shownInstallError(message) {
  return on('ui-install-error-swallowed') ? null : message;
}
