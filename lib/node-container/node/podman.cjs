'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- plain CommonJS run by the container's node, outside the TypeScript build */
/**
 * `podman` in the node container: the one stand-in left (no image can be pulled here). The app
 * containers are the sim host's (archy-node-host.service); this answers podman 4's documented
 * interface for them, as the user that owns them (rootless: any other user, root included, has
 * no containers, as real rootless podman of another user lists nothing):
 *
 *   podman ps -a|--all --format json           podman ps's JSON (array of Id, Names, State, ExitCode, …)
 *   podman inspect [--type container] NAME…    podman inspect's JSON (array of Id, Name, State{…, OOMKilled}, …)
 *   podman update --memory=N NAME              N below the app's use: the kernel OOM-kills it (exit 137,
 *                                              OOMKilled) and its unit (Restart=always) starts it again
 *   podman --version
 * Anything else: exit 125, as podman's own usage errors.
 * The owner and the host's control address are in /etc/archy-node/apps.json (mode 0600, owned by that user).
 */
const fs = require('node:fs');
const crypto = require('node:crypto');

const SETTINGS = '/etc/archy-node/apps.json';
/** What each app's main process uses (RSS), for `update --memory` (podman accepts b, k, m, g). */
const APP_USE_BYTES = 48 * 1024 * 1024;

function fail(message, code = 125) {
  process.stderr.write(`Error: ${message}\n`);
  process.exit(code);
}

/** Settings when this user owns the containers; null for any other user. */
function settings() {
  try {
    const st = fs.statSync(SETTINGS);
    if (st.uid !== process.getuid()) return null;
    return JSON.parse(fs.readFileSync(SETTINGS, 'utf8'));
  } catch {
    return null;
  }
}

