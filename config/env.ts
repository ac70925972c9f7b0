/**
 * The ONLY reader of process.env in the suite.
 *
 * Global settings come from the process environment, then `.env` (process wins).
 * Per-node settings come from `.env.<node>` only (e.g. `.env.node-228`), so one node's password can never
 * leak into another node's run. Every error names the variable, the node and the file to fix.
 * Every variable is documented in `.env.example`.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { availableParallelism, homedir } from 'node:os';
import path from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { z } from 'zod';

/** Repository root (this file lives in <root>/config). */
export const REPO_ROOT = path.resolve(__dirname, '..');

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const flag = z
  .string()
  .optional()
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

const globalSchema = z.object({
  ARCHY_ENV_DIR: z.string().optional(),
  ARCHY_OUTPUT_ROOT: z.string().optional(),
  ARCHY_ALLOW_DESTRUCTIVE: flag,
  ARCHY_ALLOW_CHAOS: flag,
  ARCHY_READ_ONLY: flag,
  ARCHY_UNPROTECT: z.string().optional(),
  ARCHY_SIM_TIME_SCALE: z.coerce.number().positive().max(10).optional(),
  ARCHY_SIM_READY: z.string().optional(),
  // on unless 0/false/no: the embedded sim serves https with its own CA, pinned like a real node's
  ARCHY_SIM_TLS: z
    .string()
    .optional()
    .transform((v) => !(v === '0' || v === 'false' || v === 'no')),
  // the sim's variant (sim/guesses/): "default", a seed, or "<seed>,<guess>=<choice>,…"
  ARCHY_SIM_VARIANT: z
    .string()
    .regex(
      /^[A-Za-z0-9._-]{1,64}(,[a-z0-9-]+=[A-Za-z0-9._-]+)*$/,
      'is "default", a seed (A-Z a-z 0-9 . _ -) or "<seed>,<guess>=<choice>,…"',
    )
    .optional(),
  ARCHY_SPEC_DIRS: z.string().optional(),
  ARCHY_APP_CONCURRENCY: z
    .string()
    .regex(/^(on|off|[1-8])$/, { error: 'must be on, off or a number of workers from 1 to 8' })
    .optional(),
  // evidence-suite: node profiles (config/profiles.ts) and the survey's output (scripts/survey.ts)
  ARCHY_PROFILE: z.string().optional(),
  ARCHY_SURVEY_OUT: z.string().optional(),
  ARCHY_BITCOIN_NODE: z
    .enum(['bitcoin-knots', 'bitcoin-core'], { error: 'must be bitcoin-knots or bitcoin-core' })
    .optional(),
  PLAYWRIGHT_CHROMIUM_EXECUTABLE: z.string().optional(),
  ARCHY_BROWSER_INSTALL: z.enum(['0', '1', 'false', 'true', 'no', 'yes']).optional(),
  PATH: z.string().optional(),
  CI: flag,
  /** Sim faults switched on inside the node container (--project=node-container), comma list. */
  ARCHY_NODE_CONTAINER_FAULTS: z.string().optional(),
  // the first repetition's index in the whole gate (scripts/gate.ts sets it per shard; fixtures/stack-rotation.ts)
  ARCHY_REPETITION_OFFSET: z.coerce.number().int().min(0).optional(),
  /** Where the node container's root filesystem tarball and compile cache are kept (scripts/build-node-image.sh reads it too). */
  ARCHY_NODE_IMAGE_CACHE: z.string().optional(),
});

