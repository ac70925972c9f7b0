/**
 * Node control: what a test can do to a node beyond its API — restart the daemon, reboot the host,
 * kill -9 the daemon (also mid-install), OOM-kill one app's container, damage the config or the state
 * DB and put them back, cut the network for N seconds, read the daemon's log and podman's view of
 * the containers. Two implementations: the sim's admin port (./sim.ts) and SSH (./ssh/) for real
 * nodes. A spec never knows which one it has.
 */
import type { HostFactSettings } from '../../config/env';
import type { NotCoveredNote } from '../not-covered';

/** A fact about the node's host that SSH control needs (lib/control/ssh/host-facts.ts). */
export type HostFactName = keyof Required<HostFactSettings>;

export interface HostFact {
  value?: string;
  /** set: the env file (ARCHY_SSH_*); discovered: the host told; missing: neither (`how` says what was seen). */
  source: 'set' | 'discovered' | 'missing';
  /** How it was found, or why not. */
  how: string;
}

export type HostFacts = Record<HostFactName, HostFact>;

export interface ControlStatus {
  daemon: 'up' | 'down';
  pid: number;
  /** How long the daemon has been up (0 while down). */
  uptimeMs: number;
  /** The sim's product faults switched on (a real node: none). */
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

/** One daemon log line. `seq` is a cursor: pass the last one seen to `log(since)` for what came after. */
export interface LogLine {
  seq: number;
  /** ISO time of the line, when the source has one. */
  at?: string;
  line: string;
  [key: string]: unknown;
}

/** podman's view of one container. */
export interface ContainerView {
  name: string;
  /** podman's state: running, exited, created, … */
  state: string;
  exitCode: number | null;
}

/** A damage done to the node, with its undo (also scheduled on the node itself where it can be). */
export interface Undo {
  /** What was done, for messages. */
  readonly what: string;
  /** Put it back now (idempotent; a no-op once the node's own timer did it). */
  restore(): Promise<void>;
}

export interface NodeControl {
  readonly kind: 'sim' | 'ssh';
  readonly nodeName: string;
  status(): Promise<ControlStatus>;
  /** archipelago restart; returns once it was triggered (waiting for it to come back is the caller's). */
  daemonRestart(): Promise<void>;
  /** kill -9 of the daemon, wherever it is (also in the middle of an install); the service manager brings it back. */
  kill9(): Promise<void>;
  /** Host reboot. The sim returns once triggered; SSH returns once the host is back and answers SSH again. */
  reboot(): Promise<void>;
  /** The kernel OOM-kills the app's (main) container. */
  oom(app: string): Promise<void>;
  /** Garbage over the daemon's config file; seen at its next start. Put back by `restore()` or by a timer on the node. */
  corruptConfig(restoreAfterSeconds?: number): Promise<Undo>;
  /** The daemon's state DB is gone the next time the daemon starts. `restore()` puts the original back (daemon stopped, then started); a timer on the node puts it back if still missing. */
  deleteStateDb(restoreAfterSeconds?: number): Promise<Undo>;
  /** The runner cannot reach the node's daemon and app ports for `seconds`; heals by itself on the node. */
  partition(seconds: number): Promise<void>;
  /** Daemon log lines after the cursor `since` (0: what the source still has). */
  log(since?: number): Promise<LogLine[]>;
  /**
   * Daemon log lines written at or after `at`, a time on this runner's clock: a test notes when it
   * started (no call to the node) and reads what came after only when it needs it. Over SSH the
   * node's clock is read once per control and the difference allowed for.
   */
  logSince(at: Date): Promise<LogLine[]>;
  /** The RPC calls the sim recorded at or after `at` (this runner's clock: the sim runs on it); SSH keeps no call record and rejects, as `calls`. */
  callsSince(at: Date): Promise<RpcCallRecord[]>;
  /** podman's view of the app containers. */
  containers(): Promise<ContainerView[]>;
  /** The sim's product faults switched on (a real node reports none). */
  faults(): Promise<string[]>;
  /** Sim only: switch product faults; a real node throws ControlUnsupportedError. */
  faultsOn(...names: string[]): Promise<void>;
  faultsOff(...names: string[]): Promise<void>;
  /** Sim only: RPC calls the node saw after `since` (a seq), oldest first. */
  calls(since?: number): Promise<RpcCallRecord[]>;
  /** Sim only: back to a fresh node. */
  reset(): Promise<void>;
  /** The host facts SSH control works with (set or discovered); the sim has none (undefined). */
  hostFacts(): Promise<HostFacts | undefined>;
  /** "not covered: set ARCHY_SSH_…" when a fact that `needs` names is neither set nor discovered; else undefined. */
  uncovered(needs: readonly HostFactName[]): Promise<NotCoveredNote | undefined>;
  /** Releases the channel (SSH connection). */
  close(): Promise<void>;
}

export class ControlError extends Error {
  override name = 'ControlError';
}

/** Asked a real node for something only the sim can do (faults, call log, reset). */
export class ControlUnsupportedError extends ControlError {
  override name = 'ControlUnsupportedError';
}

/** Seconds after which a damage undoes itself on the node when the runner does not put it back. */
export const DEFAULT_RESTORE_AFTER_S = 600;
