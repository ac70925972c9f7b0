/**
 * SSH control against the node in a container (`npm run test:container`; skipped with the reason
 * when no container engine is usable): the preflight's errors and the host facts it discovers, real
 * systemd/journald/nft/systemd-run (no shim but podman), the podman stand-in's interface, reboot,
 * kill -9, the damage timers, and a partition that heals with the runner killed during it. The
 * node's journal is appended to a failure.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, test, type TestContext } from 'node:test';
import { SshControl, sshPreflight, SshSettingError } from '../../control';
import { onNodeTimer } from '../../control/ssh/commands-v1.9';
import { reconcilePasses } from '../../reconcile-lines';
import { containerEngine } from '../engine';
import { startNodeContainer, type StartedNodeContainer } from '../start';

let node: StartedNodeContainer | undefined;
let skipReason: string | undefined;

async function withLogs(t: TestContext, body: (n: StartedNodeContainer) => Promise<void>): Promise<void> {
  if (!node) return void t.skip(skipReason ?? 'node container did not start');
  try {
    await body(node);
  } catch (error) {
    const logs = await node.logs().catch((e: Error) => `(logs unavailable: ${e.message})`);
    (error as Error).message +=
      `\n--- node container log (last 40 lines) ---\n${logs.split('\n').slice(-40).join('\n')}`;
    throw error;
  }
}

async function within<T>(
  ms: number,
  what: string,
  fn: () => Promise<T>,
): Promise<{ value?: T; error?: unknown; elapsed: number }> {
  const t0 = Date.now();
  try {
    const value = await fn();
    return { value, elapsed: Date.now() - t0 };
  } catch (error) {
    const elapsed = Date.now() - t0;
    assert.ok(elapsed <= ms, `${what} took ${elapsed} ms (budget ${ms} ms)`);
    return { error, elapsed };
  }
}

async function httpAnswers(url: string, timeoutMs: number): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    return true;
  } catch {
    return false;
  }
}

async function until(what: string, budgetMs: number, fn: () => Promise<boolean>): Promise<number> {
  const t0 = Date.now();
  while (!(await fn())) {
    if (Date.now() - t0 > budgetMs) throw new Error(`${what}: not within ${budgetMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return Date.now() - t0;
}

/** The daemon's last start-up line in this boot's journal (`daemon: archipelago … up (<why>), N packages`). */
async function lastStartUp(control: SshControl): Promise<string> {
  return (
    await control.connection.exec(
      "sudo -n journalctl -b -u archipelago --no-pager -o cat | grep -E '^daemon: archipelago .* up \\(' | tail -n 1 || true",
    )
  ).stdout.trim();
}

