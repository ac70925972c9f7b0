/**
 * The simulated node's own app descriptions (sim/CONTRACT.md "Apps"): the one place the sim keeps
 * what it knows of each app. The surfaces' proxy paths and direct ports, the dashboard's Launch
 * targets, the port numbers and the fault prose derive from here. Deliberately independent of the
 * suite's config/apps.ts (the sim is a node, not a test double); tests/app-descriptions.test.ts
 * holds the two against each other.
 * Durations are at time-scale 1 with the image present (archy-TESTING.md KPI targets as the scale).
 */
import { guess } from './guesses';

export type AppKind = 'backend' | 'companion';

/**
 * The direct ports a node can serve: the real node's number, and the sim's offset from its
 * --port-base (the default variant; guess direct-port-numbers may move them). Which app serves one:
 * the apps whose `publishes` name it.
 */
export const DIRECT_PORTS = {
  'bitcoin-rpc': { real: 8332, offset: 0 },
  'archy-bitcoin-ui': { real: 8334, offset: 1 },
  electrum: { real: 50001, offset: 2 },
  'lnd-rest': { real: 8080, offset: 3 },
} as const satisfies Record<string, { real: number; offset: number }>;

export type DirectPortName = keyof typeof DIRECT_PORTS;
export const DIRECT_PORT_NAMES = Object.keys(DIRECT_PORTS) as DirectPortName[];

export interface Published {
  /** A direct port's name (DIRECT_PORTS); unnamed ports are only seen in `podman ps`. */
  name?: DirectPortName;
  container: number;
  real: number;
}

export interface SimApp {
  id: string;
  title: string;
  version: string;
  image: string;
  short: string;
  kind: AppKind;
  /** Containers the app runs: the app id first, helpers as the guess container-names chose. */
  readonly containers: readonly string[];
  /** Needs a running bitcoin node to install or start. */
  needsBitcoin: boolean;
  /** Companions: the backend they come and go with ('bitcoin' = whichever bitcoin node). */
  companionOf?: string;
  /** Backends: the companions installed and uninstalled with them. */
  companions: string[];
  conflicts: string[];
  /** Installed and running on every fresh node (archy's baseline). */
  baseline: boolean;
  installMs: number;
  /** The path segment nginx serves this app's container under (`/app/<proxy>/` on the main port). */
  proxy?: string;
  /**
   * Where its UI opens: a direct port, or `proxy` — its own proxy path, else its UI companion's.
   * None: the app has no UI.
   */
  ui?: { directPort: DirectPortName } | 'proxy';
  /** `podman ps` Ports column: container ports and the direct port names they publish. */
  publishes: Published[];
}

/** A published direct port, its real number from DIRECT_PORTS. */
function direct(name: DirectPortName, container: number): Published {
  return { name, container, real: DIRECT_PORTS[name].real };
}

const SEC = 1000;

type AppDef = Omit<SimApp, 'companions' | 'conflicts' | 'baseline' | 'needsBitcoin' | 'publishes'> & Partial<SimApp>;

/** An app with its defaults; its id and proxy path keep their literal types (SimAppId, ProxiedAppId). */
function app<Id extends string, P extends string | undefined = undefined>(
  def: AppDef & { id: Id; proxy?: P },
): SimApp & { id: Id } & (P extends string ? { proxy: P } : unknown) {
  const out: SimApp = { companions: [], conflicts: [], baseline: false, needsBitcoin: false, publishes: [], ...def };
  const id = def.id;
  // helper containers vary with the variant (read on every use: the variant is set when a sim starts)
  Object.defineProperty(out, 'containers', {
    enumerable: true,
    get: () => (guess('container-names') as Record<string, readonly string[]>)[id] ?? def.containers,
  });
  return out as SimApp & { id: Id } & (P extends string ? { proxy: P } : unknown);
}

