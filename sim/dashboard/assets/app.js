// The dashboard SPA: history-mode router, auth guard (system.get-hostname probe → /login?redirect=…),
// views re-rendered from the live store, and the user's actions (install, start, stop, restart,
// uninstall, launch, logout). Talks to the node only via /rpc/v1 and /ws/db.
import { lifecycleTarget, shownInstallError } from './fault-hooks.js';
import { resolveAppUrl } from './launch.js';
import { isDisabled } from './markup.js';
import { dismissOverlay, showFirstVisitOverlay } from './overlay.js';
import { renderInto } from './render.js';
import { HttpError, UnreachableError, onRpcEvent, rpc } from './rpc.js';
import {
  beginInstall,
  forgetInstall,
  loadCatalogue,
  notify,
  refreshState,
  startLiveState,
  stopLiveState,
  store,
  subscribe,
} from './store.js';
import { t } from './texts.js';
import { VARIANT } from './variant.js';
import { renderApps } from './views/apps-view.js';
import { renderDetails } from './views/details-view.js';
import { renderHome } from './views/home-view.js';
import { renderDiscover, renderWeb5 } from './views/extra-views.js';
import { SHELL, renderBanner, renderMobileNav, renderNav, renderTopbar } from './views/layout.js';
import { mountLogin } from './views/login-view.js';
import { renderMarketplace } from './views/marketplace-view.js';
import { renderServer } from './views/server-view.js';
import { renderSession } from './views/session-view.js';
import { renderSettings } from './views/settings-view.js';

const GUARD_RETRY_MS = 2000;

const ROUTES = [
  { pattern: /^\/dashboard\/?$/, view: renderHome, title: 'nav.home' },
  { pattern: /^\/dashboard\/apps\/?$/, view: renderApps, title: 'nav.apps' },
  { pattern: /^\/dashboard\/apps\/(?<id>[^/]+)\/session\/?$/, view: renderSession, title: 'nav.apps' },
  { pattern: /^\/dashboard\/apps\/(?<id>[^/]+)\/?$/, view: renderDetails, title: 'nav.apps' },
  { pattern: /^\/dashboard\/marketplace\/?$/, view: renderMarketplace, title: 'nav.marketplace', catalogue: true },
  { pattern: /^\/dashboard\/discover\/?$/, view: renderDiscover, title: 'nav.discover' },
  { pattern: /^\/dashboard\/web5\/?$/, view: renderWeb5, title: 'nav.web5' },
  { pattern: /^\/dashboard\/server\/?$/, view: renderServer, title: 'nav.server' },
  { pattern: /^\/dashboard\/settings\/?$/, view: renderSettings, title: 'nav.settings' },
];

const root = document.getElementById('app');
let layout = null; // 'login' | 'dashboard'
let disposeLogin = null;
let current = null; // {route, params, query, ui}
let lastViewHtml = '';
let navGeneration = 0;
let overlayShown = false; // the first-visit overlay is offered once per dashboard mount, after the session is known

function freshUi() {
  return { busy: {}, confirmUninstall: null, error: null, installError: null, loggingOut: false, menuOpen: false };
}

/** Only same-origin paths are followed after login (archy's isLocalRedirect). */
export function isLocalRedirect(target) {
  return (
    typeof target === 'string' && target.startsWith('/') && !target.startsWith('//') && !target.startsWith('/login')
  );
}

