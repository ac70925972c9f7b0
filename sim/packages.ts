/**
 * The daemon's package manager: package records in `<data-dir>/packages.json`, the lifecycle
 * (install/start/stop/restart/uninstall through their transitional states), dependencies,
 * conflicts, companions, the reconcile loop and the health monitor.
 */
import path from 'node:path';
import { writeFileSync } from 'node:fs';
import { ACTION_MS, BITCOIN_NODES, SIM_APPS, simApp, type SimApp } from './apps';
import type { Container } from './containers';
import { EVIDENCE } from './evidence';
import { guess } from './guesses';
import type { BootReason, HostServices } from './host-services';
import { METRIC } from './metrics';
import { isRecord, readJson, writeJsonAtomic } from './persist';
import { RpcFailure } from './rpc-errors';
import { SequenceFaults } from './sequence-faults';
import type { ScaledTimers } from './timers';

export type PackageState =
  'installing' | 'running' | 'stopping' | 'stopped' | 'exited' | 'starting' | 'restarting' | 'removing';
export const TRANSITIONAL: ReadonlySet<PackageState> = new Set([
  'installing',
  'stopping',
  'starting',
  'restarting',
  'removing',
]);

export interface InstallProgress {
  message: string;
  size?: number | null;
  downloaded?: number;
}

export interface PackageRecord {
  id: string;
  state: PackageState;
  health: 'healthy' | 'unhealthy' | null;
  progress: InstallProgress | null;
  image: string;
  installedAt: number;
  /** Stopped because a backend it needs stopped (guesses companions-with-backend, dependants-with-bitcoin); kept on disk. */
  along?: boolean;
}

interface PackagesFile {
  packages: Record<string, PackageRecord>;
  history: string[];
}

function isPackagesFile(v: unknown): v is PackagesFile {
  if (!isRecord(v) || !isRecord(v.packages) || !Array.isArray(v.history)) return false;
  return Object.values(v.packages).every(
    (p) => isRecord(p) && typeof p.id === 'string' && typeof p.state === 'string' && simApp(p.id) !== undefined,
  );
}

const IMAGE_MB = 1024 * 1024;

/** How long a stop/start/restart/uninstall stays in its transitional state (guess transitional-states). */
function actionMs(action: keyof typeof ACTION_MS): number {
  return guess('transitional-states') === 'too-short' ? ACTION_MS[action] / 100 : ACTION_MS[action];
}
/** Seconds a bitcoin node runs before `bitcoin-stops` stops it (time-scaled). */
const BITCOIN_STOPS_AFTER_MS = 10_000;

export class Packages {
  readonly records = new Map<string, PackageRecord>();
  private history = new Set<string>();
  /** Generation per app: a timer of an operation that was replaced or cancelled does nothing. */
  private readonly gen = new Map<string, number>();
  private persistTimer: NodeJS.Timeout | null = null;
  wedged = false;
  private diskFrozen = false;
  /** Order-dependent faults (sim/sequence-faults.ts): the lifecycle calls of each app in this daemon's life. */
  private readonly sequence: SequenceFaults;

  constructor(
    private readonly host: HostServices,
    private readonly timers: ScaledTimers,
    private readonly changed: () => void,
  ) {
    this.sequence = new SequenceFaults(host.faults);
  }

  private get file(): string {
    return path.join(this.host.opts.dataDir, 'packages.json');
  }

  // ---------------------------------------------------------------- persistence

  /** Schedules a write; a kill -9 before it fires loses it (no flush). */
  private persist(): void {
    this.changed();
    if (this.persistTimer) return;
    this.persistTimer = setTimeout(() => {
      this.persistTimer = null;
      this.flush();
    }, 15);
  }

  flush(): void {
    if (this.persistTimer) clearTimeout(this.persistTimer);
    this.persistTimer = null;
    if (this.diskFrozen) return;
    writeJsonAtomic(this.file, { packages: Object.fromEntries(this.records), history: [...this.history] });
  }

  /** The file was damaged under the running daemon: it keeps serving from memory, writes nothing more until restarted. */
  freezeDisk(): void {
    this.diskFrozen = true;
  }

