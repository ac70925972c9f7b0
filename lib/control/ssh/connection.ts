/**
 * One SSH connection to a node (ssh2), with the host key checked against the pin (or trusted on first
 * use with ARCHY_SSH_ACCEPT_NEW=1) and every failure turned into a message that names the setting to
 * fix, the node and its env file. The private key is read from ARCHY_SSH_KEY's path when connecting
 * and never kept, logged or put into an error.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Client, ClientChannel } from 'ssh2';
import type { SshSettings } from '../../../config/env';
import { ControlError } from '../types';

/** Connecting (TCP, handshake, auth) must not take longer: the preflight promises a clear error within 5 s. */
export const CONNECT_TIMEOUT_MS = 4_000;

export class SshSettingError extends ControlError {
  override name = 'SshSettingError';
  constructor(
    readonly setting: string,
    message: string,
  ) {
    super(message);
  }
}

export interface ExecResult {
  code: number | null;
  signal?: string;
  stdout: string;
  stderr: string;
}

/** The host key's SHA-256 fingerprint as OpenSSH prints it (base64, no padding, no prefix). */
export function hostKeyFingerprint(key: Buffer): string {
  return createHash('sha256').update(key).digest('base64').replace(/=+$/, '');
}

function where(s: SshSettings): string {
  return `${s.user}@${s.host}:${s.port} (node ${s.node}, ${path.basename(s.envFile)})`;
}

function fail(s: SshSettings, setting: string, problem: string): SshSettingError {
  return new SshSettingError(
    setting,
    `${setting}: ${problem} — SSH to ${where(s)}; fix it in ${s.envFile} (see .env.example)`,
  );
}

