/**
 * What is known broken in this repetition (issue 28): when a cell finds an app stuck or broken — a
 * state that did not come within its budget, a surface that never came back or came back wrong, a
 * daemon that does not answer — it is recorded here with the failing cell and what was seen. A later
 * cell of the same repetition whose precondition or judgment rests on the same thing does not wait
 * for it again: it ends at once as "blocked by <app>/<cell> (<what>)" — its own outcome in the
 * reporters, the gate and the scorecard, counted as not passed.
 *
 * The record is a file per run and node (lines of JSON, appended), because the tests of one
 * repetition run in several worker processes; each line carries its repetition, so the next
 * repetition starts fresh (a stuck state that clears by itself gets its chance again).
 */
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The annotation a blocked test carries (its description is the "blocked by …" text). */
export const BLOCKED_ANNOTATION = 'blocked';

export type BrokenKind =
  /** The app's entry did not reach a state within its budget (stuck `removing`, `installing`, …). */
  | 'state'
  /** A surface of the app (ui, its rpc probe) never came back, or came back with the wrong content. */
  | 'surface'
  /** The daemon did not answer. */
  | 'daemon';

export interface Broken {
  kind: BrokenKind;
  /** The app found broken ('archipelago' for the daemon). */
  app: string;
  /** The cell that found it. */
  cell: string;
  /** The app of that cell, when it is not the broken app (lnd/present's precondition found bitcoin-knots stuck). */
  cellOf?: string;
  /** What was seen, short: "stuck `removing` for 120 s". */
  what: string;
  /** kind 'surface': which surface (e.g. 'ui', 'rpc:electrum'). */
  surface?: string;
  /** kind 'surface': the fault's words without numbers, so "3 behind" and "2 behind" are the same fault. */
  signature?: string;
  repetition: number;
  at: number;
}

/** "blocked by bitcoin-knots/reinstall (stuck `removing` for 120 s)" */
export function blockedText(b: Pick<Broken, 'app' | 'cell' | 'what' | 'cellOf'>): string {
  return `blocked by ${b.cellOf ?? b.app}/${b.cell} (${b.what})`;
}

/** The words of a fault without its numbers and quotes: the same fault seen again matches. */
export function faultSignature(message: string): string {
  return message
    .split('\n')[0]!
    .replace(/\d+(?:\.\d+)?/g, '#')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 300);
}

/** "120 s" / "850 ms" */
export function seconds(ms: number): string {
  return ms >= 1_000 ? `${Math.round(ms / 1000)} s` : `${Math.round(ms)} ms`;
}

/** A cell that ends because what it rests on is known broken. */
export class BlockedError extends Error {
  override name = 'BlockedError';
  constructor(readonly by: Broken) {
    super(blockedText(by));
  }
}

/** The known-broken record of one run, node and repetition. */
export class KnownBroken {
  /**
   * @param consulted whether later cells act on the record (stuck(), sameSurfaceFault()); when false,
   *   findings are still recorded but no cell ends as blocked.
   */
  constructor(
    private readonly file: string,
    readonly repetition: number,
    readonly consulted = true,
  ) {}

  static fileFor(reportsDir: string, runId: string, node: string): string {
    return join(reportsDir, 'known-broken', runId, `${node}.jsonl`);
  }

  record(b: Omit<Broken, 'repetition' | 'at'>): Broken {
    const entry: Broken = { ...b, repetition: this.repetition, at: Date.now() };
    mkdirSync(dirname(this.file), { recursive: true });
    appendFileSync(this.file, `${JSON.stringify(entry)}\n`); // one short line: appends of several workers do not interleave
    return entry;
  }

  /** Everything recorded in this repetition, oldest first. */
  all(): Broken[] {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch {
      return [];
    }
    const out: Broken[] = [];
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      try {
        const b = JSON.parse(line) as Broken;
        if (b.repetition === this.repetition) out.push(b);
      } catch {
        /* a line cut by a killed worker: ignore */
      }
    }
    return out;
  }

  /** The first record that says the daemon does not answer, or that `app`'s state is stuck. */
  stuck(app: string): Broken | undefined {
    if (!this.consulted) return undefined;
    return this.all().find((b) => b.kind === 'daemon' || (b.kind === 'state' && b.app === app));
  }

  /** The first record of any fault on that surface of `app` (a cell that cannot judge it must not pass over it). */
  surfaceFault(app: string, surface: string): Broken | undefined {
    if (!this.consulted) return undefined;
    return this.all().find((b) => b.kind === 'surface' && b.app === app && b.surface === surface);
  }

  /** The first record of the same fault on the same surface of `app`. */
  sameSurfaceFault(app: string, surface: string, signature: string): Broken | undefined {
    if (!this.consulted) return undefined;
    return this.all().find(
      (b) => b.kind === 'surface' && b.app === app && b.surface === surface && b.signature === signature,
    );
  }
}