  /** Kill -9: whatever was not written yet is lost. */
  dropPending(): void {
    if (this.persistTimer) clearTimeout(this.persistTimer);
    this.persistTimer = null;
  }

  // ---------------------------------------------------------------- start-up recovery

  load(boot: BootReason, fresh: boolean): void {
    const read = readJson(this.file, isPackagesFile);
    const log = this.host.log;
    if (read.kind === 'ok') {
      for (const [id, rec] of Object.entries(read.value.packages)) this.records.set(id, { ...rec, id });
      this.history = new Set(read.value.history);
    } else if (read.kind === 'corrupt') {
      log(
        `state: package database ${this.file} is corrupt (${read.reason}); moved to ${read.movedTo}; rebuilding package-data from the containers`,
      );
      this.rebuildFromContainers();
    } else if (fresh) {
      this.installBaseline();
    } else {
      log(`state: package database ${this.file} is missing; rebuilding package-data from the containers`);
      this.rebuildFromContainers();
    }
    if (boot === 'reboot') {
      for (const name of this.host.faults.list()) {
        if (!name.startsWith('reboot-loses-app:')) continue;
        const id = name.slice('reboot-loses-app:'.length);
        if (this.records.delete(id)) log(`state: ${id} is gone after the reboot (fault reboot-loses-app)`);
        for (const c of this.host.containers.forApp(id)) this.host.containers.remove(c.name);
      }
    }
    this.wedged = boot === 'kill9' && this.host.faults.has('wedged-after-kill9');
    if (this.wedged)
      log('daemon: package lock still held by the operation interrupted by kill -9 (fault wedged-after-kill9)');
    for (const rec of [...this.records.values()]) this.recover(rec, boot);
    this.persist();
  }

  /** Faults daemon-restart-starts-stopped / reboot-starts-stopped: this start-up brings stopped apps back. */
  private startsStopped(boot: BootReason): boolean {
    const f = this.host.faults;
    if (boot === 'daemon-restart' || boot === 'kill9') return f.has('daemon-restart-starts-stopped');
    return boot === 'reboot' && f.has('reboot-starts-stopped');
  }

  /** A fresh node: archy's baseline apps, installed and running. */
  private installBaseline(): void {
    for (const app of SIM_APPS.filter((a) => a.baseline)) {
      for (const name of app.containers) {
        this.host.containers.create(app.id, name, app.image);
        this.host.containers.start(name, true);
      }
      this.records.set(app.id, {
        id: app.id,
        state: 'running',
        health: 'healthy',
        progress: null,
        image: app.image,
        installedAt: Date.now(),
      });
      this.history.add(app.id);
    }
    this.host.log(
      `state: fresh node, baseline apps ${SIM_APPS.filter((a) => a.baseline)
        .map((a) => a.id)
        .join(', ')} installed`,
    );
  }

  /** Like archy's DockerPackageScanner: one entry per app that has containers. */
  private rebuildFromContainers(): void {
    this.records.clear();
    for (const app of SIM_APPS) {
      const main = this.host.containers.get(app.containers[0] as string);
      if (!main) continue;
      if (!app.baseline && this.host.faults.has('state-rebuild-loses-apps')) continue;
      this.records.set(app.id, {
        id: app.id,
        state: main.state === 'running' ? 'running' : 'stopped',
        health: null,
        progress: null,
        image: main.image,
        installedAt: main.createdAt,
      });
      this.history.add(app.id);
    }
  }

  /** Faults daemon-restart-starts-stopped / reboot-starts-stopped: a stopped app is started by the start-up. */
  private startAgain(rec: PackageRecord, app: SimApp, boot: BootReason): void {
    const was = rec.state;
    for (const name of app.containers)
      if (!this.host.containers.get(name)) this.host.containers.create(app.id, name, rec.image);
    this.becomeRunning(rec, app);
    this.host.log(
      `state: ${rec.id} was ${was}; started again by the ${boot} (fault ${boot === 'reboot' ? 'reboot' : 'daemon-restart'}-starts-stopped)`,
    );
  }

