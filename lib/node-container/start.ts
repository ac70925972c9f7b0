/**
 * A node in a container, for CI and for proving SSH control: sshd + the sim (as the daemon
 * `archipelago`) in a Debian image built locally (scripts/build-node-image.sh), with shims for
 * systemctl/journalctl/podman/nft/systemd-run/reboot that map a real node's commands onto the sim
 * (./node/shim.cjs). Typed like element-web's testcontainers services:
 *
 *   const node = await startNodeContainer({ timeScale: 0.05 });
 *   node.ssh          // SshSettings for SshControl (key path, pinned host key)
 *   node.envFile()    // the .env.node-<name> text a Playwright project reads
 *   await node.stop();
 *
 * The container shares the host's network (loopback only: sshd and the sim bind 127.0.0.1) and
 * restarts by itself when its PID 1 exits (restart policy `always`): `reboot` inside ends every
 * process, and the next boot comes back from the data volume. The repo (with node_modules) and
 * this machine's node binary are mounted read-only: the image holds Debian's packages only.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { GenericContainer, Wait } from 'testcontainers';
import { REPO_ROOT, type SshSettings } from '../../config/env';
import { hostKeyFingerprint } from '../control/ssh/connection';
import { containerEngine } from './engine';
import { freePortBlock } from './ports';

const run = promisify(execFile);

export interface NodeContainerOptions {
  /** Node name the settings are for (default `node-container`). */
  name?: string;
  /** The sim's time-scale inside (default 0.05, as the sim project's). */
  timeScale?: number;
  /** Sim faults switched on at every boot (SIM_FAULTS inside). */
  faults?: string[];
  hostname?: string;
  /** Live container log lines (until the first reboot; `logs()` has all of them). */
  onLog?: (line: string) => void;
  /** Startup budget (image build excluded). */
  startupTimeoutMs?: number;
}

export interface NodeContainerReady {
  containerId: string;
  image: string;
  baseUrl: string;
  hostname: string;
  timeScale: number;
  /** Direct ports by name (as the sim's SIM_READY.ports). */
  ports: Record<string, number>;
  sshPort: number;
  /** Host folder mounted as /var/lib/archipelago (the daemon's data: the volume a reboot comes back from). */
  dataDir: string;
  /** Folder with the generated keys (removed by stop). */
  stateDir: string;
}

export interface StartedNodeContainer {
  readonly ready: NodeContainerReady;
  /** SSH settings as `.env.node-<name>` would give them (user `archy`, may sudo). */
  readonly ssh: SshSettings;
  /** The same, for the user without sudo rights (preflight tests). */
  readonly sshNoSudo: SshSettings;
  /** The dashboard password (a secret: never log it). */
  readonly password: string;
  /** Text of a `.env.<name>` file for this node (contains the password: write it mode 0600). */
  envFile(): string;
  /** Every line the container printed, across reboots. */
  logs(): Promise<string>;
  /** Host PID of the container's PID 1 (changes on every boot). */
  pid1(): Promise<number>;
  /** How many times the container booted (its restart count + 1). */
  boots(): Promise<number>;
  stop(): Promise<void>;
}

/** A container that comes back when its PID 1 exits (as a host after `reboot`). */
class RestartingContainer extends GenericContainer {
  constructor(image: string) {
    super(image);
    this.hostConfig.RestartPolicy = { Name: 'always', MaximumRetryCount: 0 };
  }
}

export class NodeContainerUnavailable extends Error {
  override name = 'NodeContainerUnavailable';
}