export function navigate(path, { replace = false } = {}) {
  if (replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  route();
}

function currentPath() {
  return location.pathname + location.search;
}

function toLogin() {
  const here = currentPath();
  stopLiveState();
  navigate(here.startsWith('/dashboard') ? `/login?redirect=${encodeURIComponent(here)}` : '/login', { replace: true });
}

// ---------------------------------------------------------------------------------------------
// Rendering

function ensureDashboardLayout() {
  if (layout === 'dashboard') return;
  if (disposeLogin) disposeLogin();
  disposeLogin = null;
  layout = 'dashboard';
  root.innerHTML = SHELL;
  lastViewHtml = '';
  overlayShown = false;
}

function renderDashboard() {
  if (layout !== 'dashboard' || !current) return;
  document.getElementById('nav').innerHTML = renderNav(location.pathname);
  const mobileNav = document.getElementById('mobile-nav');
  if (mobileNav) mobileNav.innerHTML = renderMobileNav(location.pathname);
  document.getElementById('topbar').innerHTML = renderTopbar(current.ui);
  document.getElementById('banner').innerHTML = renderBanner(store.connected);
  const html = current.route.view({ params: current.params, query: current.query, ui: current.ui });
  lastViewHtml = renderInto(document.getElementById('view'), html, lastViewHtml);
}

subscribe(renderDashboard);

function showLogin() {
  if (layout === 'login') return;
  layout = 'login';
  current = null;
  disposeLogin = mountLogin(root, () => {
    const redirect = new URLSearchParams(location.search).get('redirect');
    navigate(isLocalRedirect(redirect) ? redirect : '/dashboard', { replace: true });
  });
}

// ---------------------------------------------------------------------------------------------
// Router and auth guard

/** Probe the session (archy: system.get-hostname). true = valid, false = none, null = node unreachable. */
async function probeSession() {
  try {
    store.hostname = await rpc('system.get-hostname', {}, { allowUnauthorized: true });
    if (store.hostname && typeof store.hostname === 'object') store.hostname = store.hostname.hostname;
    return true;
  } catch (error) {
    if (error instanceof HttpError && error.status === 401) return false;
    if (error instanceof UnreachableError) return null;
    return true; // any other answer means the node is there and the session passed the gate
  }
}

async function route() {
  const generation = ++navGeneration;
  const path = location.pathname;
  if (path === '/' || path === '') return navigate('/dashboard', { replace: true });
  if (path === '/login' || path === '/login/') {
    const session = await probeSession();
    if (generation !== navGeneration) return;
    if (session === true) {
      const redirect = new URLSearchParams(location.search).get('redirect');
      return navigate(isLocalRedirect(redirect) ? redirect : '/dashboard', { replace: true });
    }
    return showLogin();
  }
  const match = ROUTES.map((r) => ({ r, m: r.pattern.exec(path) })).find((x) => x.m);
  if (!match) return navigate('/dashboard', { replace: true });

  ensureDashboardLayout();
  current = {
    route: match.r,
    params: { ...(match.m.groups || {}) },
    query: new URLSearchParams(location.search),
    ui: freshUi(),
  };
  document.title = `${t(match.r.title)} · ${t('app.name')}`;
  renderDashboard();

  let session = await probeSession();
  while (session === null && generation === navGeneration) {
    await new Promise((resolve) => setTimeout(resolve, GUARD_RETRY_MS));
    session = await probeSession();
  }
  if (generation !== navGeneration) return;
  if (session === false) return toLogin();
  if (!overlayShown) {
    overlayShown = true;
    showFirstVisitOverlay(document.getElementById('overlay'));
  }
  await startLiveState();
  if (match.r.catalogue && !store.catalogue) await loadCatalogue();
  renderDashboard();
}

onRpcEvent('unauthorized', () => {
  if (location.pathname.startsWith('/dashboard')) toLogin();
});

window.addEventListener('popstate', route);

// ---------------------------------------------------------------------------------------------
// User actions (event delegation on data-link and data-action)

async function lifecycle(action, id, method) {
  const ui = current.ui;
  ui.busy[id] = action;
  ui.error = null;
  notify();
  try {
    const target = lifecycleTarget(action, id);
    if (target !== null) await rpc(method, { id: target });
    await refreshState().catch(() => undefined);
  } catch (error) {
    if (current && current.ui === ui)
      ui.error = t('apps.actionFailed', { action: t(`apps.${action}`), message: error.message });
  } finally {
    delete ui.busy[id];
    notify();
  }
}

async function install(id) {
  const ui = current.ui;
  ui.installError = null;
  beginInstall(id);
  try {
    await rpc('package.install', { id });
    await refreshState().catch(() => undefined);
  } catch (error) {
    forgetInstall(id);
    if (current && current.ui === ui) ui.installError = shownInstallError(error.message);
    notify();
  }
}

async function uninstall(id) {
  const ui = current.ui;
  ui.confirmUninstall = null;
  await lifecycle('uninstall', id, 'package.uninstall');
  if (current && current.ui === ui && current.route.view === renderDetails) navigate('/dashboard/apps');
}

async function logout() {
  current.ui.loggingOut = true;
  notify();
  try {
    await rpc('auth.logout', {});
  } catch {
    // the session is dropped locally either way
  }
  stopLiveState();
  navigate('/login', { replace: true });
}

/** Launch: the in-dashboard App Session, or a new tab (launch-opens, sim/guesses/dashboard.ts; §4.4). */
function launch(id, event) {
  const url = resolveAppUrl(id);
  if (url && (event.ctrlKey || event.metaKey || VARIANT.launch === 'new-tab')) {
    window.open(url, '_blank', 'noopener');
    return;
  }
  navigate(`/dashboard/apps/${encodeURIComponent(id)}/session`);
}

root.addEventListener('click', (event) => {
  const link = event.target.closest('a[data-link]');
  if (link && !event.ctrlKey && !event.metaKey && !event.shiftKey && event.button === 0) {
    event.preventDefault();
    navigate(link.getAttribute('href'));
    return;
  }
  const button = event.target.closest('[data-action]');
  if (button && button.dataset.action === 'dismiss-overlay') return dismissOverlay(document.getElementById('overlay'));
  if (!button || isDisabled(button) || !current) return;
  const id = button.dataset.id;
  if (button.dataset.action !== 'toggle-menu') current.ui.menuOpen = false;
  switch (button.dataset.action) {
    case 'toggle-menu':
      current.ui.menuOpen = !current.ui.menuOpen;
      return notify();
    case 'launch':
      return launch(id, event);
    case 'start':
      return void lifecycle('start', id, 'package.start');
    case 'stop':
      return void lifecycle('stop', id, 'package.stop');
    case 'restart':
      return void lifecycle('restart', id, 'package.restart');
    case 'install':
      return void install(id);
    case 'ask-uninstall':
      current.ui.confirmUninstall = id;
      return notify();
    case 'cancel-uninstall':
      current.ui.confirmUninstall = null;
      return notify();
    case 'uninstall':
      return void uninstall(id);
    case 'logout':
      return void logout();
  }
});

document.addEventListener('keydown', (event) => {
  if (event.key === 'Escape' && current && (current.ui.confirmUninstall || current.ui.menuOpen)) {
    event.preventDefault();
    current.ui.confirmUninstall = null;
    current.ui.menuOpen = false;
    notify();
  }
  // role="button" controls (button-markup=role-button) answer Enter and Space like a <button>.
  const target = event.target;
  if ((event.key === 'Enter' || event.key === ' ') && target instanceof Element && target.matches('[role="button"]')) {
    event.preventDefault();
    target.click();
  }
});

route();
