/**
 * Command-line flags and environment of the sim (sim/CONTRACT.md "Start-up").
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_VARIANT, variantFor, VariantError, type Variant } from './guesses';

export type Orchestrator = 'imperative' | 'quadlet';

export interface SimOptions {
  host: string;
  port: number;
  portBase: number;
  adminPort: number;
  adminToken: string;
  dataDir: string;
  password: string;
  timeScale: number;
  faults: string[];
  tls: boolean;
  /** Write what the main port receives (and refused TLS handshakes) to <data-dir>/requests.log. */
  requestLog: boolean;
  sessionTtlSeconds: number;
  orchestrator: Orchestrator;
  hostname: string;
  fresh: boolean;
  quiet: boolean;
  /** One choice per guess (sim/guesses/); `default` is the sim as it always was. */
  variant: Variant;
  /** false: no auth.signer.* methods (-32601), as on a node without AA's signer patches (§1.6 then has none). */
  signerMethods: boolean;
  /**
   * The daemon is a process of its own that attaches on this unix socket (the node container's
   * archipelago.service, lib/node-container/node/): it is up while one is attached. null: in-process.
   */
  daemonSocket: string | null;
  /**
   * A file on a filesystem that a host reboot empties (the node container's /run). The sim writes it
   * at start; a start over an existing data dir that finds it missing is the host's boot after a
   * reboot, and the daemon's start-up is then a reboot's (sim/packages.ts recover). null: a start of
   * the sim process over an existing data dir is a process start.
   */
  bootMarker: string | null;
}

interface FlagSpec {
  flag: string;
  env?: string;
  arg?: string;
  def: string;
  help: string;
}

export const FLAGS: FlagSpec[] = [
  {
    flag: '--host',
    arg: 'ADDR',
    def: '127.0.0.1',
    help: 'bind address (loopback only; 0.0.0.0 only with --own-netns)',
  },
  {
    flag: '--own-netns',
    def: 'off',
    help: 'the sim runs in a network namespace of its own (the node container): --host 0.0.0.0 is allowed',
  },
  {
    flag: '--daemon-socket',
    arg: 'PATH',
    def: 'none (the daemon runs in-process)',
    help: 'the daemon is a process of its own that attaches here (unix socket); it is up while attached',
  },
  {
    flag: '--boot-marker',
    arg: 'PATH',
    def: 'none (a start over an existing data dir is a process start)',
    help: 'a file on a filesystem a reboot empties (/run): missing at a start over an existing data dir, the host has rebooted',
  },
  {
    flag: '--port',
    env: 'SIM_PORT',
    arg: 'N',
    def: '0 (ephemeral)',
    help: 'dashboard + /rpc/v1 + /ws/db + /app/<id>/ proxy paths',
  },
  {
    flag: '--port-base',
    env: 'SIM_PORT_BASE',
    arg: 'N',
    def: '0 (a free block of 16)',
    help: 'direct app ports are base + offset',
  },
  { flag: '--admin-port', env: 'SIM_ADMIN_PORT', arg: 'N', def: '0 (ephemeral)', help: 'control channel (admin HTTP)' },
  {
    flag: '--admin-token',
    env: 'SIM_ADMIN_TOKEN',
    arg: 'TOKEN',
    def: 'random',
    help: 'bearer token of the control channel',
  },
  {
    flag: '--data-dir',
    env: 'SIM_DATA_DIR',
    arg: 'DIR',
    def: 'a new temp dir',
    help: 'persistence (sessions.json, user.json, packages.json, config.json, archipelago.log)',
  },
  {
    flag: '--password',
    env: 'SIM_PASSWORD',
    arg: 'PW',
    def: 'password123',
    help: 'dashboard password (set up on first start of a data dir)',
  },
  {
    flag: '--time-scale',
    env: 'SIM_TIME_SCALE',
    arg: 'F',
    def: '1',
    help: 'multiplies every duration (tests use e.g. 0.02)',
  },
  {
    flag: '--fault',
    env: 'SIM_FAULTS',
    arg: 'NAME',
    def: 'none',
    help: 'switch a fault on at start; repeatable (env: comma list); see sim/FAULTS.md',
  },
  { flag: '--tls', env: 'SIM_TLS', def: 'off', help: 'serve https with a self-signed per-node CA (SIM_TLS=1)' },
  {
    flag: '--request-log',
    def: 'off',
    help: 'write every request the main port receives (method, URL, headers, body) and every refused TLS handshake to <data-dir>/requests.log',
  },
  {
    flag: '--session-ttl',
    env: 'SIM_SESSION_TTL',
    arg: 'SECONDS',
    def: '86400',
    help: 'session lifetime (remember token: 30 days)',
  },
  {
    flag: '--orchestrator',
    env: 'SIM_ORCHESTRATOR',
    arg: 'MODE',
    def: 'imperative',
    help: 'imperative (7-10 podman calls per install) or quadlet (1-2)',
  },
  { flag: '--hostname', env: 'SIM_HOSTNAME', arg: 'NAME', def: 'archy-sim', help: 'what system.get-hostname answers' },
  {
    flag: '--variant',
    env: 'SIM_VARIANT',
    arg: 'SEED',
    def: 'default',
    help: 'pick one choice per guess from SEED (sim/guesses/); "SEED,<guess>=<choice>,…" pins guesses',
  },
  {
    flag: '--no-signer-methods',
    env: 'SIM_SIGNER_METHODS',
    def: 'on',
    help: 'no auth.signer.* methods: the node then has no dashboard-only method (SIM_SIGNER_METHODS=off)',
  },
  { flag: '--fresh', def: 'off', help: 'wipe the data dir first' },
  { flag: '--quiet', def: 'off', help: 'print only the SIM_READY line' },
  { flag: '--list-guesses', def: '', help: 'print every guess with its choices (Markdown) and exit' },
  { flag: '--help', def: '', help: 'this text' },
];

