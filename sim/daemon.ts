/**
 * The archy daemon ("archipelago"): JSON-RPC at /rpc/v1, /ws/db, /metrics. It can be restarted,
 * killed -9 and rebooted by its host and always comes back from the data dir.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { BITCOIN_NODES, SIM_APPS } from './apps';
import { containerList } from './container-list';
import { clearedCookies, parseCookies, rememberCookie, sessionCookies } from './cookies';
import { GUESSES } from './guesses';
import type { BootReason, HostServices } from './host-services';
import { applyPatch, type Operation as PatchOp } from 'fast-json-patch';
import { METRIC } from './metrics';
import { Packages } from './packages';
import { isRecord, readJson, writeJsonAtomic } from './persist';
import { LoginLimiter } from './rate-limit';
import { RpcFailure, sanitize } from './rpc-errors';
import { SessionStore } from './sessions';
import { StatePublisher } from './state-publisher';
import { buildData, withSchemaDrift } from './state-view';
import { ScaledTimers } from './timers';
import { UserStore } from './user';
import { WsDb } from './ws-db';

export interface CallRecord {
  seq: number;
  at: string;
  method: string;
  mutating: boolean;
  status: number;
  sessionOk: boolean;
}

interface CallCtx {
  ip: string;
  cookies: Record<string, string>;
  setCookies: string[];
}

/** A handler result that is already JSON text (the hot `server.get-state` path). */
class RawJson {
  constructor(readonly text: string) {}
}

type Handler = (params: Record<string, unknown>, ctx: CallCtx) => unknown;

const UNAUTH = new Set<string>(GUESSES.unauthenticatedMethods);
const READ_ONLY = new Set<string>(GUESSES.csrfExemptMethods);

function isConfig(v: unknown): v is Record<string, unknown> {
  return isRecord(v) && typeof v.reconcileIntervalSeconds === 'number';
}

export class Daemon {
  private readonly timers: ScaledTimers;
  readonly packages: Packages;
  private readonly sessions: SessionStore;
  private readonly users: UserStore;
  private readonly limiter: LoginLimiter;
  private readonly publisher: StatePublisher;
  private readonly ws: WsDb;
  private readonly handlers: Record<string, Handler>;
  private reconcileTimer: NodeJS.Timeout | null = null;
  private reconcileRunning = false;
  private config: Record<string, unknown> = { ...GUESSES.configDefaults };
  readonly startedAt = Date.now();
  private down = false;

  constructor(
    private readonly host: HostServices,
    private readonly boot: BootReason,
    private readonly fresh: boolean,
    private readonly recordCall: (c: Omit<CallRecord, 'seq' | 'at'>) => void,
    private readonly partitioned: () => boolean,
  ) {
    const opts = host.opts;
    this.timers = new ScaledTimers(opts.timeScale);
    // The limiter's window is a duration like any other: --time-scale scales it (1 min at scale 1).
    this.limiter = new LoginLimiter(GUESSES.loginLimit.attempts, Math.max(1_000, GUESSES.loginLimit.windowMs * opts.timeScale));
    this.sessions = new SessionStore(opts.dataDir, opts.sessionTtlSeconds * 1000, host.log);
    this.users = new UserStore(opts.dataDir, host.log);
    this.packages = new Packages(host, this.timers, () => this.stateChanged());
    const nodeId = createHash('sha256').update(`archy-sim:${opts.dataDir}`).digest('hex');
    this.publisher = new StatePublisher(() => {
      const data = buildData(this.packages.records.values(), {
        hostname: opts.hostname,
        mainPort: host.mainPort(),
        scheme: host.secure ? 'https' : 'http',
        directPorts: host.directPorts(),
        startedAt: this.startedAt,
        nodeId,
      });
      return host.faults.has('schema-drift') ? withSchemaDrift(data) : data;
    });
    this.ws = new WsDb(this.publisher, partitioned);
    this.handlers = this.methods();
  }

