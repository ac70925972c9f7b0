/**
 * The simulated host: it outlives the daemon. It owns the node's front door on the main port
 * (nginx: dashboard files, /app/ proxies, /rpc/v1 and /ws/db forwarded to the daemon or 502 while
 * it is down), the container runtime, the chain, the app surfaces, faults, metrics, the log and
 * the control channel's actions (daemon restart, kill -9, reboot, OOM, damage, partition, reset).
 */
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import http, { type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import https from 'node:https';
import net, { type Socket } from 'node:net';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import { simApp, SIM_APPS, BITCOIN_NODES } from './apps';
import { Chain } from './chain';
import { ContainerRuntime } from './containers';
import { Daemon, type CallRecord } from './daemon';
import { serveDashboard } from './dashboard-files';
import { FaultSet } from './faults';
import { EVIDENCE, SIM_INTERNALS } from './evidence';
import { guess } from './guesses';
import type { BootReason, HostServices } from './host-services';
import { NodeLog } from './log';
import { Metrics } from './metrics';
import type { SimOptions } from './options';
import { OrchestratorMeter } from './orchestrator';
import { corruptFile } from './packages';
import { writeTextAtomic } from './persist';
import { portReservations, type PortBlock } from './port-block';
import type { CreateSurfaces, Surfaces } from './surfaces/types';
import { ensureNodeTls, type NodeTls } from './tls';

const NGINX_502 =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';
const KEEP_CALLS = 20_000;
/** nginx's default keepalive_timeout (75 s): how long the main port keeps an idle client connection. */
const NGINX_KEEPALIVE_TIMEOUT_MS = 75_000;
/** Lines the host writes itself (nginx, the container runtime, the kernel, systemd); every other line is the daemon's. */
const HOST_LINE = /^(host|kernel|systemd|surfaces|control|fault primitive|http):/;

export class HostError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port }, () => {
      server.off('error', reject);
      resolve((server.address() as net.AddressInfo).port);
    });
  });
}

export class Host implements HostServices {
  readonly faults: FaultSet;
  readonly metrics = new Metrics();
  readonly meter: OrchestratorMeter;
  readonly chain: Chain;
  readonly containers: ContainerRuntime;
  readonly logger: NodeLog;
  readonly processStartedAt: number;
  daemon: Daemon | null = null;
  surfaces!: Surfaces;
  tls: NodeTls | null = null;
  private main!: Server;
  private mainPortNo = 0;
  private readonly openSockets = new Set<Socket>();
  private readonly held = new Set<ServerResponse>();
  private partitionedUntilMs = 0;
  private partitionTimer: NodeJS.Timeout | null = null;
  private pendingTimers = new Set<NodeJS.Timeout>();
  private readonly calls: CallRecord[] = [];
  private callSeq = 0;
  private daemonStartedAt = 0;
  private stopped = false;
  private readonly startupFaults: string[];
  portBase = 0;
  /** The block of app ports reserved for this sim when none was given (sim/port-block.ts). */
  private portBlock: PortBlock | null = null;
  /** --daemon-socket: where the daemon process attaches, the one attached, and how the last one left. */
  private daemonSocketServer: net.Server | null = null;
  private attached: Socket | null = null;
  private lastDetach: 'stopped' | 'killed' | null = null;
  /** How this process found the node: a fresh data dir, a process start, or the host's boot after a reboot (--boot-marker). */
  private firstBoot: BootReason = 'process-start';

  get opts(): SimOptions {
    return this.options;
  }

  get secure(): boolean {
    return this.tls !== null;
  }

  constructor(
    private readonly options: SimOptions,
    private readonly createSurfaces: CreateSurfaces,
    echo: ((line: string) => void) | null = null,
    processStartedAt = Date.now(),
  ) {
    this.processStartedAt = processStartedAt;
    this.startupFaults = [...options.faults];
    this.logger = new NodeLog(options.dataDir, echo);
    this.faults = new FaultSet(() => this.daemon?.stateChanged());
    this.meter = new OrchestratorMeter(options.orchestrator, this.metrics);
    this.chain = new Chain(options.timeScale);
    this.containers = new ContainerRuntime(
      options.dataDir,
      (c) => {
        this.daemon?.onContainer(c);
        void this.surfaces?.refresh().catch((e: Error) => this.log(`surfaces: refresh failed: ${e.message}`));
      },
      (l) => this.log(l),
    );
  }