/** Builds (or finds in the cache) the node image; returns its tag. */
export async function ensureNodeImage(): Promise<string> {
  const { stdout } = await run('bash', [path.join(REPO_ROOT, 'scripts', 'build-node-image.sh')], {
    timeout: 10 * 60_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  const tag = stdout.trim().split('\n').pop();
  if (!tag) throw new Error('scripts/build-node-image.sh printed no image tag');
  return tag;
}

async function keygen(file: string, comment: string): Promise<void> {
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', file], { timeout: 20_000 });
}

function fingerprintOfPub(pubFile: string): string {
  const blob = readFileSync(pubFile, 'utf8').trim().split(/\s+/)[1] ?? '';
  return hostKeyFingerprint(Buffer.from(blob, 'base64'));
}

/** The direct ports the node serves, by name: the daemon's own answer (its --port-base and its app descriptions decide them). */
async function directPorts(adminPort: number, token: string): Promise<Record<string, number>> {
  const url = `http://127.0.0.1:${adminPort}/admin/ports`;
  const res = await fetch(url, { headers: { Authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(10_000) });
  const body = (await res.json().catch(() => null)) as { ports?: unknown } | null;
  const ports = body?.ports;
  if (!res.ok || typeof ports !== 'object' || ports === null || !Object.values(ports).every(Number.isInteger))
    throw new Error(`node container: GET ${url} answered ${res.status} without {ports:{name:number}}`);
  return ports as Record<string, number>;
}

export async function startNodeContainer(opts: NodeContainerOptions = {}): Promise<StartedNodeContainer> {
  const engine = await containerEngine();
  if (!engine.ok) throw new NodeContainerUnavailable(engine.reason);
  const image = await ensureNodeImage();
  const name = opts.name ?? 'node-container';
  const timeScale = opts.timeScale ?? 0.05;
  const hostname = opts.hostname ?? 'archy-container';

  const stateDir = mkdtempSync(path.join(tmpdir(), 'archy-node-'));
  const etc = path.join(stateDir, 'etc');
  const dataDir = path.join(stateDir, 'data');
  mkdirSync(etc, { mode: 0o700 });
  mkdirSync(dataDir);
  const clientKey = path.join(stateDir, 'id_ed25519');
  await keygen(clientKey, 'archy-e2e runner');
  await keygen(path.join(etc, 'ssh_host_ed25519_key'), 'archy-node host');
  writeFileSync(path.join(etc, 'authorized_keys'), readFileSync(`${clientKey}.pub`));
  const hostKeySha256 = fingerprintOfPub(path.join(etc, 'ssh_host_ed25519_key.pub'));

  const taken = new Set<number>();
  const portBase = await freePortBlock(16, taken);
  const [mainPort, adminPort, sshPort] = [
    await freePortBlock(1, taken),
    await freePortBlock(1, taken),
    await freePortBlock(1, taken),
  ];
  const password = randomBytes(12).toString('hex');
  const nodeEnv = {
    NODE_SSH_PORT: sshPort,
    NODE_MAIN_PORT: mainPort,
    NODE_PORT_BASE: portBase,
    NODE_ADMIN_PORT: adminPort,
    NODE_ADMIN_TOKEN: randomBytes(16).toString('hex'),
    NODE_TIME_SCALE: timeScale,
    NODE_HOSTNAME: hostname,
    NODE_FAULTS: (opts.faults ?? []).join(','),
    SIM_PASSWORD: password,
  };
  writeFileSync(
    path.join(etc, 'node.env'),
    Object.entries(nodeEnv)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n') + '\n',
    { mode: 0o600 },
  );

  const consume = (stream: Readable): void => {
    let buffered = '';
    stream.on('data', (chunk: Buffer | string) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) opts.onLog?.(line);
    });
  };

  let started;
  try {
    started = await new RestartingContainer(image)
      .withNetworkMode('host')
      .withHostname(hostname)
      .withBindMounts([
        { source: path.join(REPO_ROOT, 'lib', 'node-container', 'node'), target: '/opt/archy-node', mode: 'ro' },
        { source: REPO_ROOT, target: '/opt/archy-e2e', mode: 'ro' },
        { source: process.execPath, target: '/usr/local/bin/node', mode: 'ro' },
        { source: etc, target: '/etc/archy-node', mode: 'ro' },
        { source: dataDir, target: '/var/lib/archipelago', mode: 'rw' },
      ])
      .withCommand(['/opt/archy-node/init'])
      .withLabels({ 'archy-e2e': 'node-container', 'archy-e2e.node': name })
      .withWaitStrategy(Wait.forLogMessage(/ARCHY_NODE_READY/))
      .withStartupTimeout(opts.startupTimeoutMs ?? 120_000)
      .withLogConsumer(consume)
      .start();
  } catch (error) {
    rmSync(stateDir, { recursive: true, force: true });
    throw error;
  }
  const id = started.getId();
  chmodSync(clientKey, 0o600);

  const ssh: SshSettings = {
    node: name,
    envFile: `.env.${name}`,
    host: '127.0.0.1',
    port: sshPort,
    user: 'archy',
    keyPath: clientKey,
    hostKeySha256,
    acceptNew: false,
    knownHostFile: path.join(stateDir, 'known-host'),
  };
  const ports = await directPorts(adminPort, nodeEnv.NODE_ADMIN_TOKEN).catch(async (error: unknown) => {
    await run('podman', ['rm', '--force', '--time', '5', id], { timeout: 60_000 }).catch(() => undefined);
    rmSync(stateDir, { recursive: true, force: true });
    throw error;
  });
  const ready: NodeContainerReady = {
    containerId: id,
    image,
    baseUrl: `http://127.0.0.1:${mainPort}`,
    hostname,
    timeScale,
    ports,
    sshPort,
    dataDir,
    stateDir,
  };
  const inspect = async (format: string): Promise<string> =>
    (await run('podman', ['inspect', '--format', format, id], { timeout: 30_000 })).stdout.trim();
  let stopped = false;

  return {
    ready,
    ssh,
    sshNoSudo: { ...ssh, user: 'archy-nosudo' },
    password,
    envFile: () =>
      [
        `# generated by lib/node-container for ${name} (container ${id.slice(0, 12)}); rewritten at every start`,
        `ARCHY_BASE_URL=${ready.baseUrl}`,
        `ARCHY_PASSWORD=${password}`,
        `ARCHY_HOSTNAME=${hostname}`,
        `ARCHY_PORTS=${Object.entries(ports)
          .map(([k, v]) => `${k}=${v}`)
          .join(',')}`,
        `ARCHY_NODE_IS_SIM=1`,
        `ARCHY_TIME_SCALE=${timeScale}`,
        `ARCHY_SSH_HOST=${ssh.host}`,
        `ARCHY_SSH_PORT=${ssh.port}`,
        `ARCHY_SSH_USER=${ssh.user}`,
        `ARCHY_SSH_KEY=${ssh.keyPath}`,
        `ARCHY_SSH_HOST_KEY_SHA256=SHA256:${hostKeySha256}`,
        '',
      ].join('\n'),
    logs: async () => {
      const { stdout, stderr } = await run('podman', ['logs', id], { timeout: 30_000, maxBuffer: 64 * 1024 * 1024 });
      return stdout + stderr;
    },
    pid1: async () => Number(await inspect('{{.State.Pid}}')),
    boots: async () => Number(await inspect('{{.RestartCount}}')) + 1,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await run('podman', ['rm', '--force', '--time', '5', id], { timeout: 60_000 }).catch(() => undefined);
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}