/** FLAGS as node:util parseArgs options (a flag with an argument is a string option; -h is --help). */
const PARSE_OPTIONS = Object.fromEntries(
  FLAGS.map((f) => [
    f.flag.slice(2),
    { type: f.arg ? 'string' : 'boolean', ...(f.flag === '--help' ? { short: 'h' } : {}) } as const,
  ]),
) as Record<string, { type: 'string' | 'boolean'; short?: string }>;

export function helpText(): string {
  const rows = FLAGS.map((f) => {
    const left = `  ${f.flag}${f.arg ? ` ${f.arg}` : ''}`.padEnd(26);
    const env = f.env ? ` [env ${f.env}]` : '';
    const def = f.def ? ` (default: ${f.def})` : '';
    return `${left}${f.help}${def}${env}`;
  });
  return [
    'archy-sim: a reference Archipelago node (JSON-RPC, /ws/db, dashboard, app surfaces, control channel).',
    '',
    'usage: npm run sim -- [flags]    (= tsx sim/main.ts)',
    '',
    ...rows,
    '',
    'Prints every URL it serves, then one line: SIM_READY {json}. Stops cleanly on SIGTERM/SIGINT.',
    'Contract: sim/CONTRACT.md. Faults: sim/FAULTS.md.',
  ].join('\n');
}

export class OptionsError extends Error {
  override name = 'OptionsError';
}

function intOf(flag: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new OptionsError(`${flag} wants an integer ${min}..${max}, got "${value}"`);
  return n;
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** Parses argv (without node and script) and env; returns null with `--help`. */
export function parseOptions(argv: string[], env: NodeJS.ProcessEnv = process.env): SimOptions | null {
  const raw: Record<string, string> = {};
  const faults: string[] = (env.SIM_FAULTS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bools = new Set<string>();
  for (const spec of FLAGS)
    if (spec.env && env[spec.env] !== undefined && spec.arg) raw[spec.flag] = env[spec.env] as string;
  if (env.SIM_TLS === '1' || env.SIM_TLS === 'true') bools.add('--tls');
  if (env.SIM_SIGNER_METHODS === 'off') bools.add('--no-signer-methods');
  let tokens;
  try {
    ({ tokens } = parseArgs({ args: argv, options: PARSE_OPTIONS, tokens: true }));
  } catch (error) {
    throw new OptionsError(`${(error as Error).message} (see --help)`);
  }
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    const flag = `--${token.name}`;
    if (flag === '--help') return null;
    if (token.value === undefined) {
      bools.add(flag);
      continue;
    }
    if (flag === '--fault')
      faults.push(
        ...token.value
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      );
    else raw[flag] = token.value;
  }
  const host = raw['--host'] ?? '127.0.0.1';
  if (!isLoopback(host) && !(host === '0.0.0.0' && bools.has('--own-netns')))
    throw new OptionsError(
      `--host must be a loopback address (0.0.0.0 only with --own-netns, in a network namespace of its own), got "${host}"`,
    );
  const timeScale = Number(raw['--time-scale'] ?? '1');
  if (!Number.isFinite(timeScale) || timeScale <= 0 || timeScale > 100)
    throw new OptionsError(`--time-scale wants a number > 0, got "${raw['--time-scale']}"`);
  const orchestrator = raw['--orchestrator'] ?? 'imperative';
  if (orchestrator !== 'imperative' && orchestrator !== 'quadlet')
    throw new OptionsError(`--orchestrator is imperative or quadlet, got "${orchestrator}"`);
  let variant: Variant = DEFAULT_VARIANT;
  try {
    if (raw['--variant'] !== undefined) variant = variantFor(raw['--variant']);
  } catch (error) {
    if (error instanceof VariantError) throw new OptionsError(error.message);
    throw error;
  }
  const dataDir = raw['--data-dir'] ? path.resolve(raw['--data-dir']) : mkdtempSync(path.join(tmpdir(), 'archy-sim-'));
  return {
    host,
    port: intOf('--port', raw['--port'] ?? '0', 0, 65535),
    portBase: intOf('--port-base', raw['--port-base'] ?? '0', 0, 65519),
    adminPort: intOf('--admin-port', raw['--admin-port'] ?? '0', 0, 65535),
    adminToken: raw['--admin-token'] || randomBytes(18).toString('base64url'),
    dataDir,
    password: raw['--password'] ?? 'password123',
    timeScale,
    faults: [...new Set(faults)],
    tls: bools.has('--tls'),
    requestLog: bools.has('--request-log'),
    sessionTtlSeconds: intOf('--session-ttl', raw['--session-ttl'] ?? '86400', 1, 10 * 365 * 86400),
    orchestrator,
    hostname: raw['--hostname'] ?? 'archy-sim',
    fresh: bools.has('--fresh'),
    quiet: bools.has('--quiet'),
    variant,
    signerMethods: !bools.has('--no-signer-methods'),
    daemonSocket: raw['--daemon-socket'] ? path.resolve(raw['--daemon-socket']) : null,
    bootMarker: raw['--boot-marker'] ? path.resolve(raw['--boot-marker']) : null,
  };
}

/** Defaults for in-process use (tests). */
export function defaultOptions(over: Partial<SimOptions> = {}): SimOptions {
  const parsed = parseOptions([], {}) as SimOptions;
  return { ...parsed, ...over };
}