describe('node container over SSH', { concurrency: false }, () => {
  before(async () => {
    const engine = await containerEngine();
    if (!engine.ok) {
      skipReason = engine.reason;
      return;
    }
    const t0 = Date.now();
    node = await startNodeContainer({ name: 'node-ctest' });
    console.log(
      `node container up in ${Date.now() - t0} ms (image ${node.ready.image}; boot to the first RPC answer ${node.ready.bootMs} ms; ${node.ready.baseUrl}, ssh port ${node.ready.sshPort})`,
    );
  });
  after(async () => {
    await node?.stop();
  });

  test('preflight passes with the right settings, well within 5 s, and discovers every host fact', (t) =>
    withLogs(t, async (n) => {
      const r = await sshPreflight(n.ssh);
      assert.equal(r.user, 'archy');
      assert.ok(r.ms <= 5000, `preflight took ${r.ms} ms`);
      assert.deepEqual(n.ssh.facts, {}, 'nothing is set: every fact must come from the node');
      const seen = Object.fromEntries(Object.entries(r.facts).map(([k, f]) => [k, `${f.value} (${f.source})`]));
      assert.deepEqual(seen, {
        unit: 'archipelago (discovered)',
        podmanUser: 'btcnode (discovered)', // the daemon's user, not the SSH user archy
        configFile: '/var/lib/archipelago/config.json (discovered)',
        stateDb: '/var/lib/archipelago/packages.json (discovered)',
        journalUnit: 'archipelago (discovered)',
      });
    }));

  test('real systemd, journald, nft, systemd-run, sudo and sshd: no shim but podman', (t) =>
    withLogs(t, async (n) => {
      const control = new SshControl(n.ssh);
      try {
        // Each command resolves to an ELF binary of Debian's packages; podman alone is the stand-in.
        const probe = [
          'for c in systemctl journalctl nft systemd-run reboot sudo sshd; do',
          '  p=$(command -v $c || echo /usr/sbin/$c); r=$(readlink -f "$p");',
          '  printf "%s %s %s\\n" "$c" "$r" "$(head -c4 "$r" | od -An -c | tr -d " ")";',
          'done; echo "pid1 $(cat /proc/1/comm)"; echo "podman $(readlink -f "$(command -v podman)")";',
          'echo "journal $(ls -d /var/log/journal/*/ | head -1)"; /usr/sbin/nft --version; systemctl --version | head -1',
        ].join(' ');
        const out = (await control.connection.exec(probe)).stdout;
        for (const c of ['systemctl', 'journalctl', 'nft', 'systemd-run', 'reboot', 'sudo', 'sshd'])
          assert.match(out, new RegExp(`^${c} \\S+ 177ELF$`, 'm'), `${c} is not a real binary:\n${out}`);
        assert.match(out, /^pid1 systemd$/m, `PID 1 is not systemd:\n${out}`);
        assert.match(out, /^podman \/usr\/local\/bin\/podman$/m);
        assert.match(out, /^journal \/var\/log\/journal\/[0-9a-f]{32}\/$/m, `no persistent journal:\n${out}`);
        assert.match(out, /^nftables v1\./m);
        assert.match(out, /^systemd 25\d/m);
        // The repo ships no stand-in for anything but podman.
        const { readdirSync } = await import('node:fs');
        const files = readdirSync(path.join(__dirname, '..', 'node'), { recursive: true }).map(String);
        for (const f of files)
          assert.doesNotMatch(f, /shim|systemctl|journalctl|nft|systemd-run|reboot/, `a stand-in in node/: ${f}`);
      } finally {
        await control.close();
      }
    }));

  test('a timer the suite schedules fires when due (AccuracySec), not up to a minute late', (t) =>
    withLogs(t, async (n) => {
      const control = new SshControl(n.ssh);
      try {
        const at = Number((await control.connection.exec('date +%s%3N')).stdout.trim());
        const r = await control.connection.exec(
          onNodeTimer('ctest-probe', 2, 'date +%s%3N > /run/archy-e2e-timer-fired'),
        );
        assert.equal(r.code, 0, r.stderr);
        let fired = NaN;
        await until('the timer fired', 15_000, async () => {
          fired = Number((await control.connection.exec('cat /run/archy-e2e-timer-fired 2>/dev/null')).stdout.trim());
          return Number.isFinite(fired) && fired > 0;
        });
        const late = fired - at - 2000;
        console.log(`a 2 s timer fired ${late} ms after it was due`);
        assert.ok(late >= -100 && late < 1500, `the timer fired ${late} ms after it was due`);
      } finally {
        await control.close();
      }
    }));

  test("L6 from the host: the daemon's journal holds its reconcile passes, each with its own duration", (t) =>
    withLogs(t, async (n) => {
      const control = new SshControl(n.ssh, { timeScale: n.ready.timeScale });
      try {
        const since = new Date();
        let passes = reconcilePasses([]);
        await until('three reconcile passes in the journal', 20_000, async () => {
          passes = reconcilePasses((await control.logSince(since)).map((l) => l.line));
          return passes.filter((p) => p.ms !== undefined).length >= 3;
        });
        console.log(`reconcile passes from journalctl -u archipelago: ${passes.map((p) => `${p.ms} ms`).join(', ')}`);
      } finally {
        await control.close();
      }
    }));

  test("podman stand-in: podman 4's JSON for the containers' user only; update --memory below use OOM-kills; else 125", (t) =>
    withLogs(t, async (n) => {
      const control = new SshControl(n.ssh);
      const as = (user: string, args: string) =>
        control.connection.exec(`sudo -n -u ${user} env XDG_RUNTIME_DIR=/run/user/$(id -u ${user}) podman ${args}`);
      try {
        const ps = JSON.parse((await as('btcnode', 'ps -a --format json')).stdout) as Record<string, unknown>[];
        assert.ok(ps.length >= 1, 'the baseline containers are listed');
        for (const key of ['Id', 'Names', 'Image', 'State', 'Exited', 'ExitCode', 'StartedAt', 'Status', 'Labels'])
          assert.ok(key in ps[0]!, `podman ps --format json has ${key}`);
        assert.ok(Array.isArray(ps[0]!.Names) && /^[0-9a-f]{64}$/.test(String(ps[0]!.Id)));
        assert.deepEqual(JSON.parse((await as('archy', 'ps -a --format json')).stdout), [], 'another user sees none');
        assert.deepEqual(JSON.parse((await control.connection.exec('sudo -n podman ps -a --format json')).stdout), []);
        const target = 'filebrowser';
        const inspect = async () =>
          (JSON.parse((await as('btcnode', `inspect ${target}`)).stdout) as { State: Record<string, unknown> }[])[0]!
            .State;
        assert.equal((await inspect()).Running, true);
        const above = await as('btcnode', `update --memory=512m ${target}`);
        assert.equal(above.code, 0, above.stderr);
        const before = await inspect();
        assert.equal(before.Running, true, 'a limit above what the app uses changes nothing');
        const below = await as('btcnode', `update --memory=6m ${target}`);
        assert.equal(below.code, 0, below.stderr);
        // Exited 137 with OOMKilled, unless its unit (Restart=always) already started it again.
        const killed = await inspect();
        if (killed.Running !== true)
          assert.deepEqual([killed.Status, killed.ExitCode, killed.OOMKilled], ['exited', 137, true]);
        await until('the unit restarts the OOM-killed container', 15_000, async () => {
          const now = await inspect();
          return now.Running === true && String(now.StartedAt) > String(before.StartedAt);
        });
        const kernel = await control.connection.exec(
          'sudo -n journalctl -u archy-node-host --no-pager -q -g "Out of memory"',
        );
        assert.match(kernel.stdout, new RegExp(`Out of memory: Killed process \\(${target}\\)`));
        for (const args of ['run --rm alpine true', 'ps', `update --cpus=1 ${target}`, 'inspect no-such-container'])
          assert.equal((await as('btcnode', args)).code, 125, `podman ${args} exits 125`);
      } finally {
        await control.close();
      }
    }));

  test('wrong key: a clear error naming ARCHY_SSH_KEY within 5 s', (t) =>
    withLogs(t, async (n) => {
      const { error, elapsed } = await within(5000, 'wrong key', () =>
        sshPreflight({ ...n.ssh, keyPath: path.join(n.ready.stateDir, 'etc', 'ssh_host_ed25519_key') }),
      );
      assert.ok(error instanceof SshSettingError, `expected SshSettingError, got ${String(error)}`);
      assert.equal(error.setting, 'ARCHY_SSH_KEY');
      assert.match(error.message, /ARCHY_SSH_KEY: the node refused the key .* for user "archy"/);
      console.log(`wrong key refused in ${elapsed} ms: ${error.message}`);
    }));

  test('wrong user: the same clear error, naming ARCHY_SSH_USER too', (t) =>
    withLogs(t, async (n) => {
      const { error } = await within(5000, 'wrong user', () => sshPreflight({ ...n.ssh, user: 'nobody-here' }));
      assert.ok(error instanceof SshSettingError);
      assert.match(error.message, /ARCHY_SSH_USER/);
    }));

  test('unknown host key: refused, naming ARCHY_SSH_HOST_KEY_SHA256, unless ARCHY_SSH_ACCEPT_NEW=1', (t) =>
    withLogs(t, async (n) => {
      const unpinned = {
        ...n.ssh,
        hostKeySha256: undefined,
        knownHostFile: path.join(n.ready.stateDir, 'known-host-test'),
      };
      const { error, elapsed } = await within(5000, 'unknown host key', () => sshPreflight(unpinned));
      assert.ok(error instanceof SshSettingError, `expected SshSettingError, got ${String(error)}`);
      assert.equal(error.setting, 'ARCHY_SSH_HOST_KEY_SHA256');
      assert.match(error.message, /unknown host key SHA256:\S+: pin it/);
      const wrongPin = { ...n.ssh, hostKeySha256: 'A'.repeat(43) };
      const pinned = await within(5000, 'wrong pin', () => sshPreflight(wrongPin));
      assert.match(
        String((pinned.error as Error)?.message),
        /ARCHY_SSH_HOST_KEY_SHA256: the host key is SHA256:\S+, not the pinned/,
      );
      const accepted = await sshPreflight({ ...unpinned, acceptNew: true });
      assert.equal(accepted.user, 'archy');
      await sshPreflight(unpinned); // remembered now
      console.log(
        `unknown host key refused in ${elapsed} ms; accepted on first use with ARCHY_SSH_ACCEPT_NEW=1, remembered after`,
      );
    }));

  test('no sudo: a clear error naming ARCHY_SSH_USER within 5 s', (t) =>
    withLogs(t, async (n) => {
      const { error, elapsed } = await within(5000, 'no sudo', () => sshPreflight(n.sshNoSudo));
      assert.ok(error instanceof SshSettingError, `expected SshSettingError, got ${String(error)}`);
      assert.equal(error.setting, 'ARCHY_SSH_USER');
      assert.match(error.message, /"archy-nosudo" may not run sudo without a password/);
      console.log(`no sudo refused in ${elapsed} ms`);
    }));

  test('the SSH key never reaches a step title, an error, the env file or the node log', (t) =>
    withLogs(t, async (n) => {
      const { readFileSync } = await import('node:fs');
      const pem = readFileSync(n.ssh.keyPath, 'utf8');
      const body = pem.split('\n').filter((l) => l && !l.startsWith('-----'));
      assert.ok(body.length >= 3, 'the key has a body to look for');
      const seen: string[] = [];
      const step = async <T>(title: string, fn: () => Promise<T>): Promise<T> => {
        seen.push(title);
        return fn();
      };
      const good = new SshControl(n.ssh, { step, timeScale: n.ready.timeScale });
      const refused = new SshControl({ ...n.ssh, user: 'archy-nosudo' }, { step });
      const wrongKey = new SshControl(
        { ...n.ssh, keyPath: path.join(n.ready.stateDir, 'etc', 'ssh_host_ed25519_key') },
        { step },
      );
      try {
        await good.status();
        await good.daemonRestart();
        for (const c of [refused, wrongKey])
          await c.daemonRestart().catch((e: Error) => seen.push(`${e.name}: ${e.message}\n${e.stack ?? ''}`));
        await sshPreflight(n.sshNoSudo).catch((e: Error) => seen.push(e.message));
        seen.push(n.envFile(), await n.logs(), JSON.stringify(n.ssh));
      } finally {
        for (const c of [good, refused, wrongKey]) await c.close();
      }
      const everything = seen.join('\n');
      for (const line of body) assert.equal(everything.includes(line), false, 'a line of the private key leaked');
      assert.equal(
        everything.includes(Buffer.from(pem).toString('base64').slice(0, 40)),
        false,
        'the base64 of the key leaked',
      );
    }));

  test('daemon restart and kill -9 over SSH: the daemon goes away and comes back', (t) =>
    withLogs(t, async (n) => {
      const control = new SshControl(n.ssh, { timeScale: n.ready.timeScale });
      try {
        await assert.rejects(
          control.callsSince(new Date()),
          { name: 'ControlUnsupportedError' },
          'SSH keeps no call record',
        );
        const started = new Date();
        const hostPid = async () =>
          (await control.connection.exec('systemctl show -p MainPID --value archy-node-host')).stdout.trim();
        const hostBefore = await hostPid();
        for (const action of ['daemonRestart', 'kill9'] as const) {
          const before = await control.status();
          assert.equal(before.daemon, 'up');
          const t0 = Date.now();
          await control[action]();
          await until(`daemon back after ${action}`, 15_000, async () => {
            const s = await control.status();
            return s.daemon === 'up' && s.uptimeMs <= Date.now() - t0;
          });
          assert.notEqual((await control.status()).pid, before.pid, `${action}: a new daemon process`);
          const reason = action === 'kill9' ? 'kill9' : 'daemon-restart';
          await until(`the daemon started up as after a ${reason}`, 15_000, async () =>
            (await lastStartUp(control)).includes(`up (${reason})`),
          );
        }
        assert.equal(await hostPid(), hostBefore, 'what surrounds the daemon (its host unit) survived both');
        // logSince takes the runner's time; the journal's are the node's (read once, allowed for).
        const after = await control.logSince(started);
        assert.ok(
          after.some((l) => /archipelago\.service: Main process exited, code=killed, status=9\/KILL/.test(l.line)),
          `logSince(test start) has the kill: ${after
            .slice(-5)
            .map((l) => l.line)
            .join(' | ')}`,
        );
        assert.ok(
          after.every((l) => l.seq >= started.getTime() - 1_000),
          `logSince(test start) holds only lines from the test's time on (first: ${after[0]?.at})`,
        );
      } finally {
        await control.close();
      }
    }));

  test('corrupt config and deleted state DB are put back by timers on the node', (t) =>
    withLogs(t, async (n) => {
      const control = new SshControl(n.ssh, { timeScale: n.ready.timeScale });
      const { readFileSync, existsSync } = await import('node:fs');
      // Both paths are the ones discovered from the daemon's unit (--config, --state-db).
      const config = path.join(n.ready.dataDir, 'config.json');
      const db = path.join(n.ready.dataDir, 'packages.json');
      try {
        const original = readFileSync(config, 'utf8');
        await control.corruptConfig(2);
        assert.notEqual(readFileSync(config, 'utf8'), original, 'config.json is damaged');
        await until(
          'config.json put back by the timer on the node',
          8_000,
          async () => readFileSync(config, 'utf8') === original,
        );
        await control.deleteStateDb(2);
        assert.equal(existsSync(db), false, 'packages.json is gone');
        assert.equal((await control.status()).daemon, 'down', 'the daemon stays stopped until restarted');
        await until(
          'packages.json back and the daemon started by the timer on the node',
          10_000,
          async () => existsSync(db) && (await control.status()).daemon === 'up',
        );
      } finally {
        await control.close();
      }
    }));

  test('a partition started over SSH heals by itself with the runner killed during it', (t) =>
    withLogs(t, async (n) => {
      const seconds = 5;
      const health = `${n.ready.baseUrl}/`;
      assert.ok(await httpAnswers(health, 3000), 'the node answers before the partition');
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', path.join(__dirname, 'partition-then-die.ts'), JSON.stringify(n.ssh), String(seconds)],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let err = '';
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`the runner did not partition within 20 s: ${err}`)), 20_000);
        child.stdout.on('data', (d: Buffer) => {
          if (d.toString().includes('PARTITIONED')) {
            clearTimeout(timer);
            resolve();
          }
        });
        child.on('exit', (code) => reject(new Error(`the runner exited (${code}) before partitioning: ${err}`)));
      });
      const t0 = Date.now();
      child.kill('SIGKILL');
      assert.equal(await httpAnswers(health, 1500), false, 'the node does not answer during the partition');
      const healedAfter = await until('the node answers again', (seconds + 10) * 1000, () => httpAnswers(health, 1000));
      console.log(
        `runner killed; the node answered again ${Date.now() - t0} ms after the kill (partition ${seconds} s, polled ${healedAfter} ms)`,
      );
      assert.ok(Date.now() - t0 >= (seconds - 2) * 1000, 'it healed at the end of the partition, not before');
      const control = new SshControl(n.ssh);
      try {
        const listed = await control.connection.exec('sudo -n nft list table inet archy_e2e_partition');
        assert.notEqual(listed.code, 0, 'the firewall table is gone');
        assert.equal((await control.status()).daemon, 'up', 'the node is unharmed');
      } finally {
        await control.close();
      }
    }));

  test('reboot over SSH: PID 1 changes, every process ended, the apps come back from the volume', (t) =>
    withLogs(t, async (n) => {
      const control = new SshControl(n.ssh, { timeScale: n.ready.timeScale, progress: (l) => console.log(l) });
      try {
        const pidBefore = await n.pid1();
        const bootsBefore = await n.boots();
        const running = (await control.containers())
          .filter((c) => c.state === 'running')
          .map((c) => c.name)
          .sort();
        assert.ok(running.length >= 2, `baseline containers run before the reboot: ${running.join(', ')}`);
        const t0 = Date.now();
        await control.reboot();
        const pidAfter = await n.pid1();
        assert.notEqual(pidAfter, pidBefore, 'the container PID 1 changed');
        assert.equal(await n.boots(), bootsBefore + 1, 'the container booted once more');
        await until(
          'daemon up after the reboot',
          30_000,
          async () => (await control.status().catch(() => undefined))?.daemon === 'up',
        );
        await until('the containers that ran before run again', 30_000, async () => {
          const now = (await control.containers().catch(() => []))
            .filter((c) => c.state === 'running')
            .map((c) => c.name)
            .sort();
          return JSON.stringify(now) === JSON.stringify(running);
        });
        console.log(
          `rebooted (systemctl reboot) in ${Date.now() - t0} ms to SSH and apps back: PID 1 ${pidBefore} → ${pidAfter}; back: ${running.join(', ')}`,
        );
        const startUp = await lastStartUp(control);
        assert.match(
          startUp,
          /up \(reboot\)/,
          `the daemon started up as after a reboot (the boot marker in /run): ${startUp}`,
        );
        const boots = (await control.connection.exec('sudo -n journalctl --list-boots --no-pager | wc -l')).stdout;
        assert.ok(Number(boots) >= 2, `the persistent journal holds both boots (${boots.trim()})`);
      } finally {
        await control.close();
      }
    }));
});