export interface GlobalEnv {
  /** Where `.env` and `.env.<node>` files are read from (default: the repository root). */
  envDir: string;
  /** Root of generated output: test-results/, reports/, .auth/ (default: the repository root). */
  outputRoot: string;
  allowDestructive: boolean;
  allowChaos: boolean;
  /** Treat the sim like a real node without permissions: @destructive and @chaos are skipped there too. */
  readOnly: boolean;
  /** App ids whose `protected` flag is lifted for this run. */
  unprotect: string[];
  simTimeScale: number;
  /** Start the embedded sim with --tls (https with its own CA; preflight then checks the pin). */
  simTls: boolean;
  /** The embedded sim's variant (`--variant`): one choice per guess of sim/guesses/; `default` = the sim's own choices. */
  simVariant: string;
  /** Spec folders of the `<node>` projects (default: api-specs, journeys, survival, perf). */
  specDirs: string[];
  chromiumExecutable?: string;
  /** Where config/browser.ts looks for a system Chromium (the process PATH). */
  searchPath: string;
  /** May `npm run main` / `npm test` install a Chromium when none is found (ARCHY_BROWSER_INSTALL=0 forbids it)? */
  browserInstall: boolean;
  ci: boolean;
  /** ARCHY_NODE_CONTAINER_FAULTS. */
  nodeContainerFaults: string[];
  /** ARCHY_NODE_IMAGE_CACHE (default ~/.cache/archy-e2e). */
  nodeImageCache: string;
  /** ARCHY_APP_CONCURRENCY: workers per node for apps that share nothing (undefined = the node's default). */
  appConcurrency?: number;
  /** A profile file to use instead of profiles/<node>.json; "none" = no profile (evidence only). */
  profile?: string;
  /** Where the survey writes its profile (default profiles/<node>.json). */
  surveyOut?: string;
  /** The bitcoin node a destructive run installs when an app needs one and none is installed (default bitcoin-knots). */
  bitcoinNode: 'bitcoin-knots' | 'bitcoin-core';
  /** ARCHY_REPETITION_OFFSET: this process's first repetition in the whole gate (a shard's offset; default 0). */
  repetitionOffset: number;
}

// --- app concurrency (issue 13) ---
/** Workers per node when ARCHY_APP_CONCURRENCY is `on` (the time-scaled sim's default, too). */
export const APP_CONCURRENCY_ON = 4;

/**
 * The sim's default at real timings (ARCHY_SIM_TIME_SCALE ≥ 0.5): its cells wait on the clock
 * (installs, stay-up windows), not on the cores, so each app chain that can run beside the others
 * gets a worker (the 8 apps that only use the bitcoin node, its UI companions included). At scale 1
 * with 4, the last four chains waited ~120 s for a worker.
 */
export const APP_CONCURRENCY_SIM_REAL_TIME = 8;

function parseConcurrency(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (v === 'on') return APP_CONCURRENCY_ON;
  if (v === 'off') return 1;
  return Number(v);
}

/**
 * The sim's default in a read-only run (ARCHY_READ_ONLY): its cells wait on no clock, only on the
 * answers of a node on this machine, so the runner's own CPU is what they share. A worker per core
 * (at most APP_CONCURRENCY_ON): each worker more only adds its start-up (~0.8 s of CPU). On this
 * 2-core machine `npm run bench:l1l2`, interleaved runs: 4 workers 9.2 s, 3 workers 7.7 s, 2 workers 7.1 s (medians of 5).
 */
export function readOnlySimConcurrency(cores = availableParallelism()): number {
  return Math.max(1, Math.min(APP_CONCURRENCY_ON, cores));
}

/** Workers for one node: the setting, else on for the sim (more at real timings, a worker per core when read-only) and off (1) for a real node. */
export function appConcurrencyFor(isSim: boolean): number {
  const g = globalEnv();
  if (g.appConcurrency !== undefined) return g.appConcurrency;
  if (!isSim) return 1;
  if (g.readOnly) return readOnlySimConcurrency();
  return g.simTimeScale >= 0.5 ? APP_CONCURRENCY_SIM_REAL_TIME : APP_CONCURRENCY_ON;
}
// --- end app concurrency ---

function readEnvFile(file: string): Record<string, string> {
  if (!existsSync(file)) return {};
  // An empty value (`ARCHY_CA_SHA256=` as in .env.example) means "not set".
  return Object.fromEntries(Object.entries(parseDotenv(readFileSync(file))).filter(([, v]) => v !== ''));
}

function formatIssues(error: z.ZodError, where: string): string {
  return error.issues.map((i) => `${i.path.join('.') || '(value)'} ${i.message.toLowerCase()} ${where}`).join('; ');
}

