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
import { withContainerFaults } from './faults';
import { clearedCookies, parseCookies, rememberCookie, sessionCookies } from './cookies';
import { EVIDENCE, SIM_INTERNALS } from './evidence';
import { guess } from './guesses';
import type { BootReason, HostServices } from './host-services';
import { applyPatch, type Operation as PatchOp } from 'fast-json-patch';
import { METRIC } from './metrics';
import { Packages } from './packages';
import { isRecord, readJson, writeJsonAtomic } from './persist';
import { LoginLimiter, limiterKey } from './rate-limit';
import { DASHBOARD_ONLY_METHODS, offered, originAllowed, SIGNER_ORIGIN_MESSAGE } from './origin';
import { RpcFailure, sanitize } from './rpc-errors';
import { servedMethods } from './rpc-methods';
import { csrfMatches, SessionStore } from './sessions';
import { StatePublisher } from './state-publisher';
import { buildData, withSchemaDrift } from './state-view';
import { ScaledTimers } from './timers';
import { UserStore } from './user';
import { WsDb } from './ws-db';

/** The slow-get-state fault: how late server.get-state answers (real ms, not scaled: a slow node, sim/FAULTS.md). */
const SLOW_GET_STATE_MS = 3_000;

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
  /** Served over https: TLS here, or a TLS proxy in front saying so (X-Forwarded-Proto, §1.6): cookies get Secure. */
  secure: boolean;
}

/** A handler result that is already JSON text (the hot `server.get-state` path). */
class RawJson {
  constructor(readonly text: string) {}
}

type Handler = (params: Record<string, unknown>, ctx: CallCtx) => unknown;

function isConfig(v: unknown): v is Record<string, unknown> {
  return isRecord(v) && typeof v.reconcileIntervalSeconds === 'number';
}

