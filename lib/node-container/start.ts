/**
 * A node in a container, for CI and for proving SSH control: Debian bookworm booting real systemd
 * (`podman run --systemd=always`), with journald keeping a persistent journal on a volume, sshd,
 * sudo, systemd-run timers and nftables (NET_ADMIN), in a network namespace of its own with
 * published loopback ports (never the host's network: an nft rule inside touches only the
 * container). The sim runs in it as a host would run archy: its host half (front door, app
 * containers) is archy-node-host.service, the daemon is archipelago.service whose main process is
 * the daemon (./node/daemon.cjs), run as the user that owns the app containers (`btcnode`, not the
 * SSH user: the suite discovers it). Only `podman` is a stand-in (./node/podman.cjs). Typed like
 * element-web's testcontainers services:
 *
 *   const node = await startNodeContainer({ timeScale: 0.05 });
 *   node.ssh          // SshSettings for SshControl (key path, pinned host key; no host fact set)
 *   node.envFile()    // the .env.node-<name> text a Playwright project reads
 *   await node.stop();
 *
 * `systemctl reboot` inside ends the container; its restart policy (`always`) boots it again from
 * its volumes (/var/lib/archipelago, /var/log/journal). The repo (with node_modules), ./node and this
 * machine's node binary are mounted read-only: the image holds Debian's packages and the node layer.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { globalEnv, REPO_ROOT, type SshSettings } from '../../config/env';
import { hostKeyFingerprint } from '../control/ssh/connection';
import { containerEngine } from './engine';
import { freePortBlock } from './ports';

const run = promisify(execFile);

/** uid of `btcnode` in the node layer (./node/Containerfile): owns the app containers' settings file. */
const APP_USER_UID = 1500;
/** The daemon's control port inside the container (loopback there; never published). */
const ADMIN_PORT_INSIDE = 9911;

export interface NodeContainerOptions {
  /** Node name the settings are for (default `node-container`). */
  name?: string;
  /** The sim's time-scale inside (default 0.05, as the sim project's). */
  timeScale?: number;
  /** Sim faults switched on at every boot (SIM_FAULTS inside). */
  faults?: string[];
  hostname?: string;
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
  /** How long the first boot took: `podman run` to the daemon answering RPC over the published port. */
  bootMs: number;
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
  /** The node's journal, every boot (read from its volume on the host, whatever state the container is in). */
  logs(): Promise<string>;
  /** Host PID of the container's PID 1 (changes on every boot). */
  pid1(): Promise<number>;
  /** How many times the container booted (its restart count + 1). */
  boots(): Promise<number>;
  stop(): Promise<void>;
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

/** The direct ports the node serves, by name: the daemon's own answer (its --port-base and its app descriptions decide them), asked inside the container (its control port is not published). */
async function directPorts(id: string, adminPort: number, token: string): Promise<Record<string, number>> {
  const url = `http://127.0.0.1:${adminPort}/admin/ports`;
  const { stdout } = await run(
    'podman',
    ['exec', id, 'curl', '-sS', '--max-time', '10', '-H', `Authorization: Bearer ${token}`, url],
    { timeout: 30_000 },
  );
  const body = (() => {
    try {
      return JSON.parse(stdout) as { ports?: unknown };
    } catch {
      return null;
    }
  })();
  const ports = body?.ports;
  if (typeof ports !== 'object' || ports === null || !Object.values(ports).every(Number.isInteger))
    throw new Error(`node container: GET ${url} answered without {ports:{name:number}}: ${stdout.slice(0, 200)}`);
  return ports as Record<string, number>;
}

/** The daemon answers `health` on the published main port. */
async function healthAnswers(baseUrl: string): Promise<boolean> {
  try {
    const res = await fetch(`${baseUrl}/rpc/v1`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"method":"health"}',
      signal: AbortSignal.timeout(2_000),
    });
    return res.ok && Boolean(((await res.json()) as { result?: unknown }).result);
  } catch {
    return false;
  }
}

/** Label of every node container: the process that started it (its restart policy outlives that process). */
const OWNER_LABEL = 'archy-e2e.pid';