  /** Brings one record in line with its containers after a (re)start of the daemon. */
  private recover(rec: PackageRecord, boot: BootReason): void {
    const app = simApp(rec.id) as SimApp;
    if (TRANSITIONAL.has(rec.state)) {
      if (this.wedged) return;
      // A stop the user asked for (recorded as stopping when the daemon went down) is a stopped app to the
      // faulty start-up too.
      if (rec.state === 'stopping' && !this.wedged && this.startsStopped(boot)) {
        this.startAgain(rec, app, boot);
        return;
      }
      if (rec.state === 'installing' && boot === 'kill9' && this.host.faults.has('install-stuck-after-kill9')) {
        this.host.log(
          `state: ${rec.id} was installing when the daemon was killed; left installing (fault install-stuck-after-kill9)`,
        );
        return;
      }
      this.host.log(`state: ${rec.id} was ${rec.state} when the daemon went down; finishing it`);
      const resume: Record<string, () => void> = {
        installing: () => this.runInstall(rec, app),
        starting: () => this.runStart(rec, app, 'starting'),
        restarting: () => this.runStart(rec, app, 'restarting'),
        stopping: () => this.runStop(rec, app),
        removing: () => this.runUninstall(rec, app),
      };
      resume[rec.state]?.();
      return;
    }
    const up = this.isUp(app);
    if ((rec.state === 'stopped' || rec.state === 'exited') && !up && this.startsStopped(boot)) {
      this.startAgain(rec, app, boot);
      return;
    }
    if (rec.state === 'running' && !up) {
      const main = this.host.containers.get(app.containers[0] as string);
      if (main?.enabled && main.state !== 'running' && !this.host.faults.has('backends-die-on-daemon-restart')) {
        // Restart=always: the unit brings it back
        for (const name of app.containers) this.host.containers.start(name, true);
        rec.health = null;
        this.healthyLater(rec, app);
        return;
      }
      rec.state = guess('exited-container-state');
      rec.health = null;
      this.host.log(`state: ${rec.id} container is ${main ? main.state : 'missing'}; entry set ${rec.state}`);
    } else if ((rec.state === 'stopped' || rec.state === 'exited') && up) {
      rec.state = 'running';
      this.healthyLater(rec, app);
    } else if (rec.state === 'running') {
      if (rec.health !== 'healthy') this.healthyLater(rec, app);
      this.scheduleBitcoinStops(rec, app);
    }
  }

  // ---------------------------------------------------------------- queries

  private isUp(app: SimApp): boolean {
    return this.host.containers.isAppUp(app.id, app.containers[0] as string);
  }

  runningBitcoin(): string | null {
    return BITCOIN_NODES.find((id) => this.records.get(id)?.state === 'running') ?? null;
  }

  installedBitcoin(): string | null {
    return BITCOIN_NODES.find((id) => this.records.has(id)) ?? null;
  }

  // ---------------------------------------------------------------- validation

  private appOf(id: unknown): SimApp {
    if (id === undefined || id === null || id === '') throw new RpcFailure('Missing required parameter: id');
    if (typeof id !== 'string') throw new RpcFailure(`Invalid params: id must be a string, got ${typeof id}`);
    const app = simApp(id);
    if (!app) throw new RpcFailure(`Not found: no package with id "${id.slice(0, 80)}"`);
    return app;
  }

  private installedRecord(id: unknown): { rec: PackageRecord; app: SimApp } {
    const app = this.appOf(id);
    const rec = this.records.get(app.id);
    if (!rec) throw new RpcFailure(`Not found: ${app.id} is not installed`);
    return { rec, app };
  }

  private notWedged(): void {
    if (this.wedged) throw new RpcFailure('Invalid state: package lock held by an interrupted operation');
  }

  private notBusy(rec: PackageRecord): void {
    if (TRANSITIONAL.has(rec.state)) throw new RpcFailure(`Invalid state: ${rec.id} is ${rec.state}`);
  }