let cachedGlobal: GlobalEnv | undefined;

export function globalEnv(): GlobalEnv {
  if (cachedGlobal) return cachedGlobal;
  const envDir = path.resolve(process.env.ARCHY_ENV_DIR ?? REPO_ROOT);
  const merged = { ...readEnvFile(path.join(envDir, '.env')), ...pickDefined(process.env) };
  const parsed = globalSchema.safeParse(merged);
  if (!parsed.success) {
    throw new ConfigError(
      `Invalid setting: ${formatIssues(parsed.error, `(process environment or ${path.join(envDir, '.env')})`)}`,
    );
  }
  const g = parsed.data;
  cachedGlobal = {
    envDir,
    outputRoot: path.resolve(g.ARCHY_OUTPUT_ROOT ?? REPO_ROOT),
    allowDestructive: g.ARCHY_ALLOW_DESTRUCTIVE,
    allowChaos: g.ARCHY_ALLOW_CHAOS,
    readOnly: g.ARCHY_READ_ONLY,
    unprotect: splitList(g.ARCHY_UNPROTECT),
    simTimeScale: g.ARCHY_SIM_TIME_SCALE ?? 0.05,
    simTls: g.ARCHY_SIM_TLS,
    simVariant: g.ARCHY_SIM_VARIANT ?? 'default',
    specDirs: g.ARCHY_SPEC_DIRS ? splitList(g.ARCHY_SPEC_DIRS) : ['api-specs', 'journeys', 'survival', 'chaos', 'perf'],
    chromiumExecutable: g.PLAYWRIGHT_CHROMIUM_EXECUTABLE,
    searchPath: g.PATH ?? '',
    browserInstall: !['0', 'false', 'no'].includes(g.ARCHY_BROWSER_INSTALL ?? '1'),
    ci: g.CI,
    nodeContainerFaults: splitList(g.ARCHY_NODE_CONTAINER_FAULTS),
    nodeImageCache: path.resolve(g.ARCHY_NODE_IMAGE_CACHE ?? path.join(homedir(), '.cache', 'archy-e2e')),
    appConcurrency: parseConcurrency(g.ARCHY_APP_CONCURRENCY),
    profile: g.ARCHY_PROFILE,
    surveyOut: g.ARCHY_SURVEY_OUT,
    bitcoinNode: g.ARCHY_BITCOIN_NODE ?? 'bitcoin-knots',
    repetitionOffset: g.ARCHY_REPETITION_OFFSET ?? 0,
  };
  return cachedGlobal;
}

/** Where generated output goes (all under ARCHY_OUTPUT_ROOT, default the repository root; all git-ignored). */
export function outputPaths(root: string = globalEnv().outputRoot) {
  return {
    root,
    testResults: path.join(root, 'test-results'),
    reports: path.join(root, 'reports'),
    html: path.join(root, 'reports', 'html'),
    allureResults: path.join(root, 'reports', 'allure-results'),
    /** The node's facts from preflight (read by the Allure environment widget). */
    envFacts: (node: string) => path.join(root, 'reports', 'env', `${node}.json`),
    /** storageState of a node's session (cookies: secret, mode 0600). */
    authFile: (node: string) => path.join(root, '.auth', `${node}.json`),
    /** What the node had before the run (setup/), restored by `<node>-teardown`; left behind by a run killed hard. */
    snapshotFile: (node: string) => path.join(root, '.auth', `${node}.before-run.json`),
    /** The node's trust root as preflight resolved it (lib/http/trust-root.ts). */
    trustFile: (node: string) => path.join(root, '.auth', `${node}.trust.json`),
    /** Every selected node's trust root, for Playwright's request contexts (NODE_EXTRA_CA_CERTS). */
    caBundle: path.join(root, '.auth', 'node-cas.pem'),
  };
}

/**
 * One id per `playwright test` process tree: set by the config in the runner (process.env, inherited by
 * its workers), so the teardown knows the snapshot on disk is this run's and not a killed run's.
 */