export class Daemon {
  private readonly timers: ScaledTimers;
  readonly packages: Packages;
  private readonly sessions: SessionStore;
  private readonly users: UserStore;
  private readonly limiter: LoginLimiter;
  /** Is this security fault of sim/faults.ts on? */
  private readonly faultOn: (name: string) => boolean;
  private readonly publisher: StatePublisher;
  private readonly ws: WsDb;
  /** By 1.9 name. */
  private readonly handlers: Record<string, Handler>;
  /** The names this version answers to (sim/rpc-methods.ts), each with its 1.9 name. */
  private readonly served: ReadonlyMap<string, string>;
  private reconcileTimer: NodeJS.Timeout | null = null;
  private reconcileRunning = false;
  private config: Record<string, unknown> = { ...SIM_INTERNALS.configDefaults };
  private readonly unauth = new Set<string>(guess('unauthenticated-methods'));
  private readonly readOnly = new Set<string>(guess('csrf-exempt-methods'));
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
    // §1.7's minute: scaled by --time-scale (guess login-window-scaling=scaled) or a real minute, as on a node.
    const windowMs = guess('login-window-scaling')
      ? Math.max(1_000, EVIDENCE.loginLimit.windowMs * opts.timeScale)
      : EVIDENCE.loginLimit.windowMs;
    this.faultOn = (name) => host.faults.has(name);
    this.limiter = new LoginLimiter(EVIDENCE.loginLimit.attempts, windowMs, this.faultOn);
    this.sessions = new SessionStore(opts.dataDir, opts.sessionTtlSeconds * 1000, host.log, this.faultOn);
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
        version: guess('server-version'),
      });
      return host.faults.has('schema-drift') ? withSchemaDrift(data) : data;
    });
    this.ws = new WsDb(this.publisher, partitioned);
    this.handlers = this.methods();
    this.served = servedMethods(guess('server-version'), Object.keys(this.handlers));
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
    const sinceProcess =
      this.boot === 'first-start' || this.boot === 'process-start'
        ? (Date.now() - this.host.processStartedAt) / 1000
        : (performance.now() - t0) / 1000;
    m.set(METRIC.startup[0], METRIC.startup[1], sinceProcess);
    m.inc(METRIC.daemonStarts[0], METRIC.daemonStarts[1], { reason: this.boot });
    this.host.log(
      `daemon: archipelago ${guess('server-version')} up (${this.boot}), ${this.packages.records.size} packages`,
    );
  }

  private loadConfig(): void {
    const file = path.join(this.host.opts.dataDir, 'config.json');
    const read = readJson(file, isConfig);
    if (read.kind === 'ok') {
      this.config = { ...SIM_INTERNALS.configDefaults, ...read.value };
      return;
    }
    if (read.kind === 'corrupt' && !this.host.faults.has('corrupt-config-unlogged'))
      this.host.log(`config: ${file} is corrupt (${read.reason}); moved to ${read.movedTo}; using defaults`);
    this.config = { ...SIM_INTERNALS.configDefaults, useQuadletBackends: this.host.opts.orchestrator === 'quadlet' };
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
    const ip = limiterKey(req, this.faultOn);
    const cookies = parseCookies(req);
    const ctx: CallCtx = {
      ip,
      cookies,
      setCookies: [],
      secure: this.host.secure || req.headers['x-forwarded-proto'] === 'https',
    };
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch (error) {
      const status = guess('malformed-request').parseStatus;
      this.recordCall({ method: '(malformed)', mutating: false, status, sessionOk: false });
      return this.send(
        res,
        status,
        null,
        { code: EVIDENCE.parseErrorCode, message: `Invalid JSON: ${(error as Error).message.slice(0, 120)}` },
        ctx,
      );
    }
    const id = isRecord(parsed) && (typeof parsed.id === 'number' || typeof parsed.id === 'string') ? parsed.id : null;
    if (!isRecord(parsed) || typeof parsed.method !== 'string' || parsed.method === '') {
      const status = guess('malformed-request').invalidStatus;
      this.recordCall({ method: '(invalid)', mutating: false, status, sessionOk: false });
      return this.send(
        res,
        status,
        id,
        {
          code: EVIDENCE.invalidRequestCode,
          message: 'Invalid request: expected {"method": string, "params"?: object}',
        },
        ctx,
      );
    }
    const method = parsed.method.slice(0, 200);
    // `method` as sent (calls, faults and messages name it so); `as19` its 1.9 name, when this version serves it
    const served = this.served.get(method);
    const as19 = served && offered(served, this.host.opts.signerMethods) ? served : undefined;
    const known = as19 !== undefined;
    const mutating = known && !this.unauth.has(as19) && !this.readOnly.has(as19);
    const wording = guess('error-wording');
    const faults = this.host.faults;
    const rule = faults.ruleFor(method, '/rpc/v1');
    if (rule?.latencyMs) await new Promise((r) => setTimeout(r, rule.latencyMs));
    if (as19 === 'server.get-state' && faults.has('slow-get-state'))
      await new Promise((r) => setTimeout(r, SLOW_GET_STATE_MS));

    // session (with remember-me restore)
    let sessionOk = this.sessions.isSession(cookies.session);
    if (!sessionOk && this.sessions.isRemember(cookies.remember)) {
      const fresh = this.sessions.createSession();
      if (!this.faultOn('remember-restore-sets-no-cookies'))
        ctx.setCookies.push(
          ...sessionCookies(fresh.session, fresh.csrf, ctx.secure, this.host.opts.sessionTtlSeconds, this.faultOn),
        );
      sessionOk = true;
      this.host.log('auth: session restored from the remember-me token');
    }
    const respond = (status: number, result: unknown, error: { code: number; message: string } | null): void => {
      this.recordCall({ method, mutating, status, sessionOk });
      this.host.metrics.inc(METRIC.rpcCalls[0], METRIC.rpcCalls[1], {
        method: known ? method : '(unknown)',
        status: String(status),
      });
      if (rule?.status !== undefined)
        return this.sendBody(
          res,
          rule.status,
          rule.body ?? {
            jsonrpc: '2.0',
            id,
            result: null,
            error: { code: rule.status, message: `Injected HTTP ${rule.status}` },
          },
          ctx,
        );
      if (rule?.rpcError)
        return this.send(
          res,
          200,
          id,
          { code: rule.rpcError.code ?? guess('handler-error-code'), message: rule.rpcError.message },
          ctx,
        );
      if (rule?.body !== undefined) return this.sendBody(res, 200, rule.body, ctx);
      if (rule?.jsonPatch) {
        const envelope = {
          jsonrpc: '2.0',
          id,
          result: result instanceof RawJson ? JSON.parse(result.text) : (result ?? null),
          error,
        };
        try {
          return this.sendBody(
            res,
            status,
            applyPatch(envelope, rule.jsonPatch as PatchOp[], true, false).newDocument,
            ctx,
          );
        } catch (e) {
          this.host.log(`fault primitive: jsonPatch did not apply (${(e as Error).message}); answering unchanged`);
        }
      }
      this.send(res, status, id, error, ctx, result);
    };

    const unauthenticated =
      (as19 !== undefined && this.unauth.has(as19)) ||
      (as19 === 'server.get-state' && this.faultOn('state-unauthenticated'));
    if (!unauthenticated && !sessionOk && !faults.has('auth-bypass')) return respond(401, null, wording.unauthorized);
    const notFound = guess('method-not-found');
    if (!known) return respond(200, null, { code: notFound.code, message: notFound.message(method) });
    if (DASHBOARD_ONLY_METHODS.has(as19) && !originAllowed(req, this.faultOn))
      return respond(403, null, { code: 403, message: SIGNER_ORIGIN_MESSAGE });
    if (mutating && !faults.has('csrf-not-enforced')) {
      const header = req.headers['x-csrf-token'];
      const token = Array.isArray(header) ? header[0] : header;
      if (!csrfMatches(token, cookies.csrf_token, cookies.session, this.faultOn))
        return respond(403, null, wording.csrfMismatch);
    }
    if (as19 === 'auth.login' && !this.limiter.allow(ip)) return respond(429, null, wording.rateLimited);
    if (parsed.params !== undefined && parsed.params !== null && !isRecord(parsed.params)) {
      return respond(200, null, {
        code: guess('handler-error-code'),
        message: 'Invalid params: params must be an object',
      });
    }
    const params = (parsed.params ?? {}) as Record<string, unknown>;
    try {
      const result = await (this.handlers[as19] as Handler)(params, ctx);
      respond(200, result, null);
    } catch (error) {
      if (error instanceof RpcFailure)
        return respond(200, null, {
          code: error.code,
          message: sanitize(error.message, this.faultOn('sanitiser-leaks-paths')),
        });
      this.host.log(`rpc: ${method} failed: ${(error as Error).stack ?? String(error)}`);
      respond(200, null, { code: guess('handler-error-code'), message: wording.internal });
    }
  }

  private send(
    res: ServerResponse,
    status: number,
    id: unknown,
    error: { code: number; message: string } | null,
    ctx: CallCtx,
    result: unknown = null,
  ): void {
    const resultText = result instanceof RawJson ? result.text : JSON.stringify(result ?? null);
    const text = `{"jsonrpc":"2.0","id":${JSON.stringify(id ?? null)},"result":${resultText},"error":${JSON.stringify(error)}}`;
    this.write(res, status, text, ctx);
  }

  private sendBody(res: ServerResponse, status: number, body: unknown, ctx: CallCtx): void {
    this.write(res, status, typeof body === 'string' ? body : JSON.stringify(body), ctx);
  }

  private write(res: ServerResponse, status: number, text: string, ctx: CallCtx): void {
    if (res.headersSent || res.destroyed) return;
    const headers: Record<string, string | string[]> = {
      'Content-Type': 'application/json',
      'Content-Length': String(Buffer.byteLength(text)),
      'Cache-Control': 'no-store',
    };
    if (ctx.setCookies.length) headers['Set-Cookie'] = ctx.setCookies;
    res.writeHead(status, headers);
    res.end(text);
  }

  /** The password check; the fault password-case-insensitive makes it ignore letter case. */
  private passwordOk(password: string): boolean {
    if (this.users.verify(password)) return true;
    if (!this.faultOn('password-case-insensitive')) return false;
    const swapped = [...password].map((c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase())).join('');
    return [password.toLowerCase(), password.toUpperCase(), swapped].some((p) => this.users.verify(p));
  }

  // ------------------------------------------------------------------ methods

  /** Every method the sim serves, by its 1.9 name (served under this version's name: sim/rpc-methods.ts). */
  private methods(): Record<string, Handler> {
    const opts = this.host.opts;
    const pk = this.packages;
    return {
      health: () => guess('health-result'),
      'auth.isSetup': () => this.users.isSetup(),
      'auth.isOnboardingComplete': () => EVIDENCE.onboardingComplete,
      'auth.setup': (p) => {
        if (this.users.isSetup()) throw new RpcFailure('Already exists: the dashboard password is already set');
        if (typeof p.password !== 'string' || p.password.length < 8)
          throw new RpcFailure('Invalid password: at least 8 characters');
        this.users.setup(p.password);
        return null;
      },
      'auth.login': (p, ctx) => {
        if (p.password === undefined || p.password === '') throw new RpcFailure('Missing password');
        if (typeof p.password !== 'string') throw new RpcFailure('Invalid params: password must be a string');
        if (!this.passwordOk(p.password.trim())) {
          this.host.log(`auth: failed login from ${ctx.ip}`);
          throw new RpcFailure(EVIDENCE.passwordIncorrect);
        }
        if (guess('login-success-clears')) this.limiter.clear(ctx.ip);
        const s = this.sessions.createSession();
        ctx.setCookies.splice(
          0,
          ctx.setCookies.length,
          ...sessionCookies(s.session, s.csrf, ctx.secure, opts.sessionTtlSeconds, this.faultOn),
          rememberCookie(this.sessions.createRemember(), ctx.secure, this.faultOn),
        );
        this.host.log(`auth: login from ${ctx.ip}`);
        return null;
      },
      'auth.logout': (_p, ctx) => {
        this.sessions.revoke(ctx.cookies.session, ctx.cookies.remember);
        ctx.setCookies.splice(0, ctx.setCookies.length, ...clearedCookies(ctx.secure));
        return null;
      },
      'auth.totp.status': () => ({ enabled: false }),
      // §2.1 (AA 0006): the login signers, up to 5; a sim node has none. Dashboard-only (§1.6, sim/origin.ts).
      'auth.signer.list': () => [],
      'system.get-hostname': () => opts.hostname,
      'server.time': () => ({
        now: new Date().toISOString(),
        uptime: Math.round((Date.now() - this.startedAt) / 1000),
      }),
      'server.get-state': () =>
        new RawJson(guess('get-state-rev') ? this.publisher.stateJson() : this.publisher.dataOnlyJson()),
      // The catalogue the App Store lists (sim/evidence.ts SIM_INTERNALS.marketplaceMethod); UI
      // companions only where the variant lists them (guess store-companions).
      'marketplace.list': () =>
        SIM_APPS.filter((app) => app.kind !== 'companion' || guess('store-companions') === 'listed').map((app) => ({
          id: app.id,
          title: app.title,
          description: app.short,
          version: app.version,
          icon: `/assets/icons/${app.id}.svg`,
        })),
      'container-list': () =>
        withContainerFaults(containerList(this.host.containers.list(), this.host.directPorts()), (f) =>
          this.host.faults.has(f),
        ),
      'bitcoin.getinfo': () => {
        const node = BITCOIN_NODES.find(
          (id) => pk.records.get(id)?.state === 'running' && this.host.containers.isAppUp(id, id),
        );
        if (!node) throw new RpcFailure(guess('error-wording').bitcoinDown);
        const versions = guess('app-versions');
        return {
          ...this.host.chain.info(),
          node,
          subversion: node === 'bitcoin-knots' ? versions.bitcoinKnotsSubversion : versions.bitcoinCoreSubversion,
          connections: 10,
        };
      },
      'package.install': (p) => pk.install(p),
      'package.start': (p) => pk.start(p),
      'package.stop': (p) => pk.stop(p),
      'package.restart': (p) => pk.restart(p),
      'package.uninstall': (p) => pk.uninstall(p),
    };
  }
}