  /** Loads everything from the data dir and starts the loops. */
  start(): void {
    const t0 = performance.now();
    this.loadConfig();
    this.users.load(this.host.opts.password);
    this.sessions.load();
    this.packages.load(this.boot, this.fresh);
    const interval = this.host.opts.timeScale * 1000 * Number(this.config.reconcileIntervalSeconds ?? 30);
    this.reconcileTimer = setInterval(() => void this.reconcile(), Math.max(20, interval));
    const m = this.host.metrics;
    const sinceProcess = this.boot === 'first-start' || this.boot === 'process-start' ? (Date.now() - this.host.processStartedAt) / 1000 : (performance.now() - t0) / 1000;
    m.set(METRIC.startup[0], METRIC.startup[1], sinceProcess);
    m.inc(METRIC.daemonStarts[0], METRIC.daemonStarts[1], { reason: this.boot });
    this.host.log(`daemon: archipelago ${GUESSES.version} up (${this.boot}), ${this.packages.records.size} packages`);
  }

  private loadConfig(): void {
    const file = path.join(this.host.opts.dataDir, 'config.json');
    const read = readJson(file, isConfig);
    if (read.kind === 'ok') {
      this.config = { ...GUESSES.configDefaults, ...read.value };
      return;
    }
    if (read.kind === 'corrupt') this.host.log(`config: ${file} is corrupt (${read.reason}); moved to ${read.movedTo}; using defaults`);
    this.config = { ...GUESSES.configDefaults, useQuadletBackends: this.host.opts.orchestrator === 'quadlet' };
    writeJsonAtomic(file, this.config);
  }

  async reconcile(): Promise<number> {
    if (this.reconcileRunning || this.down || this.partitioned()) return 0;
    this.reconcileRunning = true;
    try {
      return await this.packages.reconcileTick();
    } finally {
      this.reconcileRunning = false;
    }
  }

  stateChanged(): void {
    this.publisher.markDirty();
  }

  /** Host container events reach the health monitor. */
  onContainer: Packages['onContainer'] = (c) => {
    if (!this.down) this.packages.onContainer(c);
  };

  /** Graceful stop (flush) or kill -9 (no flush, sockets dropped). */
  stop(hard: boolean): void {
    this.down = true;
    this.timers.close();
    if (this.reconcileTimer) clearInterval(this.reconcileTimer);
    if (hard) this.packages.dropPending();
    else this.packages.flush();
    this.ws.close(hard);
    this.publisher.close();
  }

  // ------------------------------------------------------------------ auth helpers

  /** Valid session cookie (no remember-me restore). */
  hasSession(req: IncomingMessage): boolean {
    return this.sessions.isSession(parseCookies(req).session);
  }

  upgradeWs(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.ws.upgrade(req, socket, head, this.hasSession(req) || this.host.faults.has('auth-bypass'));
  }

  // ------------------------------------------------------------------ JSON-RPC over HTTP