export function runId(): string {
  if (!process.env.ARCHY_RUN_ID) process.env.ARCHY_RUN_ID = `${process.pid}-${Date.now().toString(36)}`;
  return process.env.ARCHY_RUN_ID;
}

/** Set by `npm run gate -- --max-hours H` for its Playwright processes: the budget and when it runs out. */
export const GATE_MAX_HOURS_ENV = 'ARCHY_GATE_MAX_HOURS';
export const GATE_DEADLINE_ENV = 'ARCHY_GATE_DEADLINE';

/** The gate's wall-clock budget: hours and the epoch ms at which no further test starts; undefined outside a bounded gate. */
export function gateBudgetFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): { maxHours: number; deadline: number } | undefined {
  const maxHours = Number(env[GATE_MAX_HOURS_ENV]);
  const deadline = Number(env[GATE_DEADLINE_ENV]);
  if (!env[GATE_DEADLINE_ENV] || !Number.isFinite(deadline) || !(maxHours > 0)) return undefined;
  return { maxHours, deadline };
}

/** Forget the parsed settings (tests change the environment between cases). */
export function resetEnvCache(): void {
  cachedGlobal = undefined;
}

function pickDefined(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v !== '') out[k] = v;
  return out;
}

function splitList(v: string | undefined): string[] {
  return (v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

// ---------------------------------------------------------------------------------------------
// The embedded reference node: what its SIM_READY line says (sim/CONTRACT.md "Start-up").

export const simReadySchema = z.object({
  baseUrl: z.string().url(),
  rpcUrl: z.string(),
  wsUrl: z.string(),
  adminUrl: z.string().url(),
  adminToken: z.string().min(1),
  hostname: z.string(),
  version: z.string(),
  dataDir: z.string(),
  pid: z.number(),
  tls: z.boolean(),
  caSha256: z.string().nullable(),
  caCertPath: z.string().nullable(),
  timeScale: z.number().positive(),
  faults: z.array(z.string()),
  portBase: z.number(),
  ports: z.record(z.string(), z.number()),
  // which variant of the reference node runs (sim/guesses/); absent from sims older than variants
  variant: z
    .object({
      spec: z.string(),
      seed: z.string(),
      choices: z.record(z.string(), z.string()),
      differs: z.array(z.string()),
    })
    .optional(),
});
export type SimReady = z.infer<typeof simReadySchema>;

/** Parse a SIM_READY JSON payload (also used by tests that start a sim themselves). */
export function parseSimReady(json: string, source: string): SimReady {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new ConfigError(`The sim's SIM_READY line is not JSON (${source}): ${json.slice(0, 120)}`);
  }
  const parsed = simReadySchema.safeParse(value);
  if (!parsed.success)
    throw new ConfigError(
      `The sim's SIM_READY line does not match sim/CONTRACT.md (${source}): ${formatIssues(parsed.error, '')}`,
    );
  return parsed.data;
}

/** SIM_READY of the running sim, set by the config's global setup (lib/sim-global-setup.ts) or by whoever started it. */
export function simReady(): SimReady {
  const raw = process.env.ARCHY_SIM_READY;
  if (!raw) {
    throw new ConfigError(
      'The sim is not running: ARCHY_SIM_READY is not set. Run with --project=sim (playwright.config.ts starts it) or export the SIM_READY JSON of a running sim as ARCHY_SIM_READY.',
    );
  }
  return parseSimReady(raw, 'ARCHY_SIM_READY');
}

/** Hands a started sim's SIM_READY JSON to this process and its children (Playwright's workers). */
export function exportSimReady(json: string): void {
  process.env.ARCHY_SIM_READY = json;
}

/**
 * Hands the selected nodes' CAs to Playwright's request contexts in the workers (read by Node when a
 * process starts, so it is set before the runner starts them).
 */
export function exportExtraCaCerts(file: string): void {
  process.env.NODE_EXTRA_CA_CERTS = file;
}

/** The CA bundle this process started with (NODE_EXTRA_CA_CERTS), if any. */
export function extraCaCerts(): string | undefined {
  return process.env.NODE_EXTRA_CA_CERTS || undefined;
}

/** This process's environment with NODE_EXTRA_CA_CERTS set, for a child that must trust those CAs. */
export function envWithExtraCaCerts(file: string): NodeJS.ProcessEnv {
  return { ...process.env, NODE_EXTRA_CA_CERTS: file };
}

/** Has a sim been started outside Playwright (then the config does not start one)? */
export function externalSimReady(): boolean {
  return Boolean(process.env.ARCHY_SIM_READY);
}

// ---------------------------------------------------------------------------------------------
// Per-node settings: `.env.<node>`.

export const DEFAULT_SIM_PASSWORD = 'password123';

const nodeSchema = z.object({
  ARCHY_BASE_URL: z.string({ error: 'is not set' }).url({ error: 'is not a URL (e.g. https://192.168.1.228)' }),
  ARCHY_PASSWORD: z.string({ error: 'is not set' }).min(1, { error: 'is empty' }),
  ARCHY_CA_SHA256: z
    .string()
    .transform((v) => v.replace(/:/g, '').toLowerCase())
    .pipe(
      z.string().regex(/^[0-9a-f]{64}$/, { error: 'must be a SHA-256 fingerprint (64 hex digits, colons allowed)' }),
    )
    .optional(),
  /** The node's CA as a PEM file (path, relative to the env dir): the trust root without fetching http://<node>/ca.crt. */
  ARCHY_CA_FILE: z.string().optional(),
  ARCHY_HOSTNAME: z.string().optional(),
  /** Direct ports that differ from the catalogue's real-node defaults: "lnd-rest=8081,electrum=50002". */
  ARCHY_PORTS: z.string().optional(),
  /** Multiplies every budget and hold on this node (default 1; a sim addressed as a real node: its --time-scale). */
  ARCHY_TIME_SCALE: z.coerce.number().positive().max(10).optional(),
  /** Schemes of direct ports that differ from the app's own: "lnd-rest=http". */
  ARCHY_PORT_SCHEMES: z.string().optional(),
  /** Extra protected apps on this node (comma list), beside the catalogue's. */
  ARCHY_PROTECTED_APPS: z.string().optional(),
  // --- SSH control of the node (lib/control/ssh/) ---
  ARCHY_SSH_HOST: z.string().optional(),
  ARCHY_SSH_USER: z.string().optional(),
  ARCHY_SSH_PORT: z.coerce.number().int().positive().max(65535, { error: 'must be a TCP port (1-65535)' }).optional(),
  ARCHY_SSH_KEY: z.string().optional(),
  /** The node's SSH host key, as `ssh-keygen -lf` prints it: SHA256:<base64> (the prefix is optional). */
  ARCHY_SSH_HOST_KEY_SHA256: z
    .string()
    .transform((v) =>
      v
        .trim()
        .replace(/^SHA256:/, '')
        .replace(/=+$/, ''),
    )
    .pipe(
      z.string().regex(/^[A-Za-z0-9+/]{43}$/, {
        error: 'must be a SHA-256 host key fingerprint as ssh-keygen -lf prints it (SHA256:<43 base64 characters>)',
      }),
    )
    .optional(),
  /** Trust an unpinned host key on first use (then remembered in .auth/<node>.ssh-host-key; a changed key is refused). */
  ARCHY_SSH_ACCEPT_NEW: flag,
  /**
   * Host facts (lib/control/ssh/host-facts.ts): discovered over SSH from the daemon's unit where the
   * host tells them; a setting here wins over what is discovered.
   */
  ARCHY_SSH_UNIT: z
    .string()
    .regex(/^[A-Za-z0-9:_.@-]+$/, { error: 'must be a systemd unit name (letters, digits, :_.@-)' })
    .optional(),
  ARCHY_SSH_PODMAN_USER: z
    .string()
    .regex(/^[a-z_][a-z0-9_-]*\$?$/, { error: 'must be a user name on the node' })
    .optional(),
  ARCHY_SSH_CONFIG_FILE: z.string().startsWith('/', { error: 'must be an absolute path on the node' }).optional(),
  ARCHY_SSH_STATE_DB: z.string().startsWith('/', { error: 'must be an absolute path on the node' }).optional(),
  ARCHY_SSH_JOURNAL_UNIT: z
    .string()
    .regex(/^[A-Za-z0-9:_.@-]+$/, { error: 'must be a systemd unit name (letters, digits, :_.@-)' })
    .optional(),
  /** The node is a reference sim reached over the network (the node container): disposable like the embedded sim, controlled over SSH. */
  ARCHY_NODE_IS_SIM: flag,
  // --- end SSH control ---
});

export interface NodeEnv {
  name: string;
  envFile: string;
  baseUrl: string;
  caSha256?: string;
  /** ARCHY_CA_FILE, resolved against the env dir. */
  caFile?: string;
  hostname?: string;
  portOverrides: Record<string, number>;
  portSchemes: Record<string, 'http:' | 'https:'>;
  timeScale: number;
  protectedApps: string[];
  ssh?: SshSettings;
  /** ARCHY_NODE_IS_SIM: a sim reached over the network (the node container). */
  isSim: boolean;
}

/** Host facts a node's env file may set (each undefined: discover it). */
export interface HostFactSettings {
  /** ARCHY_SSH_UNIT: the daemon's systemd unit. */
  unit?: string;
  /** ARCHY_SSH_PODMAN_USER: the user that owns the app containers (rootless podman). */
  podmanUser?: string;
  /** ARCHY_SSH_CONFIG_FILE: the daemon's config file. */
  configFile?: string;
  /** ARCHY_SSH_STATE_DB: the daemon's state DB. */
  stateDb?: string;
  /** ARCHY_SSH_JOURNAL_UNIT: the unit whose journal has the daemon's log lines. */
  journalUnit?: string;
}

/** How to reach a node over SSH (no key material: only the key's path). */
export interface SshSettings {
  node: string;
  envFile: string;
  host: string;
  user: string;
  port: number;
  keyPath: string;
  /** Pinned host key fingerprint (base64 of SHA-256, no prefix, no padding). */
  hostKeySha256?: string;
  acceptNew: boolean;
  /** Host facts set for this node (ARCHY_SSH_UNIT, …): they win over what is discovered over SSH. */
  facts: HostFactSettings;
  /** Where a host key accepted with ARCHY_SSH_ACCEPT_NEW is remembered. */
  knownHostFile: string;
}

export function nodeEnvFile(name: string): string {
  return path.join(globalEnv().envDir, `.env.${name}`);
}

/** Names of nodes that have a `.env.node-<name>` file in the env dir. */
export function nodeEnvFileNames(): string[] {
  const dir = globalEnv().envDir;
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /^\.env\.node-[A-Za-z0-9_-]+$/.test(f))
    .map((f) => f.slice('.env.'.length))
    .sort();
}