  private needsRunningBackend(app: SimApp): void {
    if (app.needsBitcoin && !this.runningBitcoin()) throw new RpcFailure(guess('error-wording').needsBitcoin(app.id));
    if (app.companionOf === 'bitcoin' && !this.installedBitcoin())
      throw new RpcFailure(
        `Invalid dependency: ${app.id} comes with a bitcoin node; install bitcoin-knots or bitcoin-core`,
      );
    if (app.companionOf && app.companionOf !== 'bitcoin' && !this.records.has(app.companionOf))
      throw new RpcFailure(`Invalid dependency: ${app.id} comes with ${app.companionOf}; install ${app.companionOf}`);
  }

  private next(id: string): number {
    const g = (this.gen.get(id) ?? 0) + 1;
    this.gen.set(id, g);
    return g;
  }

  private current(id: string, g: number): boolean {
    // No generation yet (a record just loaded from disk) is generation 0, as healthyLater and scheduleBitcoinStops read it.
    return (this.gen.get(id) ?? 0) === g && this.records.has(id);
  }

  // ---------------------------------------------------------------- lifecycle: RPC entry points

  install(params: Record<string, unknown>): { package_id: string; status: 'installing' } {
    this.notWedged();
    const app = this.appOf(params.id);
    if (params.dockerImage !== undefined && typeof params.dockerImage !== 'string')
      throw new RpcFailure('Invalid params: dockerImage must be a string');
    if (this.records.has(app.id)) throw new RpcFailure(`Already exists: ${app.id} is already installed`);
    const conflict = app.conflicts.find((c) => this.records.has(c));
    if (conflict)
      throw new RpcFailure(
        `Invalid package: ${app.id} cannot be installed beside ${conflict}; uninstall ${conflict} first`,
      );
    this.needsRunningBackend(app);
    const image = typeof params.dockerImage === 'string' && params.dockerImage ? params.dockerImage : app.image;
    const rec = this.newInstalling(app, image);
    this.sequence.note(app.id, 'install');
    this.host.log(`package: install ${app.id} (${image})`);
    this.runInstall(rec, app);
    for (const cid of app.companions) {
      const companion = simApp(cid) as SimApp;
      if (this.records.has(cid)) continue;
      this.runInstall(this.newInstalling(companion, companion.image, `Waiting for ${app.id}`), companion);
    }
    this.persist();
    return { package_id: app.id, status: 'installing' };
  }

  start(params: Record<string, unknown>): unknown {
    this.notWedged();
    const { rec, app } = this.installedRecord(params.id);
    this.notBusy(rec);
    if (rec.state === 'running') throw new RpcFailure(`Invalid state: ${app.id} is already running`);
    this.needsRunningBackend(app);
    this.sequence.note(app.id, 'start');
    delete rec.along;
    this.runStart(rec, app, 'starting');
    return guess('lifecycle-result');
  }

  stop(params: Record<string, unknown>): unknown {
    this.notWedged();
    const { rec, app } = this.installedRecord(params.id);
    this.notBusy(rec);
    if (rec.state === 'stopped' || rec.state === 'exited')
      throw new RpcFailure(`Invalid state: ${app.id} is already ${rec.state}`);
    this.sequence.note(app.id, 'stop');
    delete rec.along;
    this.runStop(rec, app);
    return guess('lifecycle-result');
  }

  restart(params: Record<string, unknown>): unknown {
    this.notWedged();
    const { rec, app } = this.installedRecord(params.id);
    this.notBusy(rec);
    this.needsRunningBackend(app);
    this.sequence.note(app.id, 'restart');
    this.runStart(rec, app, 'restarting');
    return guess('lifecycle-result');
  }

  uninstall(params: Record<string, unknown>): unknown {
    this.notWedged();
    const { rec, app } = this.installedRecord(params.id);
    if (rec.state === 'removing') throw new RpcFailure(`Invalid state: ${app.id} is already being removed`);
    this.sequence.note(app.id, 'uninstall');
    this.runUninstall(rec, app);
    for (const cid of app.companions) {
      const crec = this.records.get(cid);
      if (!crec || crec.state === 'removing') continue;
      if (cid === 'archy-bitcoin-ui' && BITCOIN_NODES.some((b) => b !== app.id && this.records.has(b))) continue;
      this.runUninstall(crec, simApp(cid) as SimApp);
    }
    return guess('lifecycle-result');
  }

  // ---------------------------------------------------------------- lifecycle: the steps

