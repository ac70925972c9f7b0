/**
 * The node registry: `sim` (the embedded reference node), `node-228`, `node-198`, and one more node per
 * `.env.node-<name>` file. playwright.config.ts generates `<node>-setup` and `<node>` projects from it;
 * fixtures resolve a node's NodeConfig from it.
 */
import { parseArgs } from 'node:util';
import { APPS } from './apps';
import { directPorts } from './catalogue';
import { ConfigError, globalEnv, nodeEnvFileNames, realNodeEnv, simReady } from './env';

export const SIM = 'sim';
export const ALWAYS_KNOWN_NODES = ['node-228', 'node-198'] as const;
/** The node in a container (lib/node-container/): its .env.node-container is written when the run starts it. */
export const NODE_CONTAINER = 'node-container';

/** What a test may know about the node it runs against (no password: see config/env.ts nodePassword). */
export interface NodeConfig {
  name: string;
  baseUrl: string;
  isSim: boolean;
  allowDestructive: boolean;
  allowChaos: boolean;
  /** Multiplies every catalogue budget (a real node: ARCHY_TIME_SCALE, default 1; the sim: its --time-scale). */
  timeScale: number;
  /** Direct ports by name (config/catalogue.ts directPorts: 'bitcoin-rpc', 'archy-bitcoin-ui', …). */
  ports: Record<string, number>;
  /** Schemes of direct ports that differ from the app's own (ARCHY_PORT_SCHEMES), by port name. */
  portSchemes?: Record<string, 'http:' | 'https:'>;
  /** Apps never uninstalled on this node (catalogue `protected`, minus ARCHY_UNPROTECT, plus the node's own list). */
  protectedApps: string[];
  /** Expected SHA-256 fingerprint of the node's CA (lowercase hex, no colons). */
  caSha256?: string;
  /** The node's CA as a PEM file (ARCHY_CA_FILE; the sim: its own ca.crt): the trust root without fetching it. */
  caFile?: string;
  hostname: string;
  /** The bitcoin node installed when an app needs one and none is installed (ARCHY_BITCOIN_NODE). */
  bitcoinNode?: string;
}

/**
 * The node container is a node when it is named on the command line (selecting it starts a container,
 * so a wildcard like node-* never does) or while its generated .env.node-container exists (the run's workers).
 */
function nodeContainerNamed(argv: readonly string[]): boolean {
  return projectFilters(argv).some((f) => f === NODE_CONTAINER || f === `${NODE_CONTAINER}-setup`);
}

/** Every node name the suite knows: sim first, then node-228, node-198, then other env files. */
export function nodeNames(): string[] {
  const names = new Set<string>([
    SIM,
    ...ALWAYS_KNOWN_NODES,
    ...(nodeContainerNamed(process.argv) ? [NODE_CONTAINER] : []),
    ...nodeEnvFileNames(),
  ]);
  return [...names];
}

/** Real-node direct ports from the catalogue (`ports` and direct UI ports). */
export function catalogueRealPorts(): Record<string, number> {
  return Object.fromEntries(Object.entries(directPorts()).map(([name, port]) => [name, port.real]));
}

function protectedApps(extra: string[], isSim: boolean): string[] {
  if (isSim) return [];
  const unprotect = globalEnv().unprotect;
  const fromCatalogue = APPS.filter((a) => a.protected).map((a) => a.id);
  return [...new Set([...fromCatalogue, ...extra])].filter((id) => !unprotect.includes(id));
}

/** The sim's NodeConfig, from the SIM_READY line of the running sim. */
export function simNodeConfig(): NodeConfig {
  const ready = simReady();
  const g = globalEnv();
  return {
    name: SIM,
    baseUrl: ready.baseUrl.replace(/\/+$/, ''),
    isSim: true,
    allowDestructive: !g.readOnly,
    allowChaos: !g.readOnly,
    timeScale: ready.timeScale,
    ports: { ...ready.ports },
    protectedApps: protectedApps([], true),
    caSha256: ready.caSha256 ? ready.caSha256.replace(/:/g, '').toLowerCase() : undefined,
    caFile: ready.caCertPath ?? undefined,
    hostname: ready.hostname,
    bitcoinNode: g.bitcoinNode,
  };
}

/** A real node's NodeConfig; throws a ConfigError that names the variable and `.env.<node>` file. */
export function realNodeConfig(name: string): NodeConfig {
  const env = realNodeEnv(name);
  const g = globalEnv();
  return {
    name,
    baseUrl: env.baseUrl,
    // ARCHY_NODE_IS_SIM (the node container): disposable like the embedded sim, but controlled over SSH.
    isSim: env.isSim,
    allowDestructive: (env.isSim || g.allowDestructive) && !g.readOnly,
    allowChaos: (env.isSim || (g.allowDestructive && g.allowChaos)) && !g.readOnly,
    timeScale: env.timeScale,
    ports: { ...catalogueRealPorts(), ...env.portOverrides },
    portSchemes: env.portSchemes,
    protectedApps: protectedApps(env.protectedApps, env.isSim),
    caSha256: env.caSha256,
    caFile: env.caFile,
    hostname: env.hostname ?? new URL(env.baseUrl).hostname,
    bitcoinNode: g.bitcoinNode,
  };
}

export function nodeConfig(name: string): NodeConfig {
  if (name === SIM) return simNodeConfig();
  if (!nodeNames().includes(name))
    throw new ConfigError(`Unknown node "${name}": known nodes are ${nodeNames().join(', ')}`);
  return realNodeConfig(name);
}

// ---------------------------------------------------------------------------------------------
// Which nodes does this run select? Decided from the command line, as Playwright's --project does.

/** Values of every `--project` / `--project=` / `-p`-less flag on a playwright command line. */
export function projectFilters(argv: readonly string[]): string[] {
  // strict: false: this reads Playwright's own command line, whose other options are not ours to know
  const { values } = parseArgs({
    args: [...argv],
    options: { project: { type: 'string', multiple: true } },
    strict: false,
    allowPositionals: true,
  });
  return (values.project ?? [])
    .filter((v): v is string => typeof v === 'string')
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
}

function globMatches(pattern: string, name: string): boolean {
  const re = new RegExp(
    '^' +
      pattern
        .split('*')
        .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*') +
      '$',
    'i',
  );
  return re.test(name);
}

/** Is a node selected by these --project filters? No filter selects the sim only. */
export function isNodeSelected(node: string, filters: readonly string[]): boolean {
  if (filters.length === 0) return node === SIM;
  return filters.some(
    (f) => globMatches(f, node) || globMatches(f, `${node}-setup`) || globMatches(f, `${node}-teardown`),
  );
}

export function selectedNodes(argv: readonly string[]): string[] {
  const filters = projectFilters(argv);
  return nodeNames().filter((n) => isNodeSelected(n, filters));
}