function nodeError(name: string, variable: string, problem: string): ConfigError {
  const file = `.env.${name}`;
  return new ConfigError(`${variable} ${problem} for ${name}: add it to ${file} (see .env.example)`);
}

function parseNodeFile(name: string): z.infer<typeof nodeSchema> {
  const file = nodeEnvFile(name);
  const values = readEnvFile(file);
  const parsed = nodeSchema.safeParse(values);
  if (!parsed.success) {
    // The password first: it is what a new node file most often lacks.
    const issues = [...parsed.error.issues].sort(
      (a, b) => Number(b.path[0] === 'ARCHY_PASSWORD') - Number(a.path[0] === 'ARCHY_PASSWORD'),
    );
    const first = issues[0]!;
    const variable = String(first.path[0] ?? 'a variable');
    const problem = values[variable] === undefined ? 'is not set' : first.message;
    const missingFile = existsSync(file)
      ? ''
      : ` — ${file} does not exist; it needs at least ARCHY_BASE_URL and ARCHY_PASSWORD`;
    throw new ConfigError(
      `${variable} ${problem} for ${name}: add it to .env.${name} (see .env.example)${missingFile}`,
    );
  }
  return parsed.data;
}

function parsePorts(name: string, spec: string | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const pair of splitList(spec)) {
    const [key, value] = pair.split('=');
    const port = Number(value);
    if (!key || !Number.isInteger(port) || port <= 0 || port > 65535) {
      throw nodeError(name, 'ARCHY_PORTS', `has "${pair}", expected name=port pairs like lnd-rest=8080`);
    }
    out[key.trim()] = port;
  }
  return out;
}

