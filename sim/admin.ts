/**
 * The control channel (sim/CONTRACT.md "Control channel"): a separate loopback HTTP server with a
 * bearer token. Not part of the archy API.
 */
import http, { type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { timingSafeEqual } from 'node:crypto';
import { FAULTS, parseRules } from './faults';
import { Host, HostError } from './host';

type Route = (body: unknown, query: URLSearchParams) => unknown | Promise<unknown>;

function tokenOk(req: IncomingMessage, token: string): boolean {
  const got = Buffer.from(req.headers.authorization ?? '');
  const want = Buffer.from(`Bearer ${token}`);
  return got.length === want.length && timingSafeEqual(got, want);
}

/** A route that does one thing and answers {ok:true}. */
const ok =
  (act: () => void): Route =>
  () => {
    act();
    return { ok: true };
  };

function sinceOf(q: URLSearchParams): number {
  const n = Number(q.get('since') ?? 0);
  return Number.isFinite(n) ? n : 0;
}

export class AdminServer {
  private server: Server | null = null;
  port = 0;

  constructor(
    private readonly host: Host,
    private readonly token: string,
  ) {}

  private routes(): Record<string, Route> {
    const h = this.host;
    return {
      'GET /admin/status': () => h.status(),
      'GET /admin/ports': () => ({ ports: h.directPorts() }),
      'POST /admin/daemon-restart': () => ({ ok: true, backInMs: h.daemonRestart() }),
      'POST /admin/kill9': () => ({ ok: true, backInMs: h.kill9() }),
      'POST /admin/reboot': async () => ({ ok: true, backInMs: await h.reboot() }),
      'POST /admin/oom': (b) => {
        h.oom((b as { app?: unknown } | null)?.app);
        return { ok: true };
      },
      'POST /admin/corrupt-config': () => {
        h.corruptConfig();
        return { ok: true };
      },
      'POST /admin/delete-state-db': () => {
        h.deleteStateDb();
        return { ok: true };
      },
      'POST /admin/corrupt-state-db': () => {
        h.corruptStateDb();
        return { ok: true };
      },
      'POST /admin/partition': (b) => ({
        ok: true,
        partitionedUntil: h.partition((b as { seconds?: unknown } | null)?.seconds),
      }),
      'POST /admin/reset': async () => {
        await h.reset();
        return { ok: true };
      },
      'GET /admin/faults': () => ({
        faults: h.faults.list(),
        catalogue: FAULTS.map((f) => ({ name: f.name, ownedBy: f.ownedBy, what: f.what, cells: f.cells })),
      }),
      'POST /admin/faults': (b) => {
        const body = (b ?? {}) as { on?: unknown; off?: unknown };
        const on = body.on ?? [];
        const off = body.off ?? [];
        if (!Array.isArray(on) || !Array.isArray(off) || ![...on, ...off].every((n) => typeof n === 'string'))
          throw new HostError('Invalid params: {"on":[names],"off":[names]}', 400);
        try {
          h.faults.switch(on as string[], off as string[]);
        } catch (e) {
          throw new HostError((e as Error).message, 400);
        }
        h.log(`control: faults now ${h.faults.list().join(', ') || '(none)'}`);
        return { faults: h.faults.list() };
      },
      'POST /admin/primitives': (b) => {
        try {
          h.faults.rules = parseRules(b);
        } catch (e) {
          throw new HostError((e as Error).message, 400);
        }
        return { rules: h.faults.rules.length };
      },
      'GET /admin/primitives': () => ({ rules: h.faults.rules }),
      'DELETE /admin/primitives': () => {
        h.faults.rules = [];
        return { rules: 0 };
      },
      'GET /admin/calls': (_b, q) => ({ calls: h.callsSince(sinceOf(q)) }),
      'GET /admin/log': (_b, q) => ({ lines: h.logger.since(sinceOf(q)) }),
      'GET /admin/cursor': () => ({ calls: h.lastCallSeq(), log: h.logger.lastSeq() }),
      // A stop that stays stopped and its start (SimControl's state-DB restore); podman's view (the node container's podman stand-in, lib/node-container/node/podman.cjs).
      'POST /admin/daemon-stop': ok(() => h.daemonStop()),
      'POST /admin/daemon-start': ok(() => h.daemonStart()),
      'GET /admin/containers': () => ({
        containers: h.containers.list().map((c) => ({
          name: c.name,
          app: c.app,
          image: c.image,
          state: c.state,
          exitCode: c.exitCode,
          oomKilled: c.oomKilled,
          startedAt: c.startedAt,
          exitedAt: c.exitedAt,
        })),
      }),
    };
  }

  async listen(hostAddr: string, port: number): Promise<number> {
    const routes = this.routes();
    this.server = http.createServer((req, res) => void this.handle(req, res, routes));
    this.server.on('clientError', (_e, s) => s.destroy());
    await new Promise<void>((resolve, reject) => {
      this.server?.once('error', reject);
      this.server?.listen({ host: hostAddr, port }, () => resolve());
    });
    this.port = (this.server.address() as AddressInfo).port;
    return this.port;
  }

  private async handle(req: IncomingMessage, res: ServerResponse, routes: Record<string, Route>): Promise<void> {
    const send = (status: number, body: unknown, type = 'application/json'): void => {
      const text = typeof body === 'string' ? body : JSON.stringify(body);
      res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
      res.end(text);
    };
    const url = new URL(req.url ?? '/', 'http://admin');
    if (!tokenOk(req, this.token))
      return send(401, { error: 'Unauthorized: Authorization: Bearer <adminToken> required' });
    if (url.pathname === '/metrics' && req.method === 'GET')
      return send(200, this.host.renderMetrics(), 'text/plain; version=0.0.4');
    const route = routes[`${req.method} ${url.pathname}`];
    if (!route) return send(404, { error: `Not found: ${req.method} ${url.pathname}` });
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const c of req) {
      size += (c as Buffer).length;
      if (size > 1024 * 1024) return send(413, { error: 'Invalid request: body larger than 1 MiB' });
      chunks.push(c as Buffer);
    }
    let body: unknown = null;
    if (size > 0) {
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return send(400, { error: 'Invalid JSON body' });
      }
    }
    try {
      send(200, await route(body, url.searchParams));
    } catch (e) {
      if (e instanceof HostError) return send(e.status, { error: e.message });
      this.host.log(`control: ${req.method} ${url.pathname} failed: ${(e as Error).stack ?? String(e)}`);
      send(500, { error: `Internal error: ${(e as Error).message}` });
    }
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (!this.server) return resolve();
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }
}