  private newInstalling(
    app: SimApp,
    image: string,
    message: string = guess('install-progress-wording').pulling,
  ): PackageRecord {
    const rec: PackageRecord = {
      id: app.id,
      state: 'installing',
      health: null,
      progress: { message, size: 0, downloaded: 0 },
      image,
      installedAt: Date.now(),
    };
    this.records.set(app.id, rec);
    return rec;
  }

  private imageSize(app: SimApp): number {
    return Math.round(app.installMs / 1000) * 40 * IMAGE_MB;
  }

  private runInstall(rec: PackageRecord, app: SimApp): void {
    const g = this.next(app.id);
    rec.state = 'installing';
    rec.health = null;
    const total = app.installMs * (this.host.faults.has('slow-install') ? 10 : 1);
    const size = this.imageSize(app);
    const reinstall = this.history.has(app.id);
    this.history.add(app.id);
    const backend = app.companionOf
      ? app.companionOf === 'bitcoin'
        ? this.installedBitcoin()
        : app.companionOf
      : null;
    const pull = (step: number): void => {
      if (!this.current(app.id, g)) return;
      if (backend && this.records.get(backend)?.state !== 'running' && this.records.has(backend)) {
        rec.progress = { message: `Waiting for ${backend}`, size, downloaded: 0 };
        this.persist();
        this.timers.after(Math.max(250, total / 10), () => pull(step));
        return;
      }
      if (this.host.faults.has('install-hangs') && step >= 4) {
        if (step === 4) this.host.log(`package: ${app.id} install stalled at 40 % (fault install-hangs)`);
        return;
      }
      if (this.host.faults.has('install-vanishes') && step >= 5) {
        this.host.log(`package: ${app.id} entry vanished mid-install (fault install-vanishes)`);
        this.records.delete(app.id);
        this.persist();
        return;
      }
      if (step < 6) {
        rec.progress = {
          message: guess('install-progress-wording').pulling,
          size,
          downloaded: Math.round((size * step) / 6),
        };
        this.persist();
        this.timers.after(total / 10, () => pull(step + 1));
        return;
      }
      rec.progress = { message: guess('install-progress-wording').creating, size, downloaded: size };
      for (const name of app.containers) this.host.containers.create(app.id, name, rec.image);
      this.host.meter.record('install', app.containers.length);
      this.persist();
      if (reinstall && this.host.faults.has('reinstall-fails')) {
        this.timers.after(total / 10, () => {
          if (!this.current(app.id, g)) return;
          rec.state = EVIDENCE.failedInstallState;
          rec.progress = { message: `Invalid container: name "${app.containers[0]}" is already in use` };
          this.host.log(`package: ${app.id} install failed: container name already in use (fault reinstall-fails)`);
          this.persist();
        });
        return;
      }
      this.timers.after(total / 5, () => {
        if (!this.current(app.id, g)) return;
        rec.progress = { message: guess('install-progress-wording').starting, size, downloaded: size };
        this.persist();
        this.timers.after(total / 5, () => {
          if (!this.current(app.id, g)) return;
          this.becomeRunning(rec, app);
          this.host.log(`package: ${app.id} installed and running`);
        });
      });
    };
    pull(0);
  }

  private becomeRunning(rec: PackageRecord, app: SimApp, how: 'started' | 'other' = 'other'): void {
    if (this.host.faults.has('state-lies')) {
      for (const name of app.containers) this.host.containers.remove(name);
      this.host.log(`package: ${app.id} reported running, container gone (fault state-lies)`);
    } else {
      for (const name of app.containers) this.host.containers.start(name, true);
    }
    rec.state = 'running';
    rec.health = null;
    rec.progress = null;
    this.persist();
    this.healthyLater(rec, app, how === 'started' && this.host.faults.has(`unhealthy-after-start:${app.id}`));
    this.scheduleBitcoinStops(rec, app);
  }