  async handleRpc(req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> {
    const ip = req.socket.remoteAddress ?? 'unknown';
    const cookies = parseCookies(req);
    const ctx: CallCtx = { ip, cookies, setCookies: [] };
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch (error) {
      this.recordCall({ method: '(malformed)', mutating: false, status: GUESSES.parseError.status, sessionOk: false });
      return this.send(res, GUESSES.parseError.status, null, { code: GUESSES.parseError.code, message: `Invalid JSON: ${(error as Error).message.slice(0, 120)}` }, ctx);
    }
    const id = isRecord(parsed) && (typeof parsed.id === 'number' || typeof parsed.id === 'string') ? parsed.id : null;
    if (!isRecord(parsed) || typeof parsed.method !== 'string' || parsed.method === '') {
      this.recordCall({ method: '(invalid)', mutating: false, status: GUESSES.invalidRequest.status, sessionOk: false });
      return this.send(res, GUESSES.invalidRequest.status, id, { code: GUESSES.invalidRequest.code, message: 'Invalid request: expected {"method": string, "params"?: object}' }, ctx);
    }
    const method = parsed.method.slice(0, 200);
    const known = method in this.handlers;
    const mutating = known && !UNAUTH.has(method) && !READ_ONLY.has(method);
    const faults = this.host.faults;
    const rule = faults.ruleFor(method, '/rpc/v1');
    if (rule?.latencyMs) await new Promise((r) => setTimeout(r, rule.latencyMs));

    // session (with remember-me restore)
    let sessionOk = this.sessions.isSession(cookies.session);
    if (!sessionOk && this.sessions.isRemember(cookies.remember)) {
      const fresh = this.sessions.createSession();
      ctx.setCookies.push(...sessionCookies(fresh.session, fresh.csrf, this.host.secure, this.host.opts.sessionTtlSeconds));
      sessionOk = true;
      this.host.log('auth: session restored from the remember-me token');
    }
    const respond = (status: number, result: unknown, error: { code: number; message: string } | null): void => {
      this.recordCall({ method, mutating, status, sessionOk });
      this.host.metrics.inc(METRIC.rpcCalls[0], METRIC.rpcCalls[1], { method: known ? method : '(unknown)', status: String(status) });
      if (rule?.status !== undefined) return this.sendBody(res, rule.status, rule.body ?? { jsonrpc: '2.0', id, result: null, error: { code: rule.status, message: `Injected HTTP ${rule.status}` } }, ctx);
      if (rule?.rpcError) return this.send(res, 200, id, { code: rule.rpcError.code ?? GUESSES.handlerErrorCode, message: rule.rpcError.message }, ctx);
      if (rule?.body !== undefined) return this.sendBody(res, 200, rule.body, ctx);
      if (rule?.jsonPatch) {
        const envelope = { jsonrpc: '2.0', id, result: result instanceof RawJson ? JSON.parse(result.text) : (result ?? null), error };
        try {
          return this.sendBody(res, status, applyPatch(envelope, rule.jsonPatch as PatchOp[], true, false).newDocument, ctx);
        } catch (e) {
          this.host.log(`fault primitive: jsonPatch did not apply (${(e as Error).message}); answering unchanged`);
        }
      }
      this.send(res, status, id, error, ctx, result);
    };

    if (!UNAUTH.has(method) && !sessionOk && !faults.has('auth-bypass')) return respond(401, null, GUESSES.unauthorized);
    if (!known) return respond(200, null, { code: GUESSES.methodNotFoundCode, message: `Method not found: ${method}` });
    if (mutating && !faults.has('csrf-not-enforced')) {
      const header = req.headers['x-csrf-token'];
      const token = Array.isArray(header) ? header[0] : header;
      if (!token || !cookies.csrf_token || token !== cookies.csrf_token) return respond(403, null, GUESSES.csrfMismatch);
    }
    if (method === 'auth.login' && !this.limiter.allow(ip)) return respond(429, null, GUESSES.rateLimited);
    if (parsed.params !== undefined && parsed.params !== null && !isRecord(parsed.params)) {
      return respond(200, null, { code: GUESSES.handlerErrorCode, message: 'Invalid params: params must be an object' });
    }
    const params = (parsed.params ?? {}) as Record<string, unknown>;
    try {
      const result = await (this.handlers[method] as Handler)(params, ctx);
      respond(200, result, null);
    } catch (error) {
      if (error instanceof RpcFailure) return respond(200, null, { code: error.code, message: sanitize(error.message) });
      this.host.log(`rpc: ${method} failed: ${(error as Error).stack ?? String(error)}`);
      respond(200, null, { code: GUESSES.handlerErrorCode, message: 'Internal error' });
    }
  }

  private send(res: ServerResponse, status: number, id: unknown, error: { code: number; message: string } | null, ctx: CallCtx, result: unknown = null): void {
    const resultText = result instanceof RawJson ? result.text : JSON.stringify(result ?? null);
    const text = `{"jsonrpc":"2.0","id":${JSON.stringify(id ?? null)},"result":${resultText},"error":${JSON.stringify(error)}}`;
    this.write(res, status, text, ctx);
  }

  private sendBody(res: ServerResponse, status: number, body: unknown, ctx: CallCtx): void {
    this.write(res, status, typeof body === 'string' ? body : JSON.stringify(body), ctx);
  }

  private write(res: ServerResponse, status: number, text: string, ctx: CallCtx): void {
    if (res.headersSent || res.destroyed) return;
    const headers: Record<string, string | string[]> = { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(text)), 'Cache-Control': 'no-store' };
    if (ctx.setCookies.length) headers['Set-Cookie'] = ctx.setCookies;
    res.writeHead(status, headers);
    res.end(text);
  }