function readKey(s: SshSettings): Buffer {
  if (!existsSync(s.keyPath)) throw fail(s, 'ARCHY_SSH_KEY', `no private key at ${s.keyPath}`);
  const st = statSync(s.keyPath);
  if (!st.isFile()) throw fail(s, 'ARCHY_SSH_KEY', `${s.keyPath} is not a file`);
  try {
    return readFileSync(s.keyPath);
  } catch (error) {
    throw fail(s, 'ARCHY_SSH_KEY', `cannot read ${s.keyPath}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
}

/** What the host verifier decided, for the error message after a refused handshake. */
interface HostKeyVerdict {
  seen?: string;
  refused?: SshSettingError;
}

function verifyHostKey(s: SshSettings, key: Buffer, verdict: HostKeyVerdict): boolean {
  const seen = hostKeyFingerprint(key);
  verdict.seen = seen;
  if (s.hostKeySha256) {
    if (seen === s.hostKeySha256) return true;
    verdict.refused = fail(
      s,
      'ARCHY_SSH_HOST_KEY_SHA256',
      `the host key is SHA256:${seen}, not the pinned SHA256:${s.hostKeySha256} (a different host, or its key changed)`,
    );
    return false;
  }
  const remembered = existsSync(s.knownHostFile) ? readFileSync(s.knownHostFile, 'utf8').trim() : undefined;
  if (remembered) {
    if (remembered === seen) return true;
    verdict.refused = fail(
      s,
      'ARCHY_SSH_HOST_KEY_SHA256',
      `the host key is SHA256:${seen}, but SHA256:${remembered} was accepted before (${s.knownHostFile}); pin the right one or delete that file if the node was reinstalled`,
    );
    return false;
  }
  if (s.acceptNew) {
    mkdirSync(path.dirname(s.knownHostFile), { recursive: true });
    writeFileSync(s.knownHostFile, `${seen}\n`, { mode: 0o600 });
    return true;
  }
  verdict.refused = fail(
    s,
    'ARCHY_SSH_HOST_KEY_SHA256',
    `unknown host key SHA256:${seen}: pin it (ARCHY_SSH_HOST_KEY_SHA256=SHA256:${seen} once you checked it on the node with ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub) or set ARCHY_SSH_ACCEPT_NEW=1 to trust it on first use`,
  );
  return false;
}

function translate(
  s: SshSettings,
  error: Error & { level?: string; code?: string },
  verdict: HostKeyVerdict,
): ControlError {
  if (verdict.refused) return verdict.refused;
  const msg = error.message;
  if (error.level === 'client-authentication' || /authentication methods failed/i.test(msg)) {
    return fail(
      s,
      'ARCHY_SSH_KEY',
      `the node refused the key ${s.keyPath} for user "${s.user}" (check ARCHY_SSH_USER too: the key's .pub must be in ~${s.user}/.ssh/authorized_keys)`,
    );
  }
  if (/private key|unsupported key|parse/i.test(msg) && !error.level)
    return fail(
      s,
      'ARCHY_SSH_KEY',
      `${s.keyPath} is not a usable private key (${msg}); an encrypted key needs ssh-agent, which this suite does not use`,
    );
  if (error.code === 'ECONNREFUSED')
    return fail(s, 'ARCHY_SSH_PORT', `connection refused (is sshd listening on port ${s.port}?)`);
  if (error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN')
    return fail(s, 'ARCHY_SSH_HOST', `host "${s.host}" does not resolve`);
  if (/timed out/i.test(msg) || error.code === 'ETIMEDOUT')
    return fail(
      s,
      'ARCHY_SSH_HOST',
      `no SSH handshake within ${CONNECT_TIMEOUT_MS} ms (host down, wrong ARCHY_SSH_HOST/ARCHY_SSH_PORT, or a firewall)`,
    );
  return new ControlError(`SSH to ${where(s)} failed: ${msg}`);
}

export class SshConnection {
  private client: Client | null = null;
  private connecting: Promise<Client> | null = null;

  constructor(readonly settings: SshSettings) {}

  /** Connects once; later calls reuse the connection until it drops. */
  connect(): Promise<Client> {
    if (this.client) return Promise.resolve(this.client);
    if (this.connecting) return this.connecting;
    const s = this.settings;
    const privateKey = readKey(s);
    const verdict: HostKeyVerdict = {};
    this.connecting = new Promise<Client>((resolve, reject) => {
      // ssh2 is loaded on the first connection: a worker on a node without SSH control never pays for it.
      const { Client: SshClient } = require('ssh2') as typeof import('ssh2');
      const client = new SshClient();
      let settled = false;
      const done = (error?: ControlError): void => {
        if (settled) return;
        settled = true;
        this.connecting = null;
        if (error) {
          client.end();
          reject(error);
        } else {
          this.client = client;
          resolve(client);
        }
      };
      const timer = setTimeout(
        () =>
          done(
            fail(
              s,
              'ARCHY_SSH_HOST',
              `no SSH handshake within ${CONNECT_TIMEOUT_MS} ms (host down, wrong ARCHY_SSH_HOST/ARCHY_SSH_PORT, or a firewall)`,
            ),
          ),
        CONNECT_TIMEOUT_MS + 250,
      );
      client.on('ready', () => {
        clearTimeout(timer);
        done();
      });
      client.on('error', (error) => {
        clearTimeout(timer);
        if (!settled) done(translate(s, error as Error & { level?: string }, verdict));
      });
      client.on('close', () => {
        if (this.client === client) this.client = null;
      });
      try {
        client.connect({
          host: s.host,
          port: s.port,
          username: s.user,
          privateKey,
          readyTimeout: CONNECT_TIMEOUT_MS,
          keepaliveInterval: 5_000,
          keepaliveCountMax: 3,
          hostVerifier: (key: Buffer) => verifyHostKey(s, key, verdict),
        });
      } catch (error) {
        clearTimeout(timer);
        done(translate(s, error as Error, verdict));
      }
    });
    return this.connecting;
  }

  /** Runs one command (`sh -c` on the node, as the login user), bounded by `timeoutMs`. */
  async exec(command: string, opts: { timeoutMs?: number; stdin?: string } = {}): Promise<ExecResult> {
    const client = await this.connect();
    const timeoutMs = opts.timeoutMs ?? 30_000;
    return new Promise<ExecResult>((resolve, reject) => {
      client.exec(command, (error, channel: ClientChannel) => {
        if (error) return reject(new ControlError(`SSH exec on ${where(this.settings)} failed: ${error.message}`));
        const out: Buffer[] = [];
        const err: Buffer[] = [];
        const timer = setTimeout(() => {
          channel.close();
          reject(
            new ControlError(
              `SSH command on ${where(this.settings)} did not finish within ${timeoutMs} ms: ${firstWords(command)}`,
            ),
          );
        }, timeoutMs);
        channel.on('data', (d: Buffer) => out.push(d));
        channel.stderr.on('data', (d: Buffer) => err.push(d));
        channel.on('close', (code: number | null, signal?: string) => {
          clearTimeout(timer);
          resolve({
            code,
            signal,
            stdout: Buffer.concat(out).toString('utf8'),
            stderr: Buffer.concat(err).toString('utf8'),
          });
        });
        if (opts.stdin !== undefined) channel.end(opts.stdin);
        else channel.end();
      });
    });
  }

  /** Like exec, but a non-zero exit is an error naming what was attempted. */
  async run(what: string, command: string, opts: { timeoutMs?: number } = {}): Promise<string> {
    const result = await this.exec(command, opts);
    if (result.code !== 0) {
      const detail = (result.stderr || result.stdout).trim().split('\n').slice(-3).join(' | ');
      throw new ControlError(
        `${what} on node ${this.settings.node} failed (exit ${result.code ?? result.signal}): ${detail || '(no output)'} — command: ${firstWords(command)}`,
      );
    }
    return result.stdout;
  }

  /** Drops the connection (the next exec connects again). */
  drop(): void {
    this.client?.end();
    this.client = null;
  }

  async close(): Promise<void> {
    this.drop();
  }
}

function firstWords(command: string): string {
  return command.length > 160 ? `${command.slice(0, 157)}...` : command;
}