  /** Health's first verdict, a while after running; `failing`: the health check fails (fault unhealthy-after-start:<app>). */
  private healthyLater(rec: PackageRecord, app: SimApp, failing = false): void {
    const g = this.gen.get(app.id) ?? 0;
    this.timers.after(guess('healthy-delay'), () => {
      if (!this.current(app.id, g) || rec.state !== 'running') return;
      rec.health = !failing && (this.isUp(app) || this.host.faults.has('state-lies')) ? 'healthy' : 'unhealthy';
      if (failing) this.host.log(`health: ${app.id} unhealthy after its start (fault unhealthy-after-start)`);
      this.persist();
    });
  }

  private scheduleBitcoinStops(rec: PackageRecord, app: SimApp): void {
    if (app.id !== 'bitcoin-knots') return;
    const g = this.gen.get(app.id) ?? 0;
    this.timers.after(BITCOIN_STOPS_AFTER_MS, () => {
      if (!this.current(app.id, g) || rec.state !== 'running' || !this.host.faults.has('bitcoin-stops')) return;
      for (const name of app.containers) this.host.containers.exit(name, 0, { disable: true });
      rec.state = guess('exited-container-state');
      rec.health = null;
      this.host.log('package: bitcoin-knots exited with code 0 by itself (fault bitcoin-stops)');
      this.persist();
    });
  }

  private runStart(rec: PackageRecord, app: SimApp, how: 'starting' | 'restarting'): void {
    const g = this.next(app.id);
    rec.state = how;
    rec.health = null;
    rec.progress = null;
    this.host.meter.record(how === 'starting' ? 'start' : 'restart', app.containers.length);
    if (how === 'restarting') for (const name of app.containers) this.host.containers.exit(name, 143);
    this.persist();
    this.host.log(`package: ${how === 'starting' ? 'start' : 'restart'} ${app.id}`);
    this.timers.after(actionMs(how === 'starting' ? 'start' : 'restart'), () => {
      if (!this.current(app.id, g)) return;
      for (const name of app.containers)
        if (!this.host.containers.get(name)) this.host.containers.create(app.id, name, rec.image);
      this.becomeRunning(rec, app, how === 'starting' ? 'started' : 'other');
      this.followersReturn(app);
      if (how === 'restarting' && this.sequence.restartLosesContainers(app.id)) {
        for (const name of app.containers) this.host.containers.remove(name);
        this.host.log(
          `package: ${app.id} restarted after a stop-start cycle, containers gone (fault restart-after-cycle-loses-container)`,
        );
      }
    });
  }

  private runStop(rec: PackageRecord, app: SimApp): void {
    const g = this.next(app.id);
    rec.state = 'stopping';
    rec.progress = null;
    this.host.meter.record('stop', app.containers.length);
    this.persist();
    this.host.log(`package: stop ${app.id}`);
    this.timers.after(actionMs('stop'), () => {
      if (!this.current(app.id, g)) return;
      for (const name of app.containers) this.host.containers.exit(name, 0, { disable: true });
      rec.state = 'stopped';
      rec.health = null;
      this.persist();
      for (const f of this.followers(app)) {
        const frec = this.records.get(f.id);
        if (frec?.state !== 'running') continue;
        frec.along = true;
        this.host.log(`package: ${f.id} stops with ${app.id}`);
        this.runStop(frec, f);
      }
    });
  }

  /** The running apps that follow `backend` when it stops and starts, as the variant guesses (keep-state: none). */
  private followers(backend: SimApp): SimApp[] {
    const follows = (a: SimApp): boolean => {
      if (
        a.companionOf === backend.id ||
        (a.companionOf === 'bitcoin' && (BITCOIN_NODES as readonly string[]).includes(backend.id))
      )
        return guess('companions-with-backend') !== 'keep-state';
      return (
        a.needsBitcoin &&
        !a.companionOf &&
        (BITCOIN_NODES as readonly string[]).includes(backend.id) &&
        guess('dependants-with-bitcoin') !== 'keep-state'
      );
    };
    return SIM_APPS.filter((a) => a.id !== backend.id && follows(a));
  }

