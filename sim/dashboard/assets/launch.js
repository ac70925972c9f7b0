// Where an app's UI lives (archy-surface §4.4 resolveAppUrl): a path proxy on this origin, or the
// entry's `lan-address` with localhost swapped for this page's hostname. Backends with a UI companion
// open the companion's UI.
import { launchUrl } from './fault-hooks.js';
import { packageEntry } from './store.js';

/** nginx path proxies on the dashboard's origin, and backends whose UI is a companion container: served from the sim's app descriptions. */
import { PROXY_PATHS, UI_COMPANIONS } from './apps.js';

function lanAddress(entry) {
  const main =
    entry && entry.installed && entry.installed['interface-addresses'] && entry.installed['interface-addresses'].main;
  return main ? main['lan-address'] : null;
}

/** Does the entry declare a UI (manifest.interfaces.main.ui), or do we know one for it? */
export function hasUi(id, entry) {
  const ui =
    entry &&
    entry.manifest &&
    entry.manifest.interfaces &&
    entry.manifest.interfaces.main &&
    entry.manifest.interfaces.main.ui;
  return Boolean(ui) || id in PROXY_PATHS || id in UI_COMPANIONS;
}

function fromLanAddress(address) {
  if (!address) return null;
  if (address.startsWith('/')) return new URL(address, location.origin).href;
  try {
    const url = new URL(address);
    if (url.hostname === 'localhost' || url.hostname === '127.0.0.1') url.hostname = location.hostname;
    return url.href;
  } catch {
    return null;
  }
}

/** The URL a Launch of `id` opens, or null when none is known. */
export function resolveAppUrl(id) {
  return launchUrl(id, appUrl);
}

function appUrl(id) {
  const companion = UI_COMPANIONS[id];
  const target = companion && packageEntry(companion) ? companion : id;
  const entry = packageEntry(target);
  const address = lanAddress(entry);
  if (address && address.startsWith('/')) return fromLanAddress(address);
  if (PROXY_PATHS[target]) return new URL(PROXY_PATHS[target], location.origin).href;
  return fromLanAddress(address);
}
