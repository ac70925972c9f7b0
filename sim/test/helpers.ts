/**
 * Test helpers: an in-process sim with a tiny time-scale, an RPC client with a cookie jar, the
 * control channel, a /ws/db recorder and a poller.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { NodeSim, type SimReady } from '../node-sim';
import { defaultOptions, type SimOptions } from '../options';
import { createSurfaces } from '../surfaces';

export const PASSWORD = 'test-password-1';
export const TEST_SCALE = 0.01;

export interface TestSim {
  sim: NodeSim;
  ready: SimReady;
  rpc: RpcClient;
  admin: AdminClient;
  stop(): Promise<void>;
}

export function tempDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'archy-sim-test-'));
}

export async function startSim(over: Partial<SimOptions> = {}): Promise<TestSim> {
  const opts = defaultOptions({ dataDir: tempDir(), password: PASSWORD, timeScale: TEST_SCALE, quiet: true, ...over });
  const sim = new NodeSim(opts, createSurfaces);
  const ready = await sim.start();
  const rpc = new RpcClient(ready.baseUrl);
  const admin = new AdminClient(ready.adminUrl, ready.adminToken);
  return { sim, ready, rpc, admin, stop: () => sim.stop() };
}

export interface RpcAnswer {
  status: number;
  body: { jsonrpc?: string; id?: unknown; result?: unknown; error?: { code: number; message: string } | null } | null;
  text: string;
  setCookies: string[];
}

/**
 * fetch, once more when the pooled keep-alive socket it picked was already closed ("other side
 * closed" before any answer): the tests start and stop many sims, and a new sim can get the port of
 * one just stopped, whose idle socket the global pool still holds. Any other error is thrown.
 */
export async function fetchOnFreshSocket(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (e) {
    const code = ((e as Error).cause as { code?: string } | undefined)?.code;
    if (code !== 'UND_ERR_SOCKET') throw e;
    return fetch(url, init);
  }
}

export class RpcClient {
  readonly jar: Record<string, string> = {};
  constructor(readonly baseUrl: string) {}

  cookieHeader(): string {
    return Object.entries(this.jar)
      .map(([k, v]) => `${k}=${v}`)
      .join('; ');
  }

  async raw(body: string, headers: Record<string, string> = {}, csrf = true): Promise<RpcAnswer> {
    const h: Record<string, string> = { 'Content-Type': 'application/json', ...headers };
    const cookie = this.cookieHeader();
    if (cookie) h.Cookie = cookie;
    if (csrf && this.jar.csrf_token) h['X-CSRF-Token'] = this.jar.csrf_token;
    const res = await fetchOnFreshSocket(`${this.baseUrl}/rpc/v1`, { method: 'POST', headers: h, body });
    const setCookies = res.headers.getSetCookie();
    for (const line of setCookies) {
      const [pair] = line.split(';');
      const eq = (pair as string).indexOf('=');
      const name = (pair as string).slice(0, eq);
      const value = (pair as string).slice(eq + 1);
      if (/Max-Age=0/.test(line) || value === '') delete this.jar[name];
      else this.jar[name] = value;
    }
    const text = await res.text();
    let parsed: RpcAnswer['body'] = null;
    try {
      parsed = JSON.parse(text) as RpcAnswer['body'];
    } catch {
      parsed = null;
    }
    return { status: res.status, body: parsed, text, setCookies };
  }

  call(
    method: string,
    params?: unknown,
    opts: { csrf?: boolean; headers?: Record<string, string> } = {},
  ): Promise<RpcAnswer> {
    return this.raw(
      JSON.stringify({ jsonrpc: '2.0', id: 7, method, ...(params === undefined ? {} : { params }) }),
      opts.headers,
      opts.csrf ?? true,
    );
  }

  /** The result, or throws with the error message. */
  async result<T = unknown>(method: string, params?: unknown): Promise<T> {
    const a = await this.call(method, params);
    if (a.status !== 200 || !a.body) throw new Error(`${method}: HTTP ${a.status} ${a.text.slice(0, 200)}`);
    if (a.body.error) throw new Error(a.body.error.message);
    return a.body.result as T;
  }

