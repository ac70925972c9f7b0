'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- plain CommonJS run by the container's node, outside the TypeScript build */
/**
 * The node container's stand-ins for the commands SSH control runs on a real node
 * (lib/control/ssh/commands-v1.9.ts), mapped onto the sim's admin channel on loopback inside the
 * container. Only what that file uses is understood; anything else fails loudly, so a command file
 * that drifts from what the shims know shows at once. Mutating actions need root, as on a node.
 *
 *   systemctl restart|stop|start|kill --signal=SIGKILL archipelago, show archipelago -p…, is-active,
 *             reboot, stop <transient unit>[.timer]
 *   reboot
 *   systemd-run [--quiet] [--collect] --unit=NAME [--on-active=Ns] CMD…  (detached; cancellable)
 *   journalctl -u archipelago … -o short-unix --since @EPOCH
 *   podman ps -a --format json | update --memory=… NAME   (as the rootless user; root sees none)
 *   nft -f - (the archy_e2e_partition table) | delete table inet archy_e2e_partition | list table …
 */
const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');

const DATA = '/var/lib/archipelago';
const UNITS = '/run/archy-node-units';
const PODMAN_USER = 'archy';

function env() {
  const out = {};
  for (const line of fs.readFileSync('/run/archy-node.env', 'utf8').split('\n')) {
    const i = line.indexOf('=');
    if (i > 0) out[line.slice(0, i)] = line.slice(i + 1);
  }
  return out;
}