  // ------------------------------------------------------------------ methods

  private methods(): Record<string, Handler> {
    const opts = this.host.opts;
    const pk = this.packages;
    return {
      health: () => GUESSES.healthResult,
      'auth.isSetup': () => this.users.isSetup(),
      'auth.isOnboardingComplete': () => GUESSES.onboardingComplete,
      'auth.setup': (p) => {
        if (this.users.isSetup()) throw new RpcFailure('Already exists: the dashboard password is already set');
        if (typeof p.password !== 'string' || p.password.length < 8) throw new RpcFailure('Invalid password: at least 8 characters');
        this.users.setup(p.password);
        return null;
      },
      'auth.login': (p, ctx) => {
        if (p.password === undefined || p.password === '') throw new RpcFailure('Missing password');
        if (typeof p.password !== 'string') throw new RpcFailure('Invalid params: password must be a string');
        if (!this.users.verify(p.password.trim())) {
          this.host.log(`auth: failed login from ${ctx.ip}`);
          throw new RpcFailure('Password Incorrect');
        }
        if (GUESSES.loginLimit.successClears) this.limiter.clear(ctx.ip);
        const s = this.sessions.createSession();
        ctx.setCookies.splice(0, ctx.setCookies.length, ...sessionCookies(s.session, s.csrf, this.host.secure, opts.sessionTtlSeconds), rememberCookie(this.sessions.createRemember(), this.host.secure));
        this.host.log(`auth: login from ${ctx.ip}`);
        return null;
      },
      'auth.logout': (_p, ctx) => {
        this.sessions.revoke(ctx.cookies.session, ctx.cookies.remember);
        ctx.setCookies.splice(0, ctx.setCookies.length, ...clearedCookies(this.host.secure));
        return null;
      },
      'auth.totp.status': () => ({ enabled: false }),
      'system.get-hostname': () => opts.hostname,
      'server.time': () => ({ now: new Date().toISOString(), uptime: Math.round((Date.now() - this.startedAt) / 1000) }),
      'server.get-state': () => new RawJson(this.publisher.stateJson()),
      // GUESS (sim/guesses.ts marketplaceMethod): the catalogue the App Store lists.
      'marketplace.list': () =>
        SIM_APPS.map((app) => ({ id: app.id, title: app.title, description: app.short, version: app.version, icon: `/assets/icons/${app.id}.svg` })),
      'container-list': () => containerList(this.host.containers.list(), this.host.directPorts()),
      'bitcoin.getinfo': () => {
        const node = BITCOIN_NODES.find((id) => pk.records.get(id)?.state === 'running' && this.host.containers.isAppUp(id, id));
        if (!node) throw new RpcFailure(GUESSES.bitcoinDown);
        return { ...this.host.chain.info(), node, subversion: node === 'bitcoin-knots' ? '/Satoshi:28.1.0/Knots:20250305/' : '/Satoshi:28.1.0/', connections: 10 };
      },
      'package.install': (p) => pk.install(p),
      'package.start': (p) => pk.start(p),
      'package.stop': (p) => pk.stop(p),
      'package.restart': (p) => pk.restart(p),
      'package.uninstall': (p) => pk.uninstall(p),
    };
  }
}