function parseSchemes(name: string, spec: string | undefined): Record<string, 'http:' | 'https:'> {
  const out: Record<string, 'http:' | 'https:'> = {};
  for (const pair of splitList(spec)) {
    const [key, value] = pair.split('=').map((s) => s.trim());
    if (!key || (value !== 'http' && value !== 'https'))
      throw nodeError(
        name,
        'ARCHY_PORT_SCHEMES',
        `has "${pair}", expected name=http or name=https pairs like lnd-rest=http`,
      );
    out[key] = `${value}:`;
  }
  return out;
}

/** A real node's settings; throws a ConfigError naming the variable, node and file. */
export function realNodeEnv(name: string): NodeEnv {
  const v = parseNodeFile(name);
  return {
    name,
    envFile: nodeEnvFile(name),
    baseUrl: v.ARCHY_BASE_URL.replace(/\/+$/, ''),
    caSha256: v.ARCHY_CA_SHA256,
    caFile: v.ARCHY_CA_FILE ? path.resolve(globalEnv().envDir, v.ARCHY_CA_FILE) : undefined,
    hostname: v.ARCHY_HOSTNAME,
    portOverrides: parsePorts(name, v.ARCHY_PORTS),
    portSchemes: parseSchemes(name, v.ARCHY_PORT_SCHEMES),
    timeScale: v.ARCHY_TIME_SCALE ?? 1,
    protectedApps: splitList(v.ARCHY_PROTECTED_APPS),
    ssh: sshSettings(name, v),
    isSim: v.ARCHY_NODE_IS_SIM,
  };
}