/**
 * Removes node containers whose starting process is gone (killed before its stop ran: the restart
 * policy would keep them running for ever). Containers of a live process are left alone, so runs side
 * by side keep theirs. Returns the ids removed.
 */
export async function removeOrphanedNodeContainers(): Promise<string[]> {
  const { stdout } = await run(
    'podman',
    [
      'ps',
      '-a',
      '--filter',
      'label=archy-e2e=node-container',
      '--format',
      `{{.ID}} {{index .Labels "${OWNER_LABEL}"}}`,
    ],
    { timeout: 30_000 },
  );
  const orphans = stdout
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter(([id, pid]) => id && /^\d+$/.test(pid ?? '') && !existsSync(`/proc/${pid}`))
    .map(([id]) => id!);
  for (const id of orphans)
    await run('podman', ['rm', '--force', '--time', '5', id], { timeout: 60_000 }).catch(() => undefined);
  return orphans;
}

export async function startNodeContainer(opts: NodeContainerOptions = {}): Promise<StartedNodeContainer> {
  const engine = await containerEngine();
  if (!engine.ok) throw new NodeContainerUnavailable(engine.reason);
  await removeOrphanedNodeContainers();
  const image = await ensureNodeImage();
  const name = opts.name ?? 'node-container';
  const timeScale = opts.timeScale ?? 0.05;
  const hostname = opts.hostname ?? 'archy-container';

  const stateDir = mkdtempSync(path.join(tmpdir(), 'archy-node-'));
  const etc = path.join(stateDir, 'etc');
  const dataDir = path.join(stateDir, 'data');
  const journalDir = path.join(stateDir, 'journal');
  mkdirSync(etc, { mode: 0o755 }); // sshd reads authorized_keys as the user logging in
  mkdirSync(dataDir);
  mkdirSync(journalDir);
  const clientKey = path.join(stateDir, 'id_ed25519');
  await keygen(clientKey, 'archy-e2e runner');
  await keygen(path.join(etc, 'ssh_host_ed25519_key'), 'archy-node host');
  writeFileSync(path.join(etc, 'authorized_keys'), readFileSync(`${clientKey}.pub`), { mode: 0o644 });
  const hostKeySha256 = fingerprintOfPub(path.join(etc, 'ssh_host_ed25519_key.pub'));

  // Published ports have the same number inside (the daemon's lan-address ports are the runner's); SSH is 22 inside.
  const taken = new Set<number>();
  const portBase = await freePortBlock(16, taken);
  const [mainPort, sshPort] = [await freePortBlock(1, taken), await freePortBlock(1, taken)];
  const password = randomBytes(12).toString('hex');
  const adminToken = randomBytes(16).toString('hex');
  const nodeEnv = {
    NODE_MAIN_PORT: mainPort,
    NODE_PORT_BASE: portBase,
    NODE_ADMIN_PORT: ADMIN_PORT_INSIDE,
    NODE_ADMIN_TOKEN: adminToken,
    NODE_TIME_SCALE: timeScale,
    NODE_HOSTNAME: hostname,
    SIM_FAULTS: (opts.faults ?? []).join(','),
    SIM_PASSWORD: password,
  };
  writeFileSync(
    path.join(etc, 'node.env'),
    Object.entries(nodeEnv)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n') + '\n',
    { mode: 0o600 },
  );
  // The podman stand-in answers only the user that owns this file (rootless: other users see no containers).
  const apps = path.join(etc, 'apps.json');
  writeFileSync(apps, JSON.stringify({ adminPort: ADMIN_PORT_INSIDE, adminToken }), { mode: 0o600 });
  chownSync(apps, APP_USER_UID, APP_USER_UID);

  const tsxCache = path.join(globalEnv().nodeImageCache, 'tsx-cache');
  mkdirSync(tsxCache, { recursive: true });
  const t0 = Date.now();
  let id: string;
  try {
    const mounts: [string, string, string][] = [
      [path.join(REPO_ROOT, 'lib', 'node-container', 'node'), '/opt/archy-node', 'ro'],
      [REPO_ROOT, '/opt/archy-e2e', 'ro'],
      [process.execPath, '/usr/local/bin/node', 'ro'],
      [etc, '/etc/archy-node', 'ro'],
      [dataDir, '/var/lib/archipelago', 'rw'],
      [journalDir, '/var/log/journal', 'rw'],
      // tsx's compile cache of the sim (TMPDIR=/var/tmp in the host unit), shared by every node container here.
      [tsxCache, '/var/tmp/tsx-0', 'rw'],
    ];
    const { stdout } = await run(
      'podman',
      [
        'run',
        '--detach',
        '--systemd=always',
        '--cap-add=NET_ADMIN',
        '--restart=always',
        `--hostname=${hostname}`,
        `--label=archy-e2e=node-container`,
        `--label=archy-e2e.node=${name}`,
        `--label=${OWNER_LABEL}=${process.pid}`,
        `--publish=127.0.0.1:${mainPort}:${mainPort}`,
        `--publish=127.0.0.1:${sshPort}:22`,
        `--publish=127.0.0.1:${portBase}-${portBase + 15}:${portBase}-${portBase + 15}`,
        ...mounts.map(([src, dst, mode]) => `--volume=${src}:${dst}:${mode}`),
        image,
      ],
      { timeout: 120_000 },
    );
    id = stdout.trim().split('\n').pop()!;
  } catch (error) {
    rmSync(stateDir, { recursive: true, force: true });
    throw error;
  }
  const baseUrl = `http://127.0.0.1:${mainPort}`;
  const budget = opts.startupTimeoutMs ?? 180_000;
  while (!(await healthAnswers(baseUrl))) {
    if (Date.now() - t0 > budget) {
      const journal = await run('podman', ['exec', id, 'journalctl', '-b', '--no-pager', '-n', '60'], {
        timeout: 30_000,
      }).then(
        (r) => r.stdout,
        (e: Error) => `(journal unavailable: ${e.message})`,
      );
      await run('podman', ['rm', '--force', '--time', '5', id], { timeout: 60_000 }).catch(() => undefined);
      rmSync(stateDir, { recursive: true, force: true });
      throw new Error(
        `the node container did not answer health on ${baseUrl} within ${budget} ms; its journal:\n${journal}`,
      );
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const bootMs = Date.now() - t0;
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
    // Nothing set: the unit, the containers' user, the config, the DB and the journal are discovered.
    facts: {},
    knownHostFile: path.join(stateDir, 'known-host'),
  };
  const ports = await directPorts(id, ADMIN_PORT_INSIDE, adminToken).catch(async (error: unknown) => {
    await run('podman', ['rm', '--force', '--time', '5', id], { timeout: 60_000 }).catch(() => undefined);
    rmSync(stateDir, { recursive: true, force: true });
    throw error;
  });
  const ready: NodeContainerReady = {
    containerId: id,
    image,
    baseUrl,
    hostname,
    timeScale,
    ports,
    sshPort,
    dataDir,
    bootMs,
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
        '# No ARCHY_SSH_UNIT, _PODMAN_USER, _CONFIG_FILE, _STATE_DB, _JOURNAL_UNIT: the preflight discovers them.',
        '',
      ].join('\n'),
    // The journal's volume, read with the host's journalctl: no exec into a container that may be
    // rebooting or stopping; the container's own journalctl where the host has none.
    logs: async () => {
      const args = ['--no-pager', '-q', '-o', 'short-iso'];
      const options = { timeout: 30_000, maxBuffer: 64 * 1024 * 1024 };
      const onHost = await run('journalctl', ['--directory', journalDir, ...args], options).catch(() => null);
      if (onHost) return onHost.stdout;
      return (await run('podman', ['exec', id, 'journalctl', ...args, '--merge'], options)).stdout;
    },
    pid1: async () => Number(await inspect('{{.State.Pid}}')),
    boots: async () => Number(await inspect('{{.RestartCount}}')) + 1,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      // A container caught restarting (its policy is always) may survive one rm: try until it is gone.
      for (let attempt = 1; attempt <= 3; attempt++) {
        await run('podman', ['rm', '--force', '--time', '10', id], { timeout: 60_000 }).catch(() => undefined);
        const exists = await run('podman', ['container', 'exists', id]).then(
          () => true,
          () => false,
        );
        if (!exists) break;
      }
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}
