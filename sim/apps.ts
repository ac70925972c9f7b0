/**
 * The simulated node's own app definitions (sim/CONTRACT.md "Apps"). Deliberately independent of
 * the suite's config/apps.ts: the sim is a node, not a test double.
 * Durations are at time-scale 1 with the image present (archy-TESTING.md KPI targets as the scale).
 */
import { guess } from './guesses';

export type AppKind = 'backend' | 'companion';

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
  /** UI address: a direct port name (sim/surfaces/ports.ts) or a proxy path on the main port. */
  ui?: { directPort: string } | { proxyPath: string };
  /** `podman ps` Ports column: container ports and the direct port names they publish. */
  publishes: { name?: string; container: number; real: number }[];
}

const SEC = 1000;

function app(
  def: Omit<SimApp, 'companions' | 'conflicts' | 'baseline' | 'needsBitcoin' | 'publishes'> & Partial<SimApp>,
): SimApp {
  const out: SimApp = { companions: [], conflicts: [], baseline: false, needsBitcoin: false, publishes: [], ...def };
  const id = def.id;
  // helper containers vary with the variant (read on every use: the variant is set when a sim starts)
  Object.defineProperty(out, 'containers', {
    enumerable: true,
    get: () => (guess('container-names') as Record<string, readonly string[]>)[id] ?? def.containers,
  });
  return out;
}

export const SIM_APPS: readonly SimApp[] = [
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
    publishes: [{ name: 'bitcoin-rpc', container: 8332, real: 8332 }],
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
    publishes: [{ name: 'bitcoin-rpc', container: 8332, real: 8332 }],
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
    ui: { proxyPath: '/app/lnd/' },
    publishes: [
      { name: 'lnd-rest', container: 8080, real: 8080 },
      { container: 9735, real: 9735 },
    ],
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
    ui: { proxyPath: '/app/electrumx/' },
    publishes: [{ name: 'electrum', container: 50001, real: 50001 }],
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
    ui: { proxyPath: '/app/btcpay/' },
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
    ui: { proxyPath: '/app/mempool/' },
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
    ui: { proxyPath: '/app/fedimint/' },
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
    ui: { proxyPath: '/app/filebrowser/' },
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
    ui: { directPort: 'archy-bitcoin-ui' },
    publishes: [{ name: 'archy-bitcoin-ui', container: 80, real: 8334 }],
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
    ui: { proxyPath: '/app/lnd/' },
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
    ui: { proxyPath: '/app/electrumx/' },
  }),
];

export const BITCOIN_NODES = ['bitcoin-knots', 'bitcoin-core'] as const;

/** Durations of the other lifecycle steps at time-scale 1 (CONTRACT.md "Timings"). */
export const ACTION_MS = { stop: 3 * SEC, start: 5 * SEC, restart: 8 * SEC, uninstall: 4 * SEC } as const;

const BY_ID = new Map(SIM_APPS.map((a) => [a.id, a]));

export function simApp(id: string): SimApp | undefined {
  return BY_ID.get(id);
}

/** Every container name → the app that owns it. */
export function containerOwner(name: string): SimApp | undefined {
  return SIM_APPS.find((a) => a.containers.includes(name));
}
