/**
 * NodeControl over SSH for real archy nodes (and the node container, which runs the same commands).
 * The shell commands live in the archy version's command file (./commands-v1.9.ts).
 */
import type { SshSettings } from '../../../config/env';
import { noStep, type StepRunner } from '../../rpc/client';
import {
  ControlError,
  ControlUnsupportedError,
  DEFAULT_RESTORE_AFTER_S,
  type ContainerView,
  type ControlStatus,
  type HostFactName,
  type HostFacts,
  type LogLine,
  type NodeControl,
  type RpcCallRecord,
  type Undo,
} from '../types';
import type { NotCoveredNote } from '../../not-covered';
import * as v19 from './commands-v1.9';
import { SshConnection } from './connection';
import { hostFacts, KNOWN_UNIT, missingFactNote, unitShow } from './host-facts';

export interface SshControlOptions {
  step?: StepRunner;
  /** Progress lines of long waits (reboot). Default: stdout. */
  progress?: (line: string) => void;
  /** The node's budget multiplier (1 on a real node). */
  timeScale?: number;
}

/** A real node's reboot: how long it may take to go down and to answer SSH again. */
const REBOOT_DOWN_MS = 3 * 60_000;
const REBOOT_UP_MS = 10 * 60_000;
const PROGRESS_EVERY_MS = 10_000;
/** When a line of the journal has no cursor of its own: how far back `log()` without a cursor looks. */
const LOG_LOOKBACK_MS = 5 * 60_000;

/** The node's clock minus the runner's, within ± uncertaintyMs. */
export interface ClockSkew {
  offsetMs: number;
  uncertaintyMs: number;
}

/** From one read of the node's clock (`nodeMs`) between two of the runner's (`sentMs`, `receivedMs`): the node read it at some moment in between. */
export function clockSkew(sentMs: number, nodeMs: number, receivedMs: number): ClockSkew {
  const half = Math.max(0, receivedMs - sentMs) / 2;
  return { offsetMs: Math.round(nodeMs - (sentMs + half)), uncertaintyMs: Math.ceil(half) };
}

/** A host fact a control action needs is neither set nor discovered: the cell is not covered (note), not red. */
export class HostFactMissingError extends ControlError {
  override name = 'HostFactMissingError';
  constructor(readonly note: NotCoveredNote) {
    super(note.reason);
  }
}

let uniq = 0;
function faultId(): string {
  return `${Date.now().toString(36)}${(uniq++).toString(36)}`;
}

export class SshControl implements NodeControl {
  readonly kind = 'ssh' as const;
  readonly nodeName: string;
  private readonly conn: SshConnection;
  private readonly step: StepRunner;
  private readonly progress: (line: string) => void;
  private readonly timeScale: number;
  /** The host facts, read once (lazily) from the settings and the daemon's unit. */
  private facts: Promise<HostFacts> | undefined;
  private partitionedUntil: number | null = null;
  /** The node's clock minus this runner's, read once (lazily: only a test that reads the log pays for it). */
  private clockSkew: Promise<ClockSkew> | undefined;

  constructor(
    readonly settings: SshSettings,
    opts: SshControlOptions = {},
  ) {
    this.nodeName = settings.node;
    this.conn = new SshConnection(settings);
    this.step = opts.step ?? noStep;
    this.progress = opts.progress ?? ((line) => process.stdout.write(`${line}\n`));
    this.timeScale = opts.timeScale ?? 1;
  }

  /** The connection, for the preflight and tests. */
  get connection(): SshConnection {
    return this.conn;
  }

  hostFacts(): Promise<HostFacts> {
    this.facts ??= this.discoverFacts();
    return this.facts.catch((error: unknown) => {
      this.facts = undefined; // a failed read is not kept: the next caller tries again
      throw error;
    });
  }

  async uncovered(needs: readonly HostFactName[]): Promise<NotCoveredNote | undefined> {
    return missingFactNote(await this.hostFacts(), needs, this.settings.envFile);
  }

  private async discoverFacts(): Promise<HostFacts> {
    const unit = this.settings.facts.unit ?? KNOWN_UNIT;
    const r = await this.conn.exec(unitShow(v19.sq(unit)), { timeoutMs: 15_000 });
    return hostFacts(
      this.settings.facts,
      r.code === 0 ? r.stdout : undefined,
      `exit ${r.code}: ${r.stderr.trim().slice(0, 200)}`,
    );
  }

  /** A fact's value, or HostFactMissingError (not covered: set ARCHY_SSH_…). */
  private async fact(name: HostFactName): Promise<string> {
    const facts = await this.hostFacts();
    const value = facts[name].value;
    if (!value) throw new HostFactMissingError(missingFactNote(facts, [name], this.settings.envFile)!);
    return value;
  }

