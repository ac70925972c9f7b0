/**
 * NodeControl over the sim's admin channel (sim/CONTRACT.md "Control channel",
 * `Authorization: Bearer <adminToken>`). The config and state-DB backups are copies in the sim's
 * data dir (SIM_READY.dataDir): the sim runs on this machine.
 */
import { copyFileSync, existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { noStep, type StepRunner } from '../rpc/client';
import {
  ControlError,
  type ContainerView,
  type ControlStatus,
  type LogLine,
  type NodeControl,
  type RpcCallRecord,
  type Undo,
} from './types';

export class SimControlError extends ControlError {
  override name = 'SimControlError';
}

/** The sim's admin channel. */
export class SimControl implements NodeControl {
  readonly kind = 'sim' as const;

  constructor(
    private readonly adminUrl: string,
    private readonly adminToken: string,
    private readonly step: StepRunner = noStep,
    readonly nodeName = 'sim',
    /** The sim's data dir, for the backups of corruptConfig / deleteStateDb. */
    private readonly dataDir?: string,
  ) {}

  status(): Promise<ControlStatus> {
    return this.request<ControlStatus>('GET', '/admin/status');
  }
  async daemonRestart(): Promise<void> {
    await this.act('daemon restart', 'POST', '/admin/daemon-restart');
  }
  async kill9(): Promise<void> {
    await this.act('kill -9 daemon', 'POST', '/admin/kill9');
  }
  async reboot(): Promise<void> {
    await this.act('reboot', 'POST', '/admin/reboot');
  }
  async oom(app: string): Promise<void> {
    await this.act(`OOM-kill ${app}`, 'POST', '/admin/oom', { app });
  }
  async partition(seconds: number): Promise<void> {
    await this.act(`partition ${seconds}s`, 'POST', '/admin/partition', { seconds });
  }
  corruptConfig(): Promise<Undo> {
    return this.damage('config.json', 'corrupt the config', '/admin/corrupt-config', 'always');
  }
  deleteStateDb(): Promise<Undo> {
    return this.damage('packages.json', 'delete the state DB', '/admin/delete-state-db', 'with-daemon-stopped');
  }
  /** The sim is no host: SSH control's host facts do not apply to it. */
  async hostFacts(): Promise<undefined> {
    return undefined;
  }
  async uncovered(): Promise<undefined> {
    return undefined;
  }

  async faults(): Promise<string[]> {
    return faultNames(await this.request<unknown>('GET', '/admin/faults'));
  }
  async faultsOn(...names: string[]): Promise<void> {
    await this.act(`faults on ${names.join(', ')}`, 'POST', '/admin/faults', { on: names, off: [] });
  }
  async faultsOff(...names: string[]): Promise<void> {
    await this.act(`faults off ${names.join(', ')}`, 'POST', '/admin/faults', { on: [], off: names });
  }
  async calls(since = 0): Promise<RpcCallRecord[]> {
    return listFrom<RpcCallRecord>(await this.request<unknown>('GET', `/admin/calls?since=${since}`), 'calls');
  }
  async log(since = 0): Promise<LogLine[]> {
    return listFrom<LogLine>(await this.request<unknown>('GET', `/admin/log?since=${since}`), 'lines');
  }
  // The sim runs on this machine: its records' times are on the runner's clock.
  async logSince(at: Date): Promise<LogLine[]> {
    return (await this.log(0)).filter((l) => atOrAfter(l.at, at));
  }
  async callsSince(at: Date): Promise<RpcCallRecord[]> {
    return (await this.calls(0)).filter((c) => atOrAfter(c.at, at));
  }
  async containers(): Promise<ContainerView[]> {
    const list = listFrom<{ name: string; state: string; exitCode: number | null }>(
      await this.request<unknown>('GET', '/admin/containers'),
      'containers',
    );
    return list.map((c) => ({ name: c.name, state: c.state, exitCode: c.exitCode ?? null }));
  }
  async reset(): Promise<void> {
    await this.act('reset to a fresh node', 'POST', '/admin/reset');
  }
  async close(): Promise<void> {}

  /** Copies the file aside, lets the sim damage it, and returns how to put the copy back. */
  private async damage(
    file: string,
    title: string,
    route: string,
    restore: 'always' | 'with-daemon-stopped',
  ): Promise<Undo> {
    if (!this.dataDir)
      throw new SimControlError(
        `${this.nodeName}: ${title} needs the sim's data dir (SIM_READY.dataDir) to keep a backup`,
      );
    const target = path.join(this.dataDir, file);
    const backup = `${target}.archy-e2e-backup`;
    if (existsSync(target)) copyFileSync(target, backup);
    await this.act(title, 'POST', route);
    return {
      what: `${title} (${target})`,
      restore: async () => {
        if (!existsSync(backup)) return;
        if (restore === 'always') copyFileSync(backup, target);
        else {
          // The original DB back under a stopped daemon, then started: the node as found.
          await this.act('stop the daemon', 'POST', '/admin/daemon-stop').catch(() => undefined);
          copyFileSync(backup, target);
          await this.act('start the daemon', 'POST', '/admin/daemon-start');
        }
        rmSync(backup, { force: true });
      },
    };
  }

  private act(title: string, method: 'POST', route: string, body?: unknown): Promise<unknown> {
    return this.step(`control ${this.nodeName}: ${title}`, () => this.request(method, route, body ?? {}));
  }

  private async request<T>(method: 'GET' | 'POST', route: string, body?: unknown): Promise<T> {
    const url = this.adminUrl.replace(/\/+$/, '') + route;
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: {
          Authorization: `Bearer ${this.adminToken}`,
          ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        },
        body: body !== undefined ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(15_000),
      });
    } catch (error) {
      throw new SimControlError(`${this.nodeName} control channel unreachable at ${url}: ${(error as Error).message}`);
    }
    const text = await response.text();
    if (!response.ok)
      throw new SimControlError(
        `${this.nodeName} control ${method} ${route} answered HTTP ${response.status}: ${text.slice(0, 200)}`,
      );
    return (text ? JSON.parse(text) : null) as T;
  }
}

/** `/admin/calls`, `/admin/log`, `/admin/containers` may answer a bare list or wrap it; accept both. */
function listFrom<T>(body: unknown, key: string): T[] {
  if (Array.isArray(body)) return body as T[];
  if (typeof body === 'object' && body !== null && Array.isArray((body as Record<string, unknown>)[key])) {
    return (body as Record<string, T[]>)[key]!;
  }
  throw new SimControlError(
    `control channel answered an unexpected shape (expected a list or {${key}: [...]}): ${JSON.stringify(body).slice(0, 200)}`,
  );
}

function faultNames(body: unknown): string[] {
  const list = Array.isArray(body) ? body : (body as { faults?: unknown[] } | null)?.faults;
  if (!Array.isArray(list))
    throw new SimControlError(`GET /admin/faults answered an unexpected shape: ${JSON.stringify(body).slice(0, 200)}`);
  return list.map((f) => (typeof f === 'string' ? f : String((f as { name?: unknown }).name)));
}

/** A record's time at or after `at`; a record without a readable time is kept (better one line too many than a gap). */
function atOrAfter(time: string | number | undefined, at: Date): boolean {
  const ms = typeof time === 'number' ? time : typeof time === 'string' ? Date.parse(time) : NaN;
  return Number.isNaN(ms) || ms >= at.getTime();
}