function sshSettings(name: string, v: z.infer<typeof nodeSchema>): SshSettings | undefined {
  if (!v.ARCHY_SSH_HOST) return undefined; // no SSH control: L3/L5 cells are "not covered: set ARCHY_SSH_HOST"
  if (!v.ARCHY_SSH_KEY)
    throw nodeError(name, 'ARCHY_SSH_KEY', 'is not set (path of the private key that may log in to ARCHY_SSH_HOST)');
  const envDir = globalEnv().envDir;
  return {
    node: name,
    envFile: nodeEnvFile(name),
    host: v.ARCHY_SSH_HOST,
    user: v.ARCHY_SSH_USER ?? 'archy',
    port: v.ARCHY_SSH_PORT ?? 22,
    keyPath: path.resolve(envDir, v.ARCHY_SSH_KEY.replace(/^~(?=\/)/, process.env.HOME ?? '~')),
    hostKeySha256: v.ARCHY_SSH_HOST_KEY_SHA256,
    acceptNew: v.ARCHY_SSH_ACCEPT_NEW,
    facts: {
      unit: v.ARCHY_SSH_UNIT,
      podmanUser: v.ARCHY_SSH_PODMAN_USER,
      configFile: v.ARCHY_SSH_CONFIG_FILE,
      stateDb: v.ARCHY_SSH_STATE_DB,
      journalUnit: v.ARCHY_SSH_JOURNAL_UNIT,
    },
    knownHostFile: path.join(globalEnv().outputRoot, '.auth', `${name}.ssh-host-key`),
  };
}

/**
 * The dashboard password of a node. Only the RPC login (and UI login helpers) call this;
 * it is never part of NodeConfig, so it cannot end up in a fixture dump or a report.
 */
export function nodePassword(name: string): string {
  if (name === 'sim') {
    const fromFile = readEnvFile(nodeEnvFile('sim')).ARCHY_PASSWORD;
    return fromFile && fromFile.length > 0 ? fromFile : DEFAULT_SIM_PASSWORD;
  }
  return parseNodeFile(name).ARCHY_PASSWORD;
}

