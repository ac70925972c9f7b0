/**
 * The app catalogue: every app of archy-TESTING.md's matrix, once.
 * Specs, journeys, the gate and the scorecard are generated from this list;
 * adding an app is one entry here.
 *
 * Facts come from ../shared/archy-surface.md and archy-TESTING.md. Anything not
 * seen on a real node is marked GUESS so it can be corrected in one line; the suite checks a
 * guessed field only where the node's profile confirms it (config/guesses.ts: container-names,
 * direct-ports, ui-markers).
 *
 * Evidence per field: ids and titles §5.2 / archy-TESTING matrix; the container named by the app id
 * §3.3 (one rootless Podman container per app, unit `<id>.service`, `podman run --replace`); extra
 * container names §5.2 TESTING (archy-btcpay-db, archy-nbxplorer, mempool-api, fedimint-gateway),
 * the rest GUESS; ports §5.2 (bitcoin 8332 AA 0009, Bitcoin UI 8334 TESTING, Electrum TCP 50001
 * TESTING; LND REST 8080 GUESS); proxy paths archy-TESTING matrix (`/app/lnd/`, `/app/electrumx/`,
 * `/app/btcpay/`, `/app/mempool/`, `/app/fedimint/`) and §4.4; budgets archy-TESTING KPI table.
 */

import { CELLS, type CellId } from './cells';

// The cells are described in ./cells.ts; these names are kept here for the catalogue's many readers.
export { CELLS, CELL_TITLES, type CellId } from './cells';

/**
 * How the app's own API is probed for the `rpc` cell (implementations in lib/probes/), each with
 * whether it goes through the app's proxy path (then a 502 there turns the rpc cell red too: the
 * fault matrix expects so, scripts/fault-matrix.ts).
 */
export const PROBE_THROUGH_PROXY = {
  'bitcoin-getinfo': false, // bitcoin.getinfo over archy RPC + bitcoin JSON-RPC on its port
  'lnd-getinfo': false, // LND REST getinfo
  electrum: false, // Electrum JSON-RPC over TCP: server.version, blockchain.headers.subscribe
  'mempool-backend-info': true, // GET <proxy>/api/v1/backend-info
  'btcpay-frontend': true, // BTCPay's frontend answers
  'fedimint-container': false, // container-only: container-list says running
  'filebrowser-http': true, // filebrowser's own API answers
} as const satisfies Record<string, boolean>;

export type RpcProbe = keyof typeof PROBE_THROUGH_PROXY;

export interface UiSurface {
  /** nginx path proxy on the node's main origin, e.g. '/app/lnd/'. */
  proxyPath?: string;
  /** A direct host port; `name` keys the port in a node's port map (the sim reports its own). */
  directPort?: { name: string; real: number };
  /** Text a healthy page shows (the app's title or a data label). GUESS (config/guesses.ts ui-markers): checked only where the profile saw it. */
  marker: string;
}

export interface AppEntry {
  id: string;
  title: string;
  kind: 'backend' | 'companion';
  /** Apps that must be running first. 'bitcoin' means bitcoin-knots or bitcoin-core. */
  requires: string[];
  /** Apps that cannot be installed beside this one. */
  conflicts: string[];
  /** Companions: the backend they come and go with. */
  companionOf?: string;
  /** Containers the app runs, as `container-list` names them. GUESS beyond the app id. */
  containers: string[];
  /**
   * What the image of the container named by the app id names (its repository, without registry
   * and tag): the app's own upstream image names (Docker Hub / GHCR of each project). A container
   * running another app's image is a broken install.
   */
  imageHint: RegExp;
  /** The surface the `ui` cell probes; absent when the app has no UI of its own. */
  ui?: UiSurface;
  /** Probe for the `rpc` cell; absent = n/a in the matrix. */
  rpcProbe?: RpcProbe;
  /** Other TCP ports the app exposes (name → real-node port); the sim reports its own. */
  ports?: Record<string, number>;
  /** Install → running+healthy budget on a real node, with the image present (ms). */
  installBudgetMs: number;
  /** Stop/start/restart/uninstall budget on a real node (ms). */
  actionBudgetMs: number;
  /** Never uninstalled on a real node unless listed in ARCHY_UNPROTECT. */
  protected: boolean;
  /** Cells that do not apply to this app (shown as n/a, never counted). */
  notApplicable: CellId[];
  /** Installed on every fresh node (archy's baseline). */
  baseline?: boolean;
}