export const SIM_APPS = [
  app({
    id: 'bitcoin-knots',
    title: 'Bitcoin Knots',
    version: '28.1.0',
    image: 'ghcr.io/archipelago/bitcoin-knots:28.1',
    short: 'A full Bitcoin node (Knots)',
    kind: 'backend',
    containers: ['bitcoin-knots'],
    companions: ['archy-bitcoin-ui'],
    conflicts: ['bitcoin-core'],
    installMs: 20 * SEC,
    ui: { directPort: 'archy-bitcoin-ui' },
    publishes: [direct('bitcoin-rpc', 8332)],
  }),
  app({
    id: 'bitcoin-core',
    title: 'Bitcoin Core',
    version: '28.1.0',
    image: 'ghcr.io/archipelago/bitcoin-core:28.1',
    short: 'A full Bitcoin node (Core)',
    kind: 'backend',
    containers: ['bitcoin-core'],
    companions: ['archy-bitcoin-ui'],
    conflicts: ['bitcoin-knots'],
    installMs: 20 * SEC,
    ui: { directPort: 'archy-bitcoin-ui' },
    publishes: [direct('bitcoin-rpc', 8332)],
  }),
  app({
    id: 'lnd',
    title: 'LND',
    version: '0.18.4',
    image: 'docker.io/lightninglabs/lnd:v0.18.4-beta',
    short: 'Lightning Network Daemon',
    kind: 'backend',
    containers: ['lnd'],
    needsBitcoin: true,
    companions: ['archy-lnd-ui'],
    installMs: 40 * SEC,
    ui: 'proxy',
    publishes: [direct('lnd-rest', 8080), { container: 9735, real: 9735 }],
  }),
  app({
    id: 'electrumx',
    title: 'ElectrumX',
    version: '1.16.0',
    image: 'docker.io/lukechilds/electrumx:v1.16.0',
    short: 'Electrum server',
    kind: 'backend',
    containers: ['electrumx'],
    needsBitcoin: true,
    companions: ['archy-electrs-ui'],
    installMs: 25 * SEC,
    ui: 'proxy',
    publishes: [direct('electrum', 50001)],
  }),
  app({
    id: 'btcpay-server',
    title: 'BTCPay Server',
    version: '2.0.7',
    image: 'docker.io/btcpayserver/btcpayserver:2.0.7',
    short: 'Self-hosted payment processor',
    kind: 'backend',
    needsBitcoin: true,
    installMs: 45 * SEC,
    containers: ['btcpay-server', 'archy-btcpay-db', 'archy-nbxplorer'],
    proxy: 'btcpay',
    ui: 'proxy',
    publishes: [{ container: 49392, real: 23000 }],
  }),
  app({
    id: 'mempool',
    title: 'Mempool',
    version: '3.0.0',
    image: 'docker.io/mempool/frontend:v3.0.0',
    short: 'Mempool visualizer and block explorer',
    kind: 'backend',
    needsBitcoin: true,
    installMs: 35 * SEC,
    containers: ['mempool', 'mempool-api', 'mempool-db'],
    proxy: 'mempool',
    ui: 'proxy',
    publishes: [{ container: 8080, real: 4080 }],
  }),
  app({
    id: 'fedimint',
    title: 'Fedimint',
    version: '0.5.0',
    image: 'docker.io/fedimint/fedimintd:v0.5.0',
    short: 'Federated Chaumian e-cash mint',
    kind: 'backend',
    needsBitcoin: true,
    installMs: 30 * SEC,
    containers: ['fedimint', 'fedimint-gateway'],
    proxy: 'fedimint',
    ui: 'proxy',
    publishes: [
      { container: 8174, real: 8174 },
      { container: 8175, real: 8175 },
    ],
  }),
  app({
    id: 'filebrowser',
    title: 'File Browser',
    version: '2.31.2',
    image: 'docker.io/filebrowser/filebrowser:v2.31.2',
    short: 'Browse and share the files of your node',
    kind: 'backend',
    containers: ['filebrowser'],
    baseline: true,
    installMs: 10 * SEC,
    proxy: 'filebrowser',
    ui: 'proxy',
    publishes: [{ container: 80, real: 8083 }],
  }),
  app({
    id: 'fedimint-clientd',
    title: 'Fedimint Client',
    version: '0.4.0',
    image: 'docker.io/fedimint/fedimint-clientd:v0.4.0',
    short: 'Fedimint client daemon for the node wallet',
    kind: 'backend',
    containers: ['fedimint-clientd'],
    baseline: true,
    installMs: 10 * SEC,
    publishes: [{ container: 3333, real: 3333 }],
  }),
  app({
    id: 'archy-bitcoin-ui',
    title: 'Bitcoin UI',
    version: '1.9.0',
    image: 'ghcr.io/archipelago/archy-bitcoin-ui:1.9.0',
    short: 'Dashboard for the bitcoin node',
    kind: 'companion',
    companionOf: 'bitcoin',
    containers: ['archy-bitcoin-ui'],
    installMs: 5 * SEC,
    proxy: 'bitcoin-ui', // archy's mock backend serves /app/bitcoin-ui/rpc/v1 (§4.4)
    ui: { directPort: 'archy-bitcoin-ui' },
    publishes: [direct('archy-bitcoin-ui', 80)],
  }),
  app({
    id: 'archy-lnd-ui',
    title: 'LND UI',
    version: '1.9.0',
    image: 'ghcr.io/archipelago/archy-lnd-ui:1.9.0',
    short: 'Dashboard for LND',
    kind: 'companion',
    companionOf: 'lnd',
    containers: ['archy-lnd-ui'],
    installMs: 5 * SEC,
    proxy: 'lnd',
    ui: 'proxy',
  }),
  app({
    id: 'archy-electrs-ui',
    title: 'Electrum UI',
    version: '1.9.0',
    image: 'ghcr.io/archipelago/archy-electrs-ui:1.9.0',
    short: 'Dashboard for the Electrum server',
    kind: 'companion',
    companionOf: 'electrumx',
    containers: ['archy-electrs-ui'],
    installMs: 5 * SEC,
    proxy: 'electrumx',
    ui: 'proxy',
  }),
] as const;