  async login(password = PASSWORD): Promise<void> {
    const a = await this.call('auth.login', { password });
    if (a.status !== 200 || a.body?.error) throw new Error(`login failed: ${a.text}`);
  }

  async entries(): Promise<
    Record<
      string,
      { state: string; health?: unknown; 'install-progress'?: { message: string } } & Record<string, unknown>
    >
  > {
    const s = await this.result<{ data: { 'package-data': Record<string, never> } }>('server.get-state');
    return s.data['package-data'];
  }

  async stateOf(id: string): Promise<string | undefined> {
    return (await this.entries())[id]?.state;
  }
}

export class AdminClient {
  constructor(
    readonly url: string,
    readonly token: string,
  ) {}

  async req<T = Record<string, unknown>>(
    method: string,
    p: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }> {
    const res = await fetchOnFreshSocket(this.url + p, {
      method,
      headers: { Authorization: `Bearer ${this.token}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* text */
    }
    return { status: res.status, body: parsed as T };
  }

  async post(p: string, body?: unknown): Promise<Record<string, unknown>> {
    const r = await this.req('POST', p, body);
    if (r.status !== 200) throw new Error(`POST ${p}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  }

  async faults(on: string[], off: string[] = []): Promise<void> {
    await this.post('/admin/faults', { on, off });
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls until `check` returns a truthy value; throws with the last value after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | null | false>,
  timeoutMs = 5000,
  everyMs = 5,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      last = await check();
      if (last) return last as T;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline)
      throw new Error(
        `timed out waiting for ${what} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`,
      );
    await sleep(everyMs);
  }
}

export async function waitState(rpc: RpcClient, id: string, want: string | undefined, timeoutMs = 5000): Promise<void> {
  await waitFor(
    `${id} → ${want ?? 'absent'}`,
    async () => {
      try {
        return (await rpc.stateOf(id)) === want;
      } catch {
        return false;
      }
    },
    timeoutMs,
  );
}

/** Records every state an app passes through, from /ws/db patches. */
export class StateTrail {
  private ws: WebSocket;
  readonly messages: unknown[] = [];
  readonly trail: Record<string, string[]> = {};
  /** Health values an app passed through ('absent' when the key went away). */
  readonly health: Record<string, string[]> = {};
  readonly opened: Promise<void>;

  constructor(ready: SimReady, cookie: string) {
    this.ws = new WebSocket(ready.wsUrl, { headers: { Cookie: cookie } });
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('message', () => resolve());
      this.ws.once('error', reject);
    });
    this.ws.on('message', (m) => {
      const msg = JSON.parse(String(m)) as {
        data?: { 'package-data': Record<string, { state: string }> };
        patch?: { op: string; path: string; value?: unknown }[];
      };
      this.messages.push(msg);
      if (msg.data) for (const [id, e] of Object.entries(msg.data['package-data'])) this.push(id, e.state);
      for (const op of msg.patch ?? []) {
        const m1 = /^\/package-data\/([^/]+)$/.exec(op.path);
        const m2 = /^\/package-data\/([^/]+)\/state$/.exec(op.path);
        const m3 = /^\/package-data\/([^/]+)\/health$/.exec(op.path);
        if (m3) (this.health[m3[1] as string] ??= []).push(op.op === 'remove' ? 'absent' : String(op.value));
        if (m1 && op.op === 'remove') this.push(m1[1] as string, 'absent');
        else if (m1 && op.op === 'add') this.push(m1[1] as string, (op.value as { state: string }).state);
        else if (m2) this.push(m2[1] as string, op.value as string);
      }
    });
  }

  private push(id: string, state: string): void {
    const t = (this.trail[id] ??= []);
    if (t[t.length - 1] !== state) t.push(state);
  }

  close(): void {
    this.ws.terminate();
  }
}
