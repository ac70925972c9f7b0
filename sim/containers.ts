/**
 * The host's container runtime ("podman"): containers outlive the daemon, survive its restarts
 * (Quadlet units with Restart=always) and are kept in `<data-dir>/containers.json` like podman's
 * own storage, so a new sim process on the same data dir boots like a host after a reboot.
 */
import path from 'node:path';
import { isRecord, readJson, writeJsonAtomic } from './persist';
import { containerOwner } from './apps';

export type ContainerState = 'created' | 'running' | 'exited';

export interface Container {
  name: string;
  app: string;
  image: string;
  state: ContainerState;
  createdAt: number;
  startedAt: number | null;
  exitedAt: number | null;
  exitCode: number | null;
  /** The unit is enabled: the container comes back at boot and after a crash (Restart=always). */
  enabled: boolean;
  oomKilled: boolean;
}

function isContainerFile(v: unknown): v is { containers: Container[] } {
  return (
    isRecord(v) &&
    Array.isArray(v.containers) &&
    v.containers.every((c) => isRecord(c) && typeof c.name === 'string' && typeof c.app === 'string')
  );
}

export class ContainerRuntime {
  private readonly map = new Map<string, Container>();
  private saveTimer: NodeJS.Immediate | null = null;

  constructor(
    private dataDir: string,
    private readonly onChange: (c: Container | null) => void,
    private readonly log: (line: string) => void,
  ) {}

  private get file(): string {
    return path.join(this.dataDir, 'containers.json');
  }

  /** Loads podman's storage; every container is down (the host just booted). */
  load(): void {
    this.map.clear();
    const read = readJson(this.file, isContainerFile);
    if (read.kind === 'corrupt')
      this.log(
        `podman: container storage ${this.file} unreadable (${read.reason}); moved to ${read.movedTo}, starting with no containers`,
      );
    if (read.kind !== 'ok') return;
    for (const c of read.value.containers) {
      if (!containerOwner(c.name)) continue;
      const wasUp = c.state === 'running';
      this.map.set(c.name, { ...c, state: wasUp ? 'exited' : c.state, exitedAt: wasUp ? Date.now() : c.exitedAt });
    }
  }

  setDataDir(dir: string): void {
    this.dataDir = dir;
  }

  private changed(c: Container | null): void {
    if (!this.saveTimer) {
      this.saveTimer = setImmediate(() => {
        this.saveTimer = null;
        this.save();
      });
    }
    this.onChange(c);
  }

  save(): void {
    writeJsonAtomic(this.file, { containers: [...this.map.values()] });
  }

  get(name: string): Container | undefined {
    return this.map.get(name);
  }

  list(): Container[] {
    return [...this.map.values()];
  }

  forApp(app: string): Container[] {
    return this.list().filter((c) => c.app === app);
  }

  create(app: string, name: string, image: string): Container {
    const existing = this.map.get(name);
    if (existing) {
      existing.image = image;
      return existing;
    }
    const c: Container = {
      name,
      app,
      image,
      state: 'created',
      createdAt: Date.now(),
      startedAt: null,
      exitedAt: null,
      exitCode: null,
      enabled: false,
      oomKilled: false,
    };
    this.map.set(name, c);
    this.changed(c);
    return c;
  }

  start(name: string, enabled = true): void {
    const c = this.map.get(name);
    if (!c) return;
    c.enabled = enabled;
    if (c.state !== 'running') {
      c.state = 'running';
      c.startedAt = Date.now();
      c.exitCode = null;
      c.oomKilled = false;
    }
    this.changed(c);
  }

  exit(name: string, code: number, opts: { disable?: boolean; oom?: boolean } = {}): void {
    const c = this.map.get(name);
    if (!c) return;
    if (opts.disable) c.enabled = false;
    if (c.state === 'running') {
      c.state = 'exited';
      c.exitedAt = Date.now();
      c.exitCode = code;
      c.oomKilled = Boolean(opts.oom);
    }
    this.changed(c);
  }

  remove(name: string): void {
    if (this.map.delete(name)) this.changed(null);
  }

  /** Host reboot: everything stops (the enabled flag stays for the next boot). */
  haltAll(): void {
    for (const c of this.map.values()) this.exit(c.name, 143);
  }

  /** Boot: enabled containers come back. */
  bootEnabled(): void {
    for (const c of this.map.values()) if (c.enabled) this.start(c.name, true);
  }

  clear(): void {
    this.map.clear();
    this.changed(null);
  }

  /** Is the app's main container running? */
  isAppUp(app: string, mainName: string): boolean {
    const c = this.map.get(mainName);
    return c !== undefined && c.app === app && c.state === 'running';
  }
}
