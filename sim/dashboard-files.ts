/**
 * The dashboard's static files from sim/dashboard/ with SPA fallback to index.html (history mode),
 * or a small placeholder page while that folder does not exist.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { proxyPathOf, SIM_APPS, uiCompanion } from './apps';
import { dashboardFaultsModule, type DashboardFaultView } from './dashboard-faults';
import { guess } from './guesses';
import { renamesFor } from './rpc-methods';

const ROOT = path.join(__dirname, 'dashboard');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

const PLACEHOLDER =
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Archipelago</title></head><body><h1>Archipelago</h1><p>The dashboard is not built yet (sim/dashboard/ is missing). The API is at /rpc/v1.</p></body></html>';

/** Fault `login-ui-broken`: every auth.login from the page fails like a dropped connection. */
const loginBreaker = (): string =>
  `<script>(function(){var f=window.fetch;window.fetch=function(i,o){try{if(o&&typeof o.body==='string'&&o.body.indexOf(${JSON.stringify(JSON.stringify(renamesFor(guess('server-version'))['auth.login'] ?? 'auth.login'))})>=0)return Promise.reject(new TypeError('Failed to fetch'));}catch(e){}return f.apply(this,arguments);};})();</script>`;

/** index.html's script tag, and what the guess dashboard-script=inline puts there instead. */
const EXTERNAL_SCRIPT = '<script type="module" src="/assets/app.js"></script>';
const INLINE_SCRIPT = '<script type="module">import "/assets/app.js";</script>';

/** The dashboard's own choices among the guesses (landmark names, test ids), as an ES module. */
const VARIANT_MODULE = '/assets/variant.js';
function variantModule(): string {
  const choices = {
    navLabel: guess('dashboard-landmarks').navLabel,
    testIds: guess('test-ids'),
    nav: guess('nav-items'),
    mobileNav: guess('mobile-nav'),
    logout: guess('logout-place'),
    emptyState: guess('apps-empty-state'),
    card: guess('app-card-markup'),
    badge: guess('state-badge'),
    buttons: guess('button-markup'),
    uninstall: guess('uninstall-control'),
    dialog: guess('confirm-dialog'),
    launch: guess('launch-opens'),
    back: guess('details-back'),
    loading: guess('loading-placeholder'),
    updates: guess('state-updates'),
    render: guess('view-updates'),
    login: guess('login-form'),
    emptySubmit: guess('login-empty-submit'),
    overlay: guess('first-visit-overlay'),
  };
  return `// The dashboard's choices among the sim's guesses (sim/guesses/).\nexport const VARIANT = ${JSON.stringify(choices)};\n`;
}

/** Where each app's UI lives, from the sim's app descriptions (sim/apps.ts), as an ES module for launch.js. */
const APPS_MODULE = '/assets/apps.js';
function appsModule(): string {
  const proxyPaths = Object.fromEntries(
    SIM_APPS.flatMap((a) => (a.ui === 'proxy' && proxyPathOf(a) ? [[a.id, proxyPathOf(a)]] : [])),
  );
  const uiCompanions = Object.fromEntries(
    SIM_APPS.flatMap((a) => (uiCompanion(a) ? [[a.id, uiCompanion(a)?.id]] : [])),
  );
  return `// Where each app's UI lives (sim/apps.ts).\nexport const PROXY_PATHS = ${JSON.stringify(proxyPaths)};\nexport const UI_COMPANIONS = ${JSON.stringify(uiCompanions)};\n`;
}

/** The methods this version serves under another name than 1.9's (sim/rpc-methods.ts), as an ES module for rpc.js. */
const METHODS_MODULE = '/assets/methods.js';
function methodsModule(): string {
  const names = renamesFor(guess('server-version'));
  return `// The node's method names where they differ from 1.9's (sim/rpc-methods.ts).\nexport const METHOD_NAMES = ${JSON.stringify(names)};\n`;
}

function send(
  res: ServerResponse,
  status: number,
  type: string,
  body: Buffer | string,
  head: boolean,
  noStore = type.startsWith('text/html'),
): void {
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Length': String(Buffer.byteLength(body)),
    'Cache-Control': noStore ? 'no-store' : 'max-age=60',
  });
  res.end(head ? undefined : body);
}

export function serveDashboard(
  req: IncomingMessage,
  res: ServerResponse,
  urlPath: string,
  faults: DashboardFaultView,
): void {
  const head = req.method === 'HEAD';
  const breakLogin = faults.has('login-ui-broken');
  if (req.method !== 'GET' && !head) {
    send(res, 405, 'text/plain; charset=utf-8', 'Method Not Allowed\n', head);
    return;
  }
  const index = path.join(ROOT, 'index.html');
  const indexPage = (): void => {
    let html = existsSync(index) ? readFileSync(index, 'utf8') : PLACEHOLDER;
    if (guess('dashboard-script') === 'inline') html = html.replace(EXTERNAL_SCRIPT, INLINE_SCRIPT);
    if (breakLogin)
      html = html.includes('<head>') ? html.replace('<head>', `<head>${loginBreaker()}`) : loginBreaker() + html;
    send(res, 200, TYPES['.html'] as string, html, head);
  };
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    send(res, 400, 'text/plain; charset=utf-8', 'Bad Request\n', head);
    return;
  }
  const file = path.normalize(path.join(ROOT, decoded));
  if (!file.startsWith(ROOT + path.sep) || file === index) {
    indexPage();
    return;
  }
  if (decoded === APPS_MODULE) {
    send(res, 200, TYPES['.js'] as string, appsModule(), head);
    return;
  }
  if (decoded === dashboardFaultsModule.path) {
    // no-store: a fault switched over the control channel applies from the next page load
    send(res, 200, TYPES['.js'] as string, dashboardFaultsModule.body(faults), head, true);
    return;
  }
  if (decoded === METHODS_MODULE) {
    send(res, 200, TYPES['.js'] as string, methodsModule(), head);
    return;
  }
  if (decoded === VARIANT_MODULE) {
    send(res, 200, TYPES['.js'] as string, variantModule(), head);
    return;
  }
  const ext = path.extname(file).toLowerCase();
  if (existsSync(file) && statSync(file).isFile()) {
    send(res, 200, TYPES[ext] ?? 'application/octet-stream', readFileSync(file), head);
    return;
  }
  if (ext && ext !== '.html') {
    send(res, 404, 'text/plain; charset=utf-8', 'Not Found\n', head);
    return;
  }
  indexPage();
}