/** Every password the suite knows of (for the redactor). Invalid node files are skipped. */
export function knownPasswords(): string[] {
  const out = new Set<string>([nodePassword('sim')]);
  for (const name of nodeEnvFileNames()) {
    const pw = readEnvFile(nodeEnvFile(name)).ARCHY_PASSWORD;
    if (pw) out.add(pw);
  }
  return [...out];
}

// ---------------------------------------------------------------------------------------------
// Model-based exploration (model/, `npm run explore`): budget and reproduction. Every variable is
// documented in `.env.example`.

const exploreSchema = z.object({
  ARCHY_EXPLORE_RUNS: z.coerce.number().int().positive().optional(),
  ARCHY_EXPLORE_STEPS: z.coerce.number().int().positive().max(100).optional(),
  ARCHY_EXPLORE_SEED: z.coerce.number().int().optional(),
  ARCHY_EXPLORE_PATH: z.string().optional(),
  ARCHY_EXPLORE_REPLAY_PATH: z.string().optional(),
  ARCHY_EXPLORE_WEIGHTS: z
    .string()
    .regex(/^\d+(,\d+)*$/, 'must be a comma-separated list of integers')
    .optional(),
  ARCHY_EXPLORE_REPLAY: z.string().optional(),
  ARCHY_EXPLORE_APPS: z.string().optional(),
  ARCHY_EXPLORE_EVENTS: z.string().optional(),
  ARCHY_EXPLORE_FAULTS: z.string().optional(),
});

export interface ExploreEnv {
  /** Sequences per run (default 20). */
  runs: number;
  /** Most actions per sequence (default 12). */
  steps: number;
  seed: number;
  /** Reproduce a batch: fast-check's counterexample path and the action weights it ran with. */
  path?: string;
  /** fast-check's replayPath of fc.commands (which commands ran), printed with the path. */
  replayPath?: string;
  weights?: number[];
  /** Replay file (reports/explore/<node>-<ts>.json) to run instead of exploring. */
  replay?: string;
  /** Apps to explore (closed under requirements and companions); undefined = model/stack.ts DEFAULT_STACK. */
  apps?: string[];
  /** Node-wide events to include where the node has a control channel (default daemon-restart, reboot, kill-9). */
  events: string[];
  /** Faults the fault-finding spec runs, one exploration each (`npm run explore:faults`); for a replay, the
   *  faults to switch on instead of the file's ('' = none). Undefined = the defaults / the file's. */
  faults?: string[];
}

export function exploreEnv(): ExploreEnv {
  const parsed = exploreSchema.safeParse(pickDefined(process.env));
  if (!parsed.success)
    throw new ConfigError(
      `Invalid exploration setting: ${formatIssues(parsed.error, '(process environment; see .env.example)')}`,
    );
  const e = parsed.data;
  return {
    runs: e.ARCHY_EXPLORE_RUNS ?? 20,
    steps: e.ARCHY_EXPLORE_STEPS ?? 12,
    seed: e.ARCHY_EXPLORE_SEED ?? Date.now() % 2_147_483_647,
    path: e.ARCHY_EXPLORE_PATH,
    replayPath: e.ARCHY_EXPLORE_REPLAY_PATH,
    weights: e.ARCHY_EXPLORE_WEIGHTS?.split(',').map(Number),
    replay: e.ARCHY_EXPLORE_REPLAY,
    apps: e.ARCHY_EXPLORE_APPS ? splitList(e.ARCHY_EXPLORE_APPS) : undefined,
    events:
      e.ARCHY_EXPLORE_EVENTS !== undefined ? splitList(e.ARCHY_EXPLORE_EVENTS) : ['daemon-restart', 'reboot', 'kill-9'],
    faults: process.env.ARCHY_EXPLORE_FAULTS !== undefined ? splitList(process.env.ARCHY_EXPLORE_FAULTS) : undefined,
  };
}