function die(message, code = 1) {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

function needRoot(what) {
  if (process.getuid() !== 0) die(`Failed to ${what}: Access denied (run it as root: sudo)`, 4);
}

async function admin(method, route, body) {
  const e = env();
  let res;
  try {
    res = await fetch(`http://127.0.0.1:${e.NODE_ADMIN_PORT}${route}`, {
      method,
      headers: { Authorization: `Bearer ${e.NODE_ADMIN_TOKEN}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10000),
    });
  } catch (error) {
    return { ok: false, status: 0, body: { error: `daemon host not reachable: ${error.message}` } };
  }
  const text = await res.text();
  let parsed = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = { error: text };
  }
  return { ok: res.ok, status: res.status, body: parsed };
}

async function mustAdmin(what, method, route, body) {
  const r = await admin(method, route, body);
  if (!r.ok) die(`Job for archipelago.service failed (${what}): ${JSON.stringify(r.body)}`);
  return r.body;
}

/** Unit names are [A-Za-z0-9:_.@-], as systemd's. */
function unitFile(unit) {
  const name = unit.replace(/\.(timer|service)$/, '');
  if (!/^[A-Za-z0-9:_.@-]+$/.test(name)) die(`Invalid unit name "${unit}"`);
  return path.join(UNITS, `${name}.pid`);
}

function rebootNow() {
  needRoot('reboot');
  process.kill(1, 'SIGTERM');
}

async function systemctl(args) {
  const verb = args.find((a) => !a.startsWith('-'));
  const rest = args.slice(args.indexOf(verb) + 1).filter((a) => !a.startsWith('-'));
  const unit = (rest[0] || '').replace(/\.service$/, '');
  if (verb === 'reboot') return rebootNow();
  if (verb === 'show' && unit === 'archipelago') {
    const r = await admin('GET', '/admin/status');
    const uptime = Number(fs.readFileSync('/proc/uptime', 'utf8').split(' ')[0]);
    const up = r.ok && r.body && r.body.daemon === 'up';
    const enteredUs = up ? Math.round((uptime * 1000 - r.body.uptimeMs) * 1000) : 0;
    process.stdout.write(
      `ActiveState=${up ? 'active' : r.ok ? 'activating' : 'inactive'}\nMainPID=${up ? r.body.pid : 0}\nActiveEnterTimestampMonotonic=${enteredUs}\n`,
    );
    return;
  }
  if (verb === 'is-active' && unit === 'archipelago') {
    const r = await admin('GET', '/admin/status');
    const up = r.ok && r.body && r.body.daemon === 'up';
    if (!args.includes('--quiet') && !args.includes('-q')) process.stdout.write(up ? 'active\n' : 'inactive\n');
    process.exit(up ? 0 : 3);
  }
  if (unit === 'archipelago') {
    needRoot(`${verb} archipelago.service`);
    if (verb === 'restart') {
      const st = await admin('GET', '/admin/status');
      if (st.ok && st.body.daemon !== 'up') return void (await mustAdmin('start', 'POST', '/admin/daemon-start')); // restart of a stopped unit starts it
      return void (await mustAdmin('restart', 'POST', '/admin/daemon-restart'));
    }
    if (verb === 'stop') return void (await admin('POST', '/admin/daemon-stop'));
    if (verb === 'start') return void (await mustAdmin('start', 'POST', '/admin/daemon-start'));
    if (verb === 'kill') {
      const signal =
        (args.find((a) => a.startsWith('--signal=')) || '').slice('--signal='.length) || args[args.indexOf('-s') + 1];
      if (!/^(SIG)?KILL$|^9$/.test(signal || ''))
        die(`shim: systemctl kill of archipelago knows only SIGKILL, got ${signal}`);
      return void (await mustAdmin('kill', 'POST', '/admin/kill9'));
    }
  }
  if (verb === 'stop' && unit.startsWith('archy-e2e-')) {
    needRoot(`stop ${unit}`);
    const file = unitFile(unit);
    if (!fs.existsSync(file)) die(`Failed to stop ${rest[0]}: Unit ${rest[0]} not loaded.`, 5);
    const pid = Number(fs.readFileSync(file, 'utf8'));
    try {
      process.kill(-pid, 'SIGTERM');
    } catch {
      // already finished
    }
    fs.rmSync(file, { force: true });
    return;
  }
  die(`shim: systemctl ${args.join(' ')} is not something the node container knows`);
}

function systemdRun(args) {
  needRoot('start transient unit');
  let unit = `run-${Date.now()}`;
  let delay = 0;
  let i = 0;
  for (; i < args.length && args[i].startsWith('-'); i++) {
    const a = args[i];
    if (a.startsWith('--unit=')) unit = a.slice('--unit='.length);
    else if (a.startsWith('--on-active=')) {
      const m = /^(\d+(?:\.\d+)?)(s|ms|min)?$/.exec(a.slice('--on-active='.length));
      if (!m) die(`shim: systemd-run: cannot read ${a}`);
      delay = Number(m[1]) * (m[2] === 'ms' ? 0.001 : m[2] === 'min' ? 60 : 1);
    } else if (!['--quiet', '-q', '--collect', '-G', '--no-block'].includes(a))
      die(`shim: systemd-run: unknown option ${a}`);
  }
  const cmd = args.slice(i);
  if (!cmd.length) die('shim: systemd-run: no command');
  const file = unitFile(unit);
  if (fs.existsSync(file)) die(`Failed to start transient unit: Unit ${unit}.timer already exists.`);
  // A new session, detached from the SSH session: sleeps, then runs the command and forgets the unit.
  const script = `sleep ${delay}; rm -f '${file}'; exec "$@"`;
  const child = spawn('/bin/sh', ['-c', script, 'sh', ...cmd], { detached: true, stdio: 'ignore' }); // detached = setsid()
  fs.writeFileSync(file, String(child.pid));
  child.unref();
}

function journalctl(args) {
  needRoot('open the journal');
  const u = args[args.indexOf('-u') + 1];
  if (u !== 'archipelago' && u !== 'archipelago.service') die(`shim: journalctl only knows -u archipelago`);
  const sinceArg = args[args.indexOf('--since') + 1] || '@0';
  if (!sinceArg.startsWith('@')) die('shim: journalctl --since needs @<epoch>');
  const since = Number(sinceArg.slice(1)) * 1000;
  const file = path.join(DATA, 'archipelago.log');
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  const out = [];
  for (const line of text.split('\n')) {
    const sp = line.indexOf(' ');
    if (sp < 0) continue;
    const at = Date.parse(line.slice(0, sp));
    if (!Number.isFinite(at) || at < since) continue;
    out.push(`${(at / 1000).toFixed(6)} ${env().NODE_HOSTNAME} archipelago[1]: ${line.slice(sp + 1)}`);
  }
  process.stdout.write(out.length ? `${out.join('\n')}\n` : '');
}

async function podman(args) {
  const asUser = process.getuid() !== 0 && require('node:os').userInfo().username === PODMAN_USER;
  if (args[0] === 'ps') {
    if (!args.includes('json')) die('shim: podman ps needs --format json');
    if (!asUser) return void process.stdout.write('[]\n'); // root's (or another user's) podman: not the rootless containers
    const body = await mustAdmin('podman ps', 'GET', '/admin/containers');
    const list = body.containers.map((c) => ({
      Id: c.name,
      Names: [c.name],
      Image: c.image,
      State: c.state,
      ExitCode: c.exitCode ?? 0,
      Exited: c.state === 'exited',
      Labels: { app: c.app },
    }));
    return void process.stdout.write(`${JSON.stringify(list)}\n`);
  }
  if (args[0] === 'update') {
    const name = args.filter((a) => !a.startsWith('-'))[1];
    if (!args.some((a) => a.startsWith('--memory'))) die('shim: podman update knows --memory only');
    if (!asUser) die(`Error: no container with name or ID "${name}" found: no such container`, 125);
    const body = await mustAdmin('podman ps', 'GET', '/admin/containers');
    const c = body.containers.find((x) => x.name === name);
    if (!c) die(`Error: no container with name or ID "${name}" found: no such container`, 125);
    const r = await admin('POST', '/admin/oom', { app: c.app });
    if (!r.ok) die(`Error: ${JSON.stringify(r.body)}`, 125);
    return;
  }
  die(`shim: podman ${args.join(' ')} is not something the node container knows`);
}

async function nft(args) {
  needRoot('nft (Operation not permitted)');
  const TABLE = 'archy_e2e_partition';
  if (args[0] === '-f' && args[1] === '-') {
    const rules = fs.readFileSync(0, 'utf8');
    if (!rules.includes(`table inet ${TABLE}`) || !/drop/.test(rules))
      die('shim: nft -f - knows the archy_e2e_partition table only');
    // The rule stays until it is deleted (the node's timer does that): the sim heals on its own only after an hour.
    const r = await admin('POST', '/admin/partition', { seconds: 3600 });
    if (!r.ok) die(`Error: ${JSON.stringify(r.body)}`);
    return;
  }
  if (args[0] === 'delete' && args[1] === 'table' && args[3] === TABLE) {
    const st = await admin('GET', '/admin/status');
    if (!st.ok || !st.body.partitionedUntil)
      die(`Error: Could not process rule: No such file or directory\ndelete table inet ${TABLE}`);
    await mustAdmin('heal', 'POST', '/admin/heal');
    return;
  }
  if (args[0] === 'list' && args[1] === 'table' && args[3] === TABLE) {
    const st = await admin('GET', '/admin/status');
    if (!st.ok || !st.body.partitionedUntil) die(`Error: No such file or directory\nlist table inet ${TABLE}`);
    process.stdout.write(`table inet ${TABLE} {\n}\n`);
    return;
  }
  die(`shim: nft ${args.join(' ')} is not something the node container knows`);
}

async function main() {
  const [cmd, ...args] = process.argv.slice(2);
  if (cmd === 'systemctl') return systemctl(args);
  if (cmd === 'reboot') return rebootNow();
  if (cmd === 'systemd-run') return systemdRun(args);
  if (cmd === 'journalctl') return journalctl(args);
  if (cmd === 'podman') return podman(args);
  if (cmd === 'nft') return nft(args);
  die(`shim: unknown command ${cmd}`);
}

main().catch((error) => die(`shim: ${error.stack || error}`));