  log = (line: string): void => {
    this.logger.write(line);
    // The daemon's own lines go to its process too (its journal, in the node container).
    if (this.attached && !HOST_LINE.test(line)) this.attached.write(`L ${line.replace(/\n/g, ' ')}\n`);
  };

  mainPort(): number {
    return this.mainPortNo;
  }

  /** --port 0: a free port below the ephemeral range, outside other sims' blocks (sim/port-block.ts), retried if taken meanwhile. */
  private async listenMainOnFreePort(host: string): Promise<number> {
    for (let attempt = 1; ; attempt++) {
      const port = await portReservations().freePort(host);
      try {
        return await listen(this.main, host, port);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt >= 5) throw error;
      }
    }
  }

  directPorts(): Record<string, number> {
    return this.surfaces ? { ...this.surfaces.ports } : {};
  }

  partitioned(): boolean {
    return Date.now() < this.partitionedUntilMs;
  }

  // ------------------------------------------------------------------ start / stop

  async start(): Promise<void> {
    const o = this.options;
    if (o.fresh) rmSync(o.dataDir, { recursive: true, force: true });
    mkdirSync(o.dataDir, { recursive: true });
    const fresh =
      !existsSync(path.join(o.dataDir, 'packages.json')) && !existsSync(path.join(o.dataDir, 'containers.json'));
    this.faults.switch(o.faults, []);
    this.ensureBitcoinSecret();
    if (o.tls) this.tls = ensureNodeTls(o.dataDir, o.hostname);
    if (!o.portBase) this.portBlock = await portReservations().reserveBlock(o.host);
    this.portBase = o.portBase || this.portBlock!.base;
    this.surfaces = this.createSurfaces({
      host: o.host,
      portBase: this.portBase,
      tls: this.tls ? { key: this.tls.key, cert: this.tls.cert } : undefined,
      isUp: (id) => {
        const app = simApp(id);
        return app !== undefined && this.containers.isAppUp(id, app.containers[0] as string);
      },
      bitcoinNode: () => BITCOIN_NODES.find((id) => this.containers.get(id) !== undefined) ?? null,
      chain: () => this.chain.info(),
      faultOn: (name) => this.faults.has(name),
      bitcoinRpcAuth: () => ({ user: 'archy', password: this.bitcoinPassword() }),
      partitioned: () => this.partitioned(),
      hasDashboardSession: (req) => this.daemon?.hasSession(req) ?? false,
      log: (l) => this.log(l),
    });
    this.containers.load();
    this.containers.bootEnabled();
    this.main = this.createMainServer();
    this.mainPortNo = o.port ? await listen(this.main, o.host, o.port) : await this.listenMainOnFreePort(o.host);
    this.chain.start(() => BITCOIN_NODES.some((id) => this.containers.isAppUp(id, id)));
    this.firstBoot = fresh ? 'first-start' : o.bootMarker && !existsSync(o.bootMarker) ? 'reboot' : 'process-start';
    if (o.bootMarker) {
      mkdirSync(path.dirname(o.bootMarker), { recursive: true });
      writeFileSync(o.bootMarker, `${new Date().toISOString()}\n`);
    }
    if (o.daemonSocket) await this.listenForDaemon(o.daemonSocket);
    else this.startDaemon(this.firstBoot, fresh);
    await this.surfaces.start();
  }

  /**
   * --daemon-socket: the daemon is a process of its own (archipelago.service in the node container).
   * While one is attached the daemon runs (after its start-up time); a process that says `stop`
   * (SIGTERM: systemctl stop/restart) takes it down cleanly; one that vanishes (SIGKILL) takes it
   * down hard. The daemon's log lines go back to that process, so they land in its journal.
   */
  private async listenForDaemon(file: string): Promise<void> {
    rmSync(file, { force: true });
    mkdirSync(path.dirname(file), { recursive: true });
    const server = net.createServer((sock) => this.onDaemonAttach(sock));
    this.daemonSocketServer = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(file, () => resolve());
    });
    chmodSync(file, 0o666); // the daemon runs as the user that owns the app containers
  }

  private onDaemonAttach(sock: Socket): void {
    sock.on('error', () => sock.destroy());
    if (this.attached) {
      sock.end('E another archipelago process is attached\n');
      return;
    }
    this.attached = sock;
    const reason: BootReason =
      this.lastDetach === null ? this.firstBoot : this.lastDetach === 'killed' ? 'kill9' : 'daemon-restart';
    let stopping = false;
    let buffered = '';
    sock.setEncoding('utf8');
    sock.on('data', (chunk: string) => {
      buffered += chunk;
      if (!buffered.includes('\n')) return;
      if (buffered.split('\n').includes('stop') && !stopping) {
        stopping = true;
        if (this.daemon) this.takeDaemonDown(false);
        sock.end('S\n');
      }
      buffered = buffered.slice(buffered.lastIndexOf('\n') + 1);
    });
    sock.on('close', () => {
      if (this.attached !== sock) return;
      this.attached = null;
      this.lastDetach = stopping ? 'stopped' : 'killed';
      if (!stopping && this.daemon) this.takeDaemonDown(true);
    });
    this.later(guess('recovery-timings').daemonRestartMs, () => {
      if (this.attached === sock && !this.daemon) this.startDaemon(reason, reason === 'first-start');
    });
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const t of this.pendingTimers) clearTimeout(t);
    if (this.partitionTimer) clearTimeout(this.partitionTimer);
    this.daemon?.stop(false);
    this.daemon = null;
    this.attached?.destroy();
    this.daemonSocketServer?.close();
    this.chain.stop();
    this.containers.save();
    await this.surfaces?.stop();
    await this.closeMain();
    this.portBlock?.release();
  }

  private later(ms: number, fn: () => void): void {
    const t = setTimeout(
      () => {
        this.pendingTimers.delete(t);
        if (!this.stopped) fn();
      },
      Math.max(1, ms * this.options.timeScale),
    );
    this.pendingTimers.add(t);
  }

  private ensureBitcoinSecret(): void {
    const file = path.join(this.options.dataDir, 'secrets', 'bitcoin-rpc-password');
    if (!existsSync(file)) writeTextAtomic(file, randomBytes(24).toString('hex'), 0o600);
  }

  private bitcoinPassword(): string {
    return readFileSync(path.join(this.options.dataDir, 'secrets', 'bitcoin-rpc-password'), 'utf8').trim();
  }

  private startDaemon(reason: BootReason, fresh = false): void {
    const d = new Daemon(
      this,
      reason,
      fresh,
      (c) => this.recordCall(c),
      () => this.partitioned(),
    );
    this.daemon = d;
    this.daemonStartedAt = Date.now();
    try {
      d.start();
    } catch (error) {
      this.log(`daemon: start-up failed: ${(error as Error).stack ?? String(error)}`);
      d.stop(true);
      this.daemon = null;
    }
  }

  private recordCall(c: Omit<CallRecord, 'seq' | 'at'>): void {
    this.calls.push({ seq: ++this.callSeq, at: new Date().toISOString(), ...c });
    if (this.calls.length > KEEP_CALLS) this.calls.splice(0, this.calls.length - KEEP_CALLS);
  }

  /** The seq of the last call recorded (0: none yet). */
  lastCallSeq(): number {
    return this.callSeq;
  }

  callsSince(seq: number): CallRecord[] {
    return this.calls.filter((c) => c.seq > seq);
  }

  // ------------------------------------------------------------------ the main port (nginx)

  private createMainServer(): Server {
    const handler = (req: IncomingMessage, res: ServerResponse): void => void this.onRequest(req, res);
    const server = this.tls
      ? https.createServer({ key: this.tls.key, cert: this.tls.cert }, handler)
      : http.createServer(handler);
    // nginx in front of the node (archy-surface §1) keeps an idle connection 75 s (its default
    // keepalive_timeout; nginx-archipelago.conf's value is not seen). At 5 s the server closed idle
    // sockets that a client was just reusing: "socket hang up" on a busy runner, a node nobody has.
    server.keepAliveTimeout = NGINX_KEEPALIVE_TIMEOUT_MS;
    server.on('connection', (s: Socket) => {
      this.openSockets.add(s);
      s.on('close', () => this.openSockets.delete(s));
    });
    server.on('secureConnection', (s: Socket) => {
      this.openSockets.add(s);
      s.on('close', () => this.openSockets.delete(s));
    });
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => this.onUpgrade(req, socket, head));
    server.on('clientError', (_e, socket) => socket.destroy());
    if (this.options.requestLog) this.logRequests(server);
    return server;
  }

  /**
   * --request-log: what a client gave this node, as a machine in the middle would collect it: each
   * request's line, headers and body as received, and each TLS handshake the client refused.
   */
  private logRequests(server: Server): void {
    const file = path.join(this.options.dataDir, 'requests.log');
    const write = (line: string): void => writeFileSync(file, `${new Date().toISOString()} ${line}\n`, { flag: 'a' });
    const record = (req: IncomingMessage, kind: string): void => {
      const head = `${kind} ${req.method ?? '?'} ${req.url ?? '?'} ${JSON.stringify(req.rawHeaders)}`;
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => write(`${head} body ${JSON.stringify(Buffer.concat(chunks).toString('utf8'))}`));
      if (kind === 'upgrade') write(head);
    };
    server.on('request', (req: IncomingMessage) => record(req, 'request'));
    server.on('upgrade', (req: IncomingMessage) => record(req, 'upgrade'));
    server.on('tlsClientError', (error: Error) => write(`tls-refused ${error.message}`));
  }

  private closeMain(): Promise<void> {
    return new Promise((resolve) => {
      for (const s of this.openSockets) s.destroy();
      this.openSockets.clear();
      this.held.clear();
      this.main.close(() => resolve());
    });
  }

  private onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    const url = (req.url ?? '/').split('?')[0];
    if (this.partitioned()) return; // accepted, never answered
    if (url !== '/ws/db') {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    if (!this.daemon) {
      socket.end(`HTTP/1.1 502 Bad Gateway\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n${NGINX_502}`);
      return;
    }
    this.daemon.upgradeWs(req, socket, head);
  }

  private readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
    return new Promise((resolve) => {
      const declared = Number(req.headers['content-length'] ?? 0);
      if (declared > limit) {
        req.resume();
        resolve(null);
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      let over = false;
      req.on('data', (c: Buffer) => {
        size += c.length;
        if (size > limit) over = true;
        else chunks.push(c);
      });
      req.on('end', () => resolve(over ? null : Buffer.concat(chunks)));
      req.on('error', () => resolve(null));
    });
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      if (this.partitioned()) {
        this.held.add(res); // accepted, never answered; dropped when the partition heals
        res.on('close', () => this.held.delete(res));
        return;
      }
      const urlPath = (req.url ?? '/').split('?')[0] as string;
      if (urlPath === '/rpc/v1') return await this.onRpc(req, res);
      const rule = this.faults.ruleFor(null, urlPath);
      if (rule) {
        if (rule.latencyMs) await new Promise((r) => setTimeout(r, rule.latencyMs));
        if (rule.status !== undefined || rule.body !== undefined) {
          const body =
            rule.body === undefined
              ? `Injected HTTP ${rule.status}\n`
              : typeof rule.body === 'string'
                ? rule.body
                : JSON.stringify(rule.body);
          res.writeHead(rule.status ?? 200, {
            'Content-Type': typeof rule.body === 'object' ? 'application/json' : 'text/plain; charset=utf-8',
          });
          res.end(body);
          return;
        }
      }
      if (urlPath === '/metrics') return this.onMainMetrics(req, res);
      if (urlPath === '/ca.crt' && this.tls) {
        res.writeHead(200, { 'Content-Type': 'application/x-x509-ca-cert' });
        res.end(readFileSync(this.tls.caCertPath));
        return;
      }
      if (urlPath.startsWith('/app/') && this.surfaces.handleProxy(req, res)) return;
      if (urlPath === '/health' && guess('health-endpoints') === 'extra') {
        res.writeHead(200, { 'Content-Type': 'text/plain' }); // NE's nginx answers /health (§1.1)
        res.end('healthy\n');
        return;
      }
      serveDashboard(req, res, urlPath, this.faults);
    } catch (error) {
      this.log(`http: ${req.method} ${req.url} failed: ${(error as Error).stack ?? String(error)}`);
      if (!res.headersSent) {
        res.writeHead(500, { 'Content-Type': 'application/json' });
        res.end('{"error":{"code":-32603,"message":"Internal error"}}');
      }
    }
  }

  private async onRpc(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const json = (status: number, code: number, message: string): void => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ jsonrpc: '2.0', id: null, result: null, error: { code, message } }));
    };
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST');
      return json(405, EVIDENCE.invalidRequestCode, 'Invalid request: use POST');
    }
    const body = await this.readBody(req, SIM_INTERNALS.bodyLimitBytes);
    if (body === null) {
      const status = guess('malformed-request').tooLargeStatus;
      this.recordCall({ method: '(too large)', mutating: false, status, sessionOk: false });
      return json(status, EVIDENCE.invalidRequestCode, 'Invalid request: body larger than 1 MiB');
    }
    const daemon = this.daemon;
    if (!daemon) {
      res.writeHead(502, { 'Content-Type': 'text/html' });
      res.end(NGINX_502);
      return;
    }
    await daemon.handleRpc(req, res, body);
  }

  private onMainMetrics(req: IncomingMessage, res: ServerResponse): void {
    if (!this.daemon) {
      res.writeHead(502, { 'Content-Type': 'text/html' });
      res.end(NGINX_502);
      return;
    }
    if (!this.daemon.hasSession(req) && req.headers.authorization !== `Bearer ${this.options.adminToken}`) {
      res.writeHead(401, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ error: guess('error-wording').unauthorized }));
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4' });
    res.end(this.renderMetrics());
  }

  renderMetrics(): string {
    this.metrics.set('archy_sim_daemon_up', 'is the daemon up', this.daemon ? 1 : 0);
    this.metrics.set(
      'archy_sim_containers_running',
      'containers running',
      this.containers.list().filter((c) => c.state === 'running').length,
    );
    return this.metrics.render();
  }

  // ------------------------------------------------------------------ control actions

  status(): Record<string, unknown> {
    return {
      daemon: this.daemon ? 'up' : 'down',
      pid: process.pid,
      uptimeMs: this.daemon ? Date.now() - this.daemonStartedAt : 0,
      faults: this.faults.list(),
      timeScale: this.options.timeScale,
      partitionedUntil: this.partitioned() ? this.partitionedUntilMs : null,
    };
  }

  private takeDaemonDown(hard: boolean): void {
    if (!this.daemon) throw new HostError('Invalid state: the daemon is already down', 409);
    this.daemon.stop(hard);
    this.daemon = null;
    this.log(hard ? 'host: archipelago killed with SIGKILL' : 'host: archipelago stopping for a restart');
    if (this.faults.has('backends-die-on-daemon-restart')) {
      for (const app of SIM_APPS.filter((a) => a.kind === 'backend')) {
        for (const c of this.containers.forApp(app.id)) this.containers.exit(c.name, 137);
      }
      this.log('host: backend containers died with the daemon cgroup (fault backends-die-on-daemon-restart)');
    }
  }

  daemonRestart(): number {
    this.takeDaemonDown(false);
    const delay = guess('recovery-timings').daemonRestartMs;
    this.later(delay, () => this.startDaemon('daemon-restart'));
    return delay * this.options.timeScale;
  }

  kill9(): number {
    this.takeDaemonDown(true);
    const delay = guess('recovery-timings').daemonRestartMs;
    this.later(delay, () => this.startDaemon('kill9'));
    return delay * this.options.timeScale;
  }

  /** `systemctl stop archipelago`: down until daemonStart. */
  daemonStop(): void {
    this.takeDaemonDown(false);
  }

  /** `systemctl start archipelago`. */
  daemonStart(): void {
    if (this.daemon) return;
    this.startDaemon('daemon-restart');
  }

  async reboot(): Promise<number> {
    this.log('host: reboot');
    this.daemon?.stop(false);
    this.daemon = null;
    this.containers.haltAll();
    await this.surfaces.stop();
    await this.closeMain();
    const delay = guess('recovery-timings').rebootMs;
    this.later(delay, () => void this.bootAfterReboot());
    return delay * this.options.timeScale;
  }

  private async bootAfterReboot(): Promise<void> {
    try {
      this.main = this.createMainServer();
      await listen(this.main, this.options.host, this.mainPortNo);
      this.containers.bootEnabled();
      for (const name of this.faults.list().filter((f) => f.startsWith('reboot-loses-app:'))) {
        for (const c of this.containers.forApp(name.slice('reboot-loses-app:'.length))) this.containers.remove(c.name);
      }
      this.startDaemon('reboot');
      await this.surfaces.start();
      this.log('host: booted');
    } catch (error) {
      this.log(`host: boot failed: ${(error as Error).message}`);
    }
  }

  oom(appId: unknown): void {
    if (typeof appId !== 'string') throw new HostError('Missing required parameter: app', 400);
    const app = simApp(appId);
    if (!app) throw new HostError(`Not found: no app "${appId}"`, 404);
    const running = this.containers.forApp(app.id).filter((c) => c.state === 'running');
    if (!running.length) throw new HostError(`Invalid state: ${app.id} has no running container`, 409);
    for (const c of running) this.containers.exit(c.name, 137, { oom: true });
    this.log(`kernel: Out of memory: Killed process (${app.id}) total-vm:2097152kB`);
    if (this.faults.has('no-restart-after-oom') || this.faults.has('oom-unnoticed')) return;
    this.later(guess('recovery-timings').oomRestartMs, () => {
      const back = running.filter(
        (c) =>
          this.containers.get(c.name)?.state === 'exited' &&
          this.containers.get(c.name)?.oomKilled &&
          this.containers.get(c.name)?.enabled,
      );
      for (const c of back) this.containers.start(c.name, true);
      if (back.length) {
        this.meter.record('oom-restart', back.length);
        this.log(`systemd: ${app.id}.service restarted after OOM (Restart=always)`);
      }
    });
  }

  corruptConfig(): void {
    writeFileSync(
      path.join(this.options.dataDir, 'config.json'),
      '{"reconcileIntervalSeconds": 30, "useQuadletBack\u0000',
    );
    this.log('host: config.json damaged');
  }

  deleteStateDb(): void {
    const file = path.join(this.options.dataDir, 'packages.json');
    this.daemon?.packages.dropPending();
    if (existsSync(file)) unlinkSync(file);
    this.daemon?.packages.freezeDisk();
    this.log('host: packages.json deleted');
  }

  corruptStateDb(): void {
    this.daemon?.packages.dropPending();
    corruptFile(path.join(this.options.dataDir, 'packages.json'));
    this.daemon?.packages.freezeDisk();
    this.log('host: packages.json damaged');
  }

  partition(seconds: unknown): number {
    if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds <= 0 || seconds > 3600)
      throw new HostError('Invalid params: seconds must be a number in (0, 3600]', 400);
    const lasts = this.faults.has('partition-never-heals') ? 3600 : seconds;
    this.partitionedUntilMs = Date.now() + lasts * 1000;
    if (this.partitionTimer) clearTimeout(this.partitionTimer);
    this.partitionTimer = setTimeout(() => this.heal(), lasts * 1000);
    this.log(`host: network partitioned for ${seconds} s`);
    return this.partitionedUntilMs;
  }

  private heal(): void {
    this.partitionedUntilMs = 0;
    this.partitionTimer = null;
    for (const res of this.held) res.socket?.destroy();
    this.held.clear();
    this.daemon?.stateChanged();
    this.log('host: network partition healed');
  }

  /** Back to a fresh node: baseline apps only, sessions cleared, faults as at start-up. */
  async reset(): Promise<void> {
    for (const t of this.pendingTimers) clearTimeout(t);
    this.pendingTimers.clear();
    if (this.partitionTimer) this.heal();
    this.daemon?.stop(true);
    this.daemon = null;
    this.containers.clear();
    for (const entry of readdirSync(this.options.dataDir)) {
      if (entry === 'tls' || entry === 'secrets' || entry === 'archipelago.log') continue;
      rmSync(path.join(this.options.dataDir, entry), { recursive: true, force: true });
    }
    this.faults.reset(this.startupFaults);
    if (!this.main.listening) {
      this.main = this.createMainServer();
      await listen(this.main, this.options.host, this.mainPortNo);
      await this.surfaces.start();
    }
    this.log('host: reset to a fresh node');
    this.startDaemon('reset', true);
  }
}