export type SimAppId = (typeof SIM_APPS)[number]['id'];
/** The apps nginx proxies a path to: each needs a page (sim/surfaces/proxy-apps.ts). */
export type ProxiedAppId = Extract<(typeof SIM_APPS)[number], { proxy: string }>['id'];

export const BITCOIN_NODES = ['bitcoin-knots', 'bitcoin-core'] as const;

/** Durations of the other lifecycle steps at time-scale 1 (CONTRACT.md "Timings"). */
export const ACTION_MS = { stop: 3 * SEC, start: 5 * SEC, restart: 8 * SEC, uninstall: 4 * SEC } as const;

const BY_ID = new Map<string, SimApp>(SIM_APPS.map((a) => [a.id, a]));

export function simApp(id: string): SimApp | undefined {
  return BY_ID.get(id);
}

/** Every container name → the app that owns it. */
export function containerOwner(name: string): SimApp | undefined {
  return SIM_APPS.find((a) => a.containers.includes(name));
}

/** The app's UI companion (a backend's first companion), if it has one. */
export function uiCompanion(app: SimApp): SimApp | undefined {
  return app.kind === 'backend' && app.companions[0] ? simApp(app.companions[0]) : undefined;
}

/** `/app/<segment>/` where the app's UI opens through nginx: its own proxy path, else its UI companion's. */
export function proxyPathOf(app: SimApp): string | undefined {
  const segment = app.proxy ?? uiCompanion(app)?.proxy;
  return segment ? `/app/${segment}/` : undefined;
}

/** The apps nginx proxies, with the containers that must be up for the upstream to answer (the app, and its backend for a companion). */
export function proxiedApps(): { app: SimApp & { id: ProxiedAppId }; path: string; needs: string[] }[] {
  return (SIM_APPS as readonly SimApp[]).flatMap((app) =>
    app.proxy
      ? [
          {
            app: app as SimApp & { id: ProxiedAppId },
            path: app.proxy,
            needs: [app.id, ...(app.companionOf && app.companionOf !== 'bitcoin' ? [app.companionOf] : [])],
          },
        ]
      : [],
  );
}

/** The apps that publish a direct port (both bitcoin nodes publish bitcoin-rpc). */
export function directPortOwners(name: DirectPortName): SimApp[] {
  return (SIM_APPS as readonly SimApp[]).filter((a) => a.publishes.some((p) => p.name === name));
}
