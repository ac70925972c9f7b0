/**
 * Node control: what a test can do to a node beyond its API (restart the daemon, reboot, kill -9, OOM,
 * partition, product faults). On the sim it is the admin channel of sim/CONTRACT.md; real nodes get an
 * SSH implementation in a later layer.
 */
import type { StepRunner } from './rpc/client';

export interface ControlStatus {
  daemon: 'up' | 'down';
  pid: number;
  uptimeMs: number;
  faults: string[];
  timeScale: number;
  partitionedUntil: number | null;
}

export interface RpcCallRecord {
  seq: number;
  at: string | number;
  method: string;
  mutating: boolean;
  status: number;
  sessionOk: boolean;
}

export interface LogLine {
  seq: number;
  line: string;
  [key: string]: unknown;
}

export interface NodeControl {
  readonly kind: 'sim' | 'ssh';
  status(): Promise<ControlStatus>;
  daemonRestart(): Promise<void>;
  kill9(): Promise<void>;
  reboot(): Promise<void>;
  oom(app: string): Promise<void>;
  partition(seconds: number): Promise<void>;
  faults(): Promise<string[]>;
  faultsOn(...names: string[]): Promise<void>;
  faultsOff(...names: string[]): Promise<void>;
  /** RPC calls the node saw after `since` (a seq), oldest first. */
  calls(since?: number): Promise<RpcCallRecord[]>;
  /** Daemon log lines after `since` (a seq). */
  log(since?: number): Promise<LogLine[]>;
  /** Back to a fresh node (sim only). */
  reset(): Promise<void>;
}

export class SimControlError extends Error {
  override name = 'SimControlError';
}

const noStep: StepRunner = (_title, body) => body();

/** The sim's admin channel (`Authorization: Bearer <adminToken>`). */
export class SimControl implements NodeControl {
  readonly kind = 'sim' as const;

  constructor(
    private readonly adminUrl: string,
    private readonly adminToken: string,
    private readonly step: StepRunner = noStep,
    private readonly nodeName = 'sim',
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
  async faults(): Promise<string[]> {
    const body = await this.request<unknown>('GET', '/admin/faults');
    return faultNames(body);
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
  async reset(): Promise<void> {
    await this.act('reset to a fresh node', 'POST', '/admin/reset');
  }

  private act(title: string, method: 'POST', path: string, body?: unknown): Promise<unknown> {
    return this.step(`control ${this.nodeName}: ${title}`, () => this.request(method, path, body ?? {}));
  }

  private async request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const url = this.adminUrl.replace(/\/+$/, '') + path;
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: { Authorization: `Bearer ${this.adminToken}`, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
        body: body !== undefined ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(15_000),
      });
    } catch (error) {
      throw new SimControlError(`${this.nodeName} control channel unreachable at ${url}: ${(error as Error).message}`);
    }
    const text = await response.text();
    if (!response.ok) throw new SimControlError(`${this.nodeName} control ${method} ${path} answered HTTP ${response.status}: ${text.slice(0, 200)}`);
    return (text ? JSON.parse(text) : null) as T;
  }
}

/** `/admin/calls` and `/admin/log` may answer a bare list or wrap it; accept both. */
function listFrom<T>(body: unknown, key: string): T[] {
  if (Array.isArray(body)) return body as T[];
  if (typeof body === 'object' && body !== null && Array.isArray((body as Record<string, unknown>)[key])) {
    return (body as Record<string, T[]>)[key]!;
  }
  throw new SimControlError(`control channel answered an unexpected shape (expected a list or {${key}: [...]}): ${JSON.stringify(body).slice(0, 200)}`);
}

function faultNames(body: unknown): string[] {
  const list = Array.isArray(body) ? body : (body as { faults?: unknown[] } | null)?.faults;
  if (!Array.isArray(list)) throw new SimControlError(`GET /admin/faults answered an unexpected shape: ${JSON.stringify(body).slice(0, 200)}`);
  return list.map((f) => (typeof f === 'string' ? f : String((f as { name?: unknown }).name)));
}