  /** `backend` runs again: the apps that stopped with it come back where the variant says so (stop-and-return). */
  private followersReturn(backend: SimApp): void {
    for (const f of this.followers(backend)) {
      const frec = this.records.get(f.id);
      if (!frec?.along) continue;
      const rule = f.companionOf ? guess('companions-with-backend') : guess('dependants-with-bitcoin');
      delete frec.along;
      if (rule !== 'stop-and-return' || (frec.state !== 'stopped' && frec.state !== 'exited')) continue;
      this.host.log(`package: ${f.id} starts with ${backend.id}`);
      this.runStart(frec, f, 'starting');
    }
  }

  private runUninstall(rec: PackageRecord, app: SimApp): void {
    const g = this.next(app.id);
    rec.state = 'removing';
    rec.progress = null;
    rec.health = null;
    this.host.meter.record('uninstall', app.containers.length);
    this.persist();
    this.host.log(`package: uninstall ${app.id}`);
    if (this.host.faults.has(`uninstall-stuck:${app.id}`)) {
      this.host.log(`package: ${app.id} uninstall stuck in removing (fault uninstall-stuck:${app.id})`);
      return;
    }
    this.timers.after(actionMs('uninstall'), () => {
      if (!this.current(app.id, g)) return;
      if (this.host.faults.has('uninstall-leaves-container') || this.sequence.uninstallLeavesContainers(app.id)) {
        this.host.log(`package: ${app.id} uninstalled, its containers left behind (fault uninstall-leaves-container)`);
      } else {
        for (const name of app.containers) this.host.containers.remove(name);
      }
      this.records.delete(app.id);
      this.next(app.id);
      this.persist();
    });
  }

  // ---------------------------------------------------------------- reconcile loop and health monitor

  /** Health monitor: a container of a running entry went down or came back. */
  onContainer(c: Container | null): void {
    if (!c || this.wedged) return;
    const rec = this.records.get(c.app);
    const app = simApp(c.app);
    if (!rec || !app || rec.state !== 'running' || c.name !== app.containers[0]) return;
    if (c.state !== 'running' && rec.health !== 'unhealthy') {
      rec.health = 'unhealthy';
      this.persist();
    } else if (c.state === 'running' && rec.health === 'unhealthy') {
      rec.health = null;
      this.persist();
      this.healthyLater(rec, app);
    }
  }

  /** One reconcile pass over every installed app; returns its wall time in ms. */
  async reconcileTick(): Promise<number> {
    const t0 = performance.now();
    if (this.wedged) return 0;
    let containers = 0;
    let fixed = 0;
    for (const rec of this.records.values()) {
      const app = simApp(rec.id) as SimApp;
      containers += app.containers.length;
      if (TRANSITIONAL.has(rec.state)) continue;
      const main = this.host.containers.get(app.containers[0] as string);
      if (
        rec.state === 'running' &&
        main &&
        main.state !== 'running' &&
        !(main.enabled && main.oomKilled && !this.host.faults.has('no-restart-after-oom')) &&
        !(main.oomKilled && this.host.faults.has('oom-unnoticed'))
      ) {
        rec.state = guess('exited-container-state');
        rec.health = null;
        fixed++;
        this.host.log(`reconcile: ${rec.id} container exited (code ${main.exitCode ?? '?'}); entry set ${rec.state}`);
      }
    }
    this.host.meter.record('reconcile', containers);
    if (this.host.faults.has('slow-reconcile')) await new Promise((r) => setTimeout(r, 600));
    if (fixed) this.persist();
    const ms = performance.now() - t0;
    const m = this.host.metrics;
    m.set(METRIC.reconcileLast[0], METRIC.reconcileLast[1], ms / 1000);
    m.inc(METRIC.reconcileSum[0], METRIC.reconcileSum[1], {}, ms / 1000);
    m.inc(METRIC.reconcileCount[0], METRIC.reconcileCount[1]);
    m.set(METRIC.reconcileMax[0], METRIC.reconcileMax[1], Math.max(ms / 1000, m.value(METRIC.reconcileMax[0]) ?? 0));
    this.host.log(`reconcile pass completed in ${ms.toFixed(1)} ms ok=${this.records.size - fixed} failed=${fixed}`);
    return ms;
  }
}

/** Writes garbage over packages.json (control channel corrupt tests). */
export function corruptFile(file: string): void {
  writeFileSync(file, '{"packages": {"bitcoin-kn\u0000ots": [truncated');
}