  async status(): Promise<ControlStatus> {
    const unit = await this.fact('unit');
    const out = await this.conn.run('reading the daemon status', v19.status(unit), { timeoutMs: 15_000 });
    const props = Object.fromEntries(
      out
        .split('\n')
        .filter((l) => l.includes('='))
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1).trim()]),
    );
    const uptimeLine = out.split('\n').find((l) => /^\d+(\.\d+)? \d+(\.\d+)?$/.test(l.trim()));
    if (props.ActiveState === undefined || !uptimeLine)
      throw new ControlError(`node ${this.nodeName}: unexpected answer to "${v19.status(unit)}": ${out.slice(0, 200)}`);
    const up = props.ActiveState === 'active';
    const hostUptimeMs = Number(uptimeLine.trim().split(' ')[0]) * 1000;
    const enteredMs = Number(props.ActiveEnterTimestampMonotonic ?? 0) / 1000;
    const until = this.partitionedUntil !== null && this.partitionedUntil > Date.now() ? this.partitionedUntil : null;
    return {
      daemon: up ? 'up' : 'down',
      pid: Number(props.MainPID ?? 0),
      uptimeMs: up ? Math.max(0, Math.round(hostUptimeMs - enteredMs)) : 0,
      faults: [],
      timeScale: this.timeScale,
      partitionedUntil: until,
    };
  }

  async daemonRestart(): Promise<void> {
    const unit = await this.fact('unit');
    await this.act(`daemon restart (systemctl restart ${unit})`, () =>
      this.conn.run(`systemctl restart ${unit}`, v19.daemonRestart(unit), { timeoutMs: 120_000 }),
    );
  }

  async kill9(): Promise<void> {
    const unit = await this.fact('unit');
    await this.act(`kill -9 daemon (systemctl kill --signal=SIGKILL ${unit})`, () =>
      this.conn.run('kill -9 of the daemon', v19.kill9(unit)),
    );
  }

  async reboot(): Promise<void> {
    await this.act('reboot (detached), wait for the host to go down and come back', async () => {
      const before = await this.conn.run('reading the boot identity', v19.bootIdentity);
      await this.conn.run('starting a detached reboot', v19.reboot(2));
      const t0 = Date.now();
      await this.waitFor(
        'go down',
        Math.max(30_000, REBOOT_DOWN_MS * this.timeScale),
        t0,
        async () => (await this.identity()) !== before.trim(),
      );
      await this.waitFor('answer SSH again', Math.max(60_000, REBOOT_UP_MS * this.timeScale), t0, async () => {
        const now = await this.identity();
        return now !== undefined && now !== before.trim();
      });
      this.progress(`[control ${this.nodeName}] reboot: back after ${Math.round((Date.now() - t0) / 1000)} s`);
    });
  }

  async oom(app: string): Promise<void> {
    const user = await this.fact('podmanUser');
    await this.act(`OOM-kill ${app}`, async () => {
      const all = await this.containers();
      const target = all.find((c) => c.name === app);
      if (!target)
        throw new ControlError(
          `node ${this.nodeName}: no container named "${app}" to OOM-kill (podman ps -a as ${user} lists ${all.map((c) => c.name).join(', ') || 'none'})`,
        );
      if (target.state !== 'running')
        throw new ControlError(
          `node ${this.nodeName}: container ${app} is ${target.state}, not running: nothing to OOM-kill`,
        );
      await this.conn.run(`OOM-kill of ${app}`, v19.oom(user, app));
    });
  }

  async corruptConfig(restoreAfterSeconds = DEFAULT_RESTORE_AFTER_S): Promise<Undo> {
    const id = faultId();
    const paths = { configFile: await this.fact('configFile'), stateDb: '' };
    await this.act(
      `corrupt the config (${paths.configFile}; put back by a timer on the node after ${restoreAfterSeconds} s)`,
      () => this.conn.run('corrupting the config', v19.corruptConfig(paths, id, restoreAfterSeconds)),
    );
    return {
      what: `corrupted ${paths.configFile}`,
      restore: () =>
        this.act('put the config back', () =>
          this.conn.run('putting the config back', v19.restoreConfig(paths, id)),
        ).then(() => undefined),
    };
  }

  async deleteStateDb(restoreAfterSeconds = DEFAULT_RESTORE_AFTER_S): Promise<Undo> {
    const id = faultId();
    const unit = await this.fact('unit');
    const paths = { configFile: '', stateDb: await this.fact('stateDb') };
    await this.act(
      `delete the state DB (${paths.stateDb}; daemon stopped until the next restart; put back by a timer after ${restoreAfterSeconds} s if still missing)`,
      () =>
        this.conn.run('deleting the state DB', v19.deleteStateDb(paths, unit, id, restoreAfterSeconds), {
          timeoutMs: 120_000,
        }),
    );
    return {
      what: `deleted ${paths.stateDb}`,
      restore: () =>
        this.act('put the state DB back (if still missing)', () =>
          this.conn.run('putting the state DB back', v19.restoreStateDb(paths, unit, id)),
        ).then(() => undefined),
    };
  }

  async partition(seconds: number): Promise<void> {
    if (!(seconds > 0 && seconds <= 3600))
      throw new ControlError(`partition: seconds must be in (0, 3600], got ${seconds}`);
    await this.act(`partition ${seconds}s (firewall rule removed by a timer on the node)`, () =>
      this.conn.run('partitioning the node', v19.partition(seconds, faultId())),
    );
    this.partitionedUntil = Date.now() + seconds * 1000;
  }

  async log(since = 0): Promise<LogLine[]> {
    const from = since > 0 ? since + 1 : Date.now() - LOG_LOOKBACK_MS;
    return this.readLog(from);
  }

  /** `at` is on this runner's clock; the journal's times are the node's: the skew, read once, is allowed for (and its uncertainty, the round trip). */
  async logSince(at: Date): Promise<LogLine[]> {
    this.clockSkew ??= this.readClockSkew();
    const skew = await this.clockSkew.catch((error: unknown) => {
      this.clockSkew = undefined; // a failed read is not kept: the next caller tries again
      throw error;
    });
    return this.readLog(at.getTime() + skew.offsetMs - skew.uncertaintyMs);
  }

  callsSince(_at: Date): Promise<RpcCallRecord[]> {
    return Promise.reject(this.unsupported('the log of RPC calls'));
  }

  private async readClockSkew(): Promise<ClockSkew> {
    const sent = Date.now();
    const out = (await this.conn.run("reading the node's clock (date)", v19.clockMs)).trim();
    const received = Date.now();
    const ms = Number(out);
    if (!/^\d{10,}$/.test(out) || !Number.isSafeInteger(ms))
      throw new ControlError(
        `node ${this.nodeName}: date +%s%3N answered ${JSON.stringify(out.slice(0, 80))}, not a time in ms`,
      );
    return clockSkew(sent, ms, received);
  }

  async containers(): Promise<ContainerView[]> {
    const user = await this.fact('podmanUser');
    const out = await this.conn.run(`podman ps -a as ${user}`, v19.containers(user));
    let list: unknown;
    try {
      list = JSON.parse(out.trim() || '[]');
    } catch {
      throw new ControlError(
        `node ${this.nodeName}: podman ps --format json did not answer JSON: ${out.slice(0, 200)}`,
      );
    }
    if (!Array.isArray(list))
      throw new ControlError(`node ${this.nodeName}: podman ps --format json did not answer a list`);
    return list.map((c: { Names?: string[] | string; State?: string; ExitCode?: number }) => ({
      name: Array.isArray(c.Names) ? (c.Names[0] ?? '') : String(c.Names ?? ''),
      state: String(c.State ?? 'unknown').toLowerCase(),
      exitCode: typeof c.ExitCode === 'number' ? c.ExitCode : null,
    }));
  }

  async faults(): Promise<string[]> {
    return [];
  }
  faultsOn(): Promise<void> {
    return Promise.reject(this.unsupported('switching product faults'));
  }
  faultsOff(): Promise<void> {
    return Promise.reject(this.unsupported('switching product faults'));
  }
  calls(): Promise<RpcCallRecord[]> {
    return Promise.reject(this.unsupported('the log of RPC calls'));
  }
  reset(): Promise<void> {
    return Promise.reject(this.unsupported('resetting to a fresh node'));
  }

  async close(): Promise<void> {
    await this.conn.close();
  }

  private unsupported(what: string): ControlUnsupportedError {
    return new ControlUnsupportedError(
      `node ${this.nodeName}: ${what} exists on the sim only (a real node over SSH has no such control)`,
    );
  }

  private act<T>(title: string, body: () => Promise<T>): Promise<T> {
    return this.step(`control ${this.nodeName} (ssh): ${title}`, body);
  }

  /** The boot identity, or undefined while the node does not answer SSH. */
  private async identity(): Promise<string | undefined> {
    try {
      const r = await this.conn.exec(v19.bootIdentity, { timeoutMs: 5_000 });
      return r.code === 0 ? r.stdout.trim() : undefined;
    } catch {
      this.conn.drop();
      return undefined;
    }
  }

  private async waitFor(what: string, budgetMs: number, t0: number, done: () => Promise<boolean>): Promise<void> {
    const start = Date.now();
    let lastProgress = start;
    for (;;) {
      if (await done()) return;
      const now = Date.now();
      if (now - start > budgetMs)
        throw new ControlError(
          `node ${this.nodeName}: after a reboot the host did not ${what} within ${Math.round(budgetMs / 1000)} s`,
        );
      if (now - lastProgress >= PROGRESS_EVERY_MS) {
        lastProgress = now;
        this.progress(
          `[control ${this.nodeName}] reboot: waiting for the host to ${what} (${Math.round((now - t0) / 1000)} s)`,
        );
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  }

  private async readLog(fromMs: number): Promise<LogLine[]> {
    const unit = await this.fact('journalUnit');
    const out = await this.conn.run(
      `reading the daemon log (journalctl -u ${unit})`,
      v19.logSince(unit, fromMs / 1000),
      {
        timeoutMs: 30_000,
      },
    );
    const lines: LogLine[] = [];
    for (const raw of out.split('\n')) {
      const m = /^(\d+)\.(\d+) (\S+) ([^:]+): (.*)$/.exec(raw);
      if (!m) continue;
      const ms = Number(m[1]) * 1000 + Math.floor(Number(`0.${m[2]}`) * 1000);
      lines.push({ seq: ms, at: new Date(ms).toISOString(), line: m[5]! });
    }
    return lines;
  }
}