async function host(s, method, route, body) {
  const res = await fetch(`http://127.0.0.1:${s.adminPort}${route}`, {
    method,
    headers: { Authorization: `Bearer ${s.adminToken}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(10000),
  }).catch((e) => fail(`cannot connect to Podman: ${e.message}`));
  const text = await res.text();
  if (!res.ok) fail(text.trim() || `HTTP ${res.status}`);
  return text ? JSON.parse(text) : null;
}

async function containers(s) {
  if (!s) return [];
  return (await host(s, 'GET', '/admin/containers')).containers;
}

const idOf = (name) => crypto.createHash('sha256').update(`archy-node/${name}`).digest('hex');
const seconds = (ms) => (ms ? Math.floor(ms / 1000) : 0);
const iso = (ms) => new Date(ms || 0).toISOString();
const ago = (ms) => {
  const s = Math.max(1, Math.round((Date.now() - ms) / 1000));
  return s < 60 ? `${s} seconds ago` : `${Math.round(s / 60)} minutes ago`;
};

function psEntry(c) {
  return {
    AutoRemove: true,
    Command: null,
    CreatedAt: ago(c.createdAt || c.startedAt || Date.now()),
    Exited: c.state === 'exited',
    ExitedAt: seconds(c.exitedAt),
    ExitCode: c.exitCode ?? 0,
    Id: idOf(c.name),
    Image: c.image,
    ImageID: idOf(c.image),
    IsInfra: false,
    Labels: { PODMAN_SYSTEMD_UNIT: `${c.app}.service` },
    Mounts: [],
    Names: [c.name],
    Namespaces: {},
    Networks: ['archy-net'],
    Pid: c.state === 'running' ? 1000 + (parseInt(idOf(c.name).slice(0, 4), 16) % 30000) : 0,
    Pod: '',
    PodName: '',
    Ports: null,
    Size: null,
    StartedAt: seconds(c.startedAt),
    State: c.state,
    Status:
      c.state === 'running'
        ? `Up ${ago(c.startedAt).replace(' ago', '')}`
        : c.state === 'exited'
          ? `Exited (${c.exitCode ?? 0}) ${ago(c.exitedAt)}`
          : 'Created',
    Created: seconds(c.createdAt || c.startedAt),
  };
}

function inspectEntry(c) {
  const running = c.state === 'running';
  return {
    Id: idOf(c.name),
    Created: iso(c.createdAt || c.startedAt),
    Path: '/entrypoint',
    Args: [],
    State: {
      OciVersion: '1.0.2-dev',
      Status: c.state,
      Running: running,
      Paused: false,
      Restarting: false,
      OOMKilled: Boolean(c.oomKilled),
      Dead: false,
      Pid: running ? psEntry(c).Pid : 0,
      ExitCode: c.exitCode ?? 0,
      Error: '',
      StartedAt: iso(c.startedAt),
      FinishedAt: iso(c.exitedAt),
    },
    Image: idOf(c.image),
    ImageName: c.image,
    Name: c.name,
    RestartCount: 0,
    Config: { Hostname: c.name.slice(0, 12), Image: c.image, Labels: { PODMAN_SYSTEMD_UNIT: `${c.app}.service` } },
    HostConfig: { Memory: 0, RestartPolicy: { Name: '', MaximumRetryCount: 0 } },
  };
}

function bytes(value) {
  const m = /^(\d+(?:\.\d+)?)([bkmg]?)$/i.exec(value || '');
  if (!m) fail(`invalid value "${value}" for flag --memory: invalid size`);
  const unit = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[m[2].toLowerCase()];
  return Math.round(Number(m[1]) * unit);
}

async function main() {
  const args = process.argv.slice(2);
  const [cmd, ...rest] = args;
  if (cmd === '--version' || cmd === 'version') return void process.stdout.write('podman version 4.3.1\n');
  const s = settings();
  if (cmd === 'ps') {
    const known = new Set(['-a', '--all', '--format', 'json', '--format=json']);
    const bad = rest.find((a) => !known.has(a));
    if (bad) fail(`unknown flag or argument: ${bad} (this node's podman answers ps -a --format json)`);
    if (!rest.some((a) => a === 'json' || a === '--format=json')) fail('this node answers ps only with --format json');
    const all = rest.includes('-a') || rest.includes('--all');
    const list = (await containers(s)).filter((c) => all || c.state === 'running');
    return void process.stdout.write(`${JSON.stringify(list.map(psEntry), null, 4)}\n`);
  }
  if (cmd === 'inspect' || (cmd === 'container' && rest[0] === 'inspect')) {
    const names = (cmd === 'inspect' ? rest : rest.slice(1)).filter(
      (a, i, xs) => !a.startsWith('-') && xs[i - 1] !== '--type',
    );
    if (!names.length) fail('"podman inspect" requires a name, id, or prefix');
    const all = await containers(s);
    const found = [];
    for (const n of names) {
      const c = all.find((x) => x.name === n || idOf(x.name).startsWith(n));
      if (!c) {
        process.stdout.write(`${JSON.stringify(found.map(inspectEntry), null, 4)}\n`);
        fail(`no such object: "${n}"`);
      }
      found.push(c);
    }
    return void process.stdout.write(`${JSON.stringify(found.map(inspectEntry), null, 4)}\n`);
  }
  if (cmd === 'update') {
    const memFlag = rest.find((a) => a.startsWith('--memory') || a === '-m');
    const names = rest.filter((a, i) => !a.startsWith('-') && !(rest[i - 1] === '--memory' || rest[i - 1] === '-m'));
    const other = rest.find((a) => a.startsWith('-') && !a.startsWith('--memory') && a !== '-m');
    if (other) fail(`unknown flag: ${other} (this node's podman updates --memory only)`);
    if (!memFlag) fail('podman update needs --memory here');
    if (names.length !== 1) fail('"podman update" requires exactly 1 argument');
    const value = memFlag.includes('=') ? memFlag.slice(memFlag.indexOf('=') + 1) : rest[rest.indexOf(memFlag) + 1];
    const limit = bytes(value);
    const c = (await containers(s)).find((x) => x.name === names[0] || idOf(x.name).startsWith(names[0]));
    if (!c) fail(`no container with name or ID "${names[0]}" found: no such container`);
    if (c.state === 'running' && limit < APP_USE_BYTES) await host(s, 'POST', '/admin/oom', { app: c.app });
    return void process.stdout.write(`${idOf(c.name)}\n`);
  }
  fail(`unrecognized command \`podman ${args.join(' ')}\` on this node (it answers ps, inspect, update)`);
}

main().catch((error) => fail(String(error && error.stack ? error.stack : error)));