const MIN = 60_000;

/**
 * An app that came up (start, restart, reinstall, after a reboot or an archipelago restart) must
 * still be running this long after (real-node time; scaled by the sim's time-scale). A container that
 * exits seconds after it started is the commonest container failure, and "running" alone hides it.
 */
export const STAY_UP_MS = 15_000;

/** The catalogue's entries, their ids kept as literals (AppId). */
function catalogue<const Id extends string>(
  apps: readonly (AppEntry & { id: Id })[],
): readonly (AppEntry & { id: Id })[] {
  return apps;
}

export const APPS = catalogue([
  {
    id: 'bitcoin-knots',
    title: 'Bitcoin Knots',
    kind: 'backend',
    requires: [],
    conflicts: ['bitcoin-core'],
    containers: ['bitcoin-knots'],
    imageHint: /knots/i,
    ui: { directPort: { name: 'archy-bitcoin-ui', real: 8334 }, marker: 'Block height' },
    rpcProbe: 'bitcoin-getinfo',
    ports: { 'bitcoin-rpc': 8332 },
    installBudgetMs: 3 * MIN, // KPI target < 30 s; budget leaves room for a busy node
    actionBudgetMs: 2 * MIN,
    protected: true, // a synced chain is days of work
    notApplicable: [],
  },
  {
    id: 'bitcoin-core',
    title: 'Bitcoin Core',
    kind: 'backend',
    requires: [],
    conflicts: ['bitcoin-knots'],
    containers: ['bitcoin-core'],
    imageHint: /bitcoin/i,
    ui: { directPort: { name: 'archy-bitcoin-ui', real: 8334 }, marker: 'Block height' },
    rpcProbe: 'bitcoin-getinfo',
    ports: { 'bitcoin-rpc': 8332 },
    installBudgetMs: 3 * MIN,
    actionBudgetMs: 2 * MIN,
    protected: true,
    notApplicable: [],
  },
  {
    id: 'lnd',
    title: 'LND',
    kind: 'backend',
    requires: ['bitcoin'],
    conflicts: [],
    containers: ['lnd'],
    imageHint: /lnd/i,
    ui: { proxyPath: '/app/lnd/', marker: 'Lightning' },
    rpcProbe: 'lnd-getinfo',
    ports: { 'lnd-rest': 8080 }, // GUESS: no evidence names an LND REST port (config/guesses.ts direct-ports)
    installBudgetMs: 5 * MIN, // KPI target < 60 s; wallet unlock dominates
    actionBudgetMs: 3 * MIN,
    protected: false,
    notApplicable: [],
  },
  {
    id: 'electrumx',
    title: 'ElectrumX',
    kind: 'backend',
    requires: ['bitcoin'],
    conflicts: [],
    containers: ['electrumx'],
    imageHint: /electrum/i,
    ui: { proxyPath: '/app/electrumx/', marker: 'Electrum' },
    rpcProbe: 'electrum',
    ports: { electrum: 50001 },
    installBudgetMs: 5 * MIN,
    actionBudgetMs: 3 * MIN,
    protected: false,
    notApplicable: [],
  },
  {
    id: 'btcpay-server',
    title: 'BTCPay Server',
    kind: 'backend',
    requires: ['bitcoin'],
    conflicts: [],
    containers: ['btcpay-server', 'archy-btcpay-db', 'archy-nbxplorer'],
    imageHint: /btcpay/i,
    ui: { proxyPath: '/app/btcpay/', marker: 'BTCPay' },
    rpcProbe: 'btcpay-frontend',
    installBudgetMs: 6 * MIN,
    actionBudgetMs: 3 * MIN,
    protected: false,
    notApplicable: [],
  },
  {
    id: 'mempool',
    title: 'Mempool',
    kind: 'backend',
    requires: ['bitcoin'],
    conflicts: [],
    containers: ['mempool', 'mempool-api', 'mempool-db'], // GUESS: names beside 'mempool-api'
    imageHint: /mempool/i,
    ui: { proxyPath: '/app/mempool/', marker: 'mempool' },
    rpcProbe: 'mempool-backend-info',
    installBudgetMs: 6 * MIN,
    actionBudgetMs: 3 * MIN,
    protected: false,
    notApplicable: [],
  },
  {
    id: 'fedimint',
    title: 'Fedimint',
    kind: 'backend',
    requires: ['bitcoin'],
    conflicts: [],
    containers: ['fedimint', 'fedimint-gateway'],
    imageHint: /fedimint/i,
    ui: { proxyPath: '/app/fedimint/', marker: 'Fedimint' },
    rpcProbe: 'fedimint-container',
    installBudgetMs: 6 * MIN,
    actionBudgetMs: 3 * MIN,
    protected: false,
    notApplicable: [],
  },
  {
    id: 'filebrowser',
    title: 'File Browser',
    kind: 'backend',
    requires: [],
    conflicts: [],
    containers: ['filebrowser'],
    imageHint: /filebrowser/i,
    ui: { proxyPath: '/app/filebrowser/', marker: 'File Browser' },
    rpcProbe: 'filebrowser-http',
    installBudgetMs: 3 * MIN,
    actionBudgetMs: 2 * MIN,
    protected: false,
    notApplicable: [],
    baseline: true,
  },
  {
    id: 'archy-bitcoin-ui',
    title: 'Bitcoin UI',
    kind: 'companion',
    requires: ['bitcoin'],
    conflicts: [],
    companionOf: 'bitcoin',
    containers: ['archy-bitcoin-ui'],
    imageHint: /bitcoin/i,
    ui: { directPort: { name: 'archy-bitcoin-ui', real: 8334 }, marker: 'Block height' },
    installBudgetMs: 2 * MIN,
    actionBudgetMs: 2 * MIN,
    protected: false,
    notApplicable: ['rpc', 'reinstall'],
  },
  {
    id: 'archy-lnd-ui',
    title: 'LND UI',
    kind: 'companion',
    requires: ['lnd'],
    conflicts: [],
    companionOf: 'lnd',
    containers: ['archy-lnd-ui'],
    imageHint: /lnd/i,
    ui: { proxyPath: '/app/lnd/', marker: 'Lightning' },
    installBudgetMs: 2 * MIN,
    actionBudgetMs: 2 * MIN,
    protected: false,
    notApplicable: ['rpc', 'reinstall'],
  },
  {
    id: 'archy-electrs-ui',
    title: 'Electrum UI',
    kind: 'companion',
    requires: ['electrumx'],
    conflicts: [],
    companionOf: 'electrumx',
    containers: ['archy-electrs-ui'],
    imageHint: /electr/i,
    ui: { proxyPath: '/app/electrumx/', marker: 'Electrum' },
    installBudgetMs: 2 * MIN,
    actionBudgetMs: 2 * MIN,
    protected: false,
    notApplicable: ['rpc', 'reinstall'],
  },
]);

/** An app id of the catalogue: a per-app map is a Record<AppId, …>, so a missing app fails typecheck. */
export type AppId = (typeof APPS)[number]['id'];

export function isAppId(id: string): id is AppId {
  return APPS.some((a) => a.id === id);
}

export function appById(id: string): AppEntry {
  const app = APPS.find((a) => a.id === id);
  if (!app) throw new Error(`Unknown app "${id}": config/apps.ts lists ${APPS.map((a) => a.id).join(', ')}`);
  return app;
}

/** The cells of the matrix that apply to an app. */
export function cellsFor(app: AppEntry): CellId[] {
  return CELLS.filter((c) => !app.notApplicable.includes(c));
}
