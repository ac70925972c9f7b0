/** SSH settings from .env.node-<name> (config/env.ts) and the shape of the v1.9 commands (undo scheduled before the damage). */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { ConfigError, realNodeEnv, resetEnvCache } from '../../../config/env';
import * as v19 from '../ssh/commands-v1.9';

const BASE = 'ARCHY_BASE_URL=https://127.0.0.1:9\nARCHY_PASSWORD=pw-for-ssh-settings\n';
let envDir: string;

function node(text: string): ReturnType<typeof realNodeEnv> {
  writeFileSync(path.join(envDir, '.env.node-x'), BASE + text);
  return realNodeEnv('node-x');
}

describe('SSH settings', () => {
  beforeEach(() => {
    envDir = mkdtempSync(path.join(tmpdir(), 'archy-ssh-env-'));
    process.env.ARCHY_ENV_DIR = envDir;
    resetEnvCache();
  });
  afterEach(() => {
    delete process.env.ARCHY_ENV_DIR;
    resetEnvCache();
  });

  test('no ARCHY_SSH_HOST: no SSH control (the user/port/key defaults of .env.example alone do not turn it on)', () => {
    assert.equal(node('ARCHY_SSH_USER=archy\nARCHY_SSH_PORT=22\nARCHY_SSH_KEY=~/.ssh/id_ed25519\n').ssh, undefined);
  });

  test('host, user, port, key path (relative to the env dir), pin without its prefix', () => {
    const fp = 'iCaUhBtsUvOpm5X46WvqOKFWYQYyobaIS7H2zI42rX0';
    const ssh = node(
      `ARCHY_SSH_HOST=10.0.0.5\nARCHY_SSH_PORT=2222\nARCHY_SSH_KEY=keys/id\nARCHY_SSH_HOST_KEY_SHA256=SHA256:${fp}\n`,
    ).ssh!;
    assert.deepEqual(
      [ssh.host, ssh.user, ssh.port, ssh.keyPath, ssh.hostKeySha256, ssh.acceptNew],
      ['10.0.0.5', 'archy', 2222, path.join(envDir, 'keys/id'), fp, false],
    );
  });

  test('errors name the variable and the file', () => {
    assert.throws(
      () => node('ARCHY_SSH_HOST=10.0.0.5\n'),
      (e: Error) =>
        e instanceof ConfigError && /^ARCHY_SSH_KEY is not set .* for node-x: add it to \.env\.node-x/.test(e.message),
    );
    assert.throws(
      () => node('ARCHY_SSH_HOST=h\nARCHY_SSH_KEY=k\nARCHY_SSH_HOST_KEY_SHA256=abc\n'),
      /ARCHY_SSH_HOST_KEY_SHA256 .*SHA-256 host key fingerprint/,
    );
    assert.throws(() => node('ARCHY_SSH_HOST=h\nARCHY_SSH_KEY=k\nARCHY_SSH_PORT=70000\n'), /ARCHY_SSH_PORT/);
  });
});

describe('commands of archy 1.9', () => {
  const paths = { configFile: '/etc/archy/config.json', stateDb: '/var/lib/archy/state.db' };
  test('every damage schedules its undo on the node before it changes anything', () => {
    for (const [name, cmd, change] of [
      ['partition', v19.partition(5, 'id1'), 'nft -f -'],
      ['corrupt config', v19.corruptConfig(paths, 'id2', 600), 'tee'],
      ['delete state DB', v19.deleteStateDb(paths, 'archipelago', 'id3', 600), 'mv '],
    ] as const) {
      const timer = cmd.indexOf('systemd-run');
      assert.ok(timer >= 0, `${name}: has a timer on the node`);
      assert.ok(timer < cmd.lastIndexOf(change), `${name}: the timer comes before the change`);
      assert.match(cmd, /--on-active=\d+s --timer-property=AccuracySec=/, name);
    }
  });
  test("the partition spares the node's SSH port and needs the runner address (both from SSH_CONNECTION)", () => {
    const cmd = v19.partition(5, 'id');
    assert.match(cmd, /tcp dport != \$4 drop/);
    assert.match(cmd, /set -- \$SSH_CONNECTION/);
  });
  test('the host facts go into the commands: unit, podman user, journal unit', () => {
    assert.match(v19.daemonRestart('archy-daemon'), /systemctl restart 'archy-daemon'/);
    assert.match(v19.containers('satoshi'), /sudo -n -u 'satoshi' .*\$\(id -u 'satoshi'\) podman ps -a --format json/);
    assert.match(v19.logSince('archy-daemon', 1), /journalctl -u 'archy-daemon'/);
    assert.match(v19.deleteStateDb(paths, 'archy-daemon', 'i', 5), /systemctl stop 'archy-daemon'/);
  });
  test('mutating commands use sudo -n (never a password prompt)', () => {
    for (const cmd of [
      v19.daemonRestart('u'),
      v19.kill9('u'),
      v19.reboot(2),
      v19.logSince('u', 1),
      v19.oom('apps', 'lnd'),
      v19.containers('apps'),
    ])
      assert.match(cmd, /sudo -n /);
  });
  test('quoting survives a quote in a path', () => {
    assert.equal(v19.sq("a'b"), `'a'\\''b'`);
  });
});
