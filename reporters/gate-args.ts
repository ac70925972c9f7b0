/**
 * Command line of `npm run gate` (several --project: the nodes run at the same time in one
 * Playwright process, one worker each unless a node allows app concurrency):
 *   npm run gate -- --project=<node> [--project=<node2> | --project=a,b] [--repeat-each N]
 *                   [--layers L1,L2,L3[,explore]] [--require-all-cells] [--sims N] [--max-hours H]
 *                   [any other playwright option, passed through]
 * --max-hours: the wall-clock budget per node (default 3.5: the nightly job's 4 hours with room for the
 * report); when it runs out, no further test starts and the verdict is written from what ran.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_GATE_LAYERS, parseLayers } from './gate-layers';
import { EXPLORE_LAYER } from './gate-exploration';
import type { Layer } from '../config/tags';

export interface GateArgs {
  projects: string[];
  repeatEach: number;
  layers: Layer[];
  requireAllCells: boolean;
  /** `--layers …,explore`: the model-based exploration once per node after the gated layers (reporters/gate-exploration.ts). */
  explore: boolean;
  /** The sim only: this many sims side by side, each running one shard of the iterations. */
  sims: number;
  /** --sims was given (otherwise the gate picks it: resolveSims). */
  simsGiven: boolean;
  /** --grep narrows the gated layers further (a short gate for a test; not a release gate by itself). */
  grep?: string;
  /** Wall-clock budget in hours: no test starts after it (the one running finishes). */
  maxHours: number;
  passThrough: string[];
}

export const DEFAULT_REPEAT_EACH = 20;
/** The nightly job has 4 hours per node; the gate keeps half an hour for its teardown, the report and the scorecard. */
export const DEFAULT_MAX_HOURS = 3.5;

/** The gate's own options; anything else goes to Playwright unchanged, in its place on the line. */
const GATE_OPTIONS = {
  project: { type: 'string', multiple: true },
  'repeat-each': { type: 'string' },
  layers: { type: 'string' },
  sims: { type: 'string' },
  'require-all-cells': { type: 'boolean' },
  grep: { type: 'string' },
  'max-hours': { type: 'string' },
  // refused: the gate sets these itself
  shard: { type: 'string' },
  retries: { type: 'string' },
  'max-failures': { type: 'string' },
  x: { type: 'boolean', short: 'x' },
} as const;

function positiveInt(name: string, raw: string, max = Infinity): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw new Error(
      `--${name} must be ${max === Infinity ? 'a positive integer' : `an integer from 1 to ${max}`}, got ${raw}`,
    );
  return n;
}

export function parseGateArgs(argv: readonly string[]): GateArgs {
  // strict: false lets Playwright's own options through; tokens keep each one as it was written.
  const { tokens } = parseArgs({
    args: [...argv],
    options: GATE_OPTIONS,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const args: GateArgs = {
    projects: [],
    repeatEach: DEFAULT_REPEAT_EACH,
    layers: [...DEFAULT_GATE_LAYERS],
    requireAllCells: false,
    explore: false,
    sims: 1,
    simsGiven: false,
    maxHours: DEFAULT_MAX_HOURS,
    passThrough: [],
  };
  for (const token of tokens) {
    if (token.kind !== 'option' || !(token.name in GATE_OPTIONS)) {
      if (token.kind !== 'option-terminator') args.passThrough.push(argv[token.index]!);
      continue;
    }
    const name = token.name as keyof typeof GATE_OPTIONS;
    const value = (): string => {
      if (token.value === undefined) throw new Error(`${token.rawName} needs a value`);
      return token.value;
    };
    switch (name) {
      case 'project':
        args.projects.push(
          ...value()
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean),
        );
        break;
      case 'repeat-each':
        args.repeatEach = positiveInt(name, value());
        break;
      case 'layers': {
        const names = value().split(/[,\s|]+/);
        args.explore = names.some((n) => n.trim().toLowerCase() === EXPLORE_LAYER);
        args.layers = parseLayers(names.filter((n) => n.trim().toLowerCase() !== EXPLORE_LAYER).join(','));
        break;
      }
      case 'sims':
        args.sims = positiveInt(name, value(), 8);
        args.simsGiven = true;
        break;
      case 'require-all-cells':
        args.requireAllCells = true;
        break;
      case 'grep':
        args.grep = value();
        break;
      case 'max-hours': {
        const hours = Number(value());
        if (!Number.isFinite(hours) || hours <= 0)
          throw new Error(`--max-hours must be a positive number of hours (e.g. 3.5 or 0.05), got ${value()}`);
        args.maxHours = hours;
        break;
      }
      case 'shard':
        throw new Error('--shard is set by the gate itself (use --sims N for the sim)');
      case 'retries':
      case 'max-failures':
      case 'x':
        throw new Error(`${token.rawName} is fixed by the gate (retries 0, no max failures)`);
    }
  }
  if (args.projects.length === 0) throw new Error('name the node(s): npm run gate -- --project=<node>');
  if (args.layers.length === 0)
    throw new Error(
      `--layers needs at least one layer${args.explore ? ` beside ${EXPLORE_LAYER} (e.g. --layers L1,L2,L3,${EXPLORE_LAYER})` : ''}`,
    );
  if (args.sims > 1 && args.projects.some((p) => p !== 'sim'))
    throw new Error('--sims splits the gate over several sims: it is for --project=sim only');
  return args;
}

/** Most sims the gate starts by itself: each is one Playwright process, one sim and one worker. */
export const MAX_DEFAULT_SIMS = 8;

/** Sims per CPU core by default: a shard with one worker keeps ~0.25 core busy (it waits on its sim). */
const SIMS_PER_CORE = 4;

/**
 * How many sims side by side when --sims was not given: for the sim alone and a sim the gate starts
 * itself (not ARCHY_SIM_READY) with the repository's playwright.config.ts (no -c), 4 per CPU core,
 * up to MAX_DEFAULT_SIMS and never more than the iterations. Each shard runs one worker
 * (scripts/gate.ts): Playwright gives every repetition its own worker, so a shard with two workers
 * switches repetitions between jobs and starts a worker (~1.3 s of CPU) for most of them, and its
 * every-lock jobs leave the second worker idle. Measured on 2 cores, 20 iterations: 3 sims × 2
 * workers 7m20s (640 s of CPU), 4 × 2 6m36s, 6 × 1 6m14s (558 s of CPU), 8 × 1 5m54s. Otherwise 1.
 */
export function resolveSims(args: GateArgs, cpus: number, externalSim: boolean): number {
  if (args.simsGiven) return args.sims;
  if (externalSim || args.projects.length !== 1 || args.projects[0] !== 'sim') return 1;
  // Another config (-c) may not start a sim per shard the way playwright.config.ts does.
  if (args.passThrough.some((a) => a === '-c' || a === '--config' || a.startsWith('--config='))) return 1;
  return Math.max(1, Math.min(MAX_DEFAULT_SIMS, cpus * SIMS_PER_CORE, args.repeatEach));
}

/**
 * The iterations each of `sims` shards runs: whole iterations, as even as they go (20 over 8: 3, 3,
 * 3, 3, 2, 2, 2, 2). A shard of whole iterations runs the tests in the order one process would
 * (the bitcoin chains before their dependants), so a fault of one app stays in that app's cells.
 */
export function iterationShares(iterations: number, sims: number): number[] {
  const n = Math.max(1, Math.min(sims, iterations));
  return Array.from({ length: n }, (_, i) => Math.floor(iterations / n) + (i < iterations % n ? 1 : 0));
}

/** The Playwright command line the gate runs for one node, or for several at once (one process, a worker limit per node). */
export function playwrightGateArgs(project: string | readonly string[], a: GateArgs): string[] {
  return [
    'test',
    ...(typeof project === 'string' ? [project] : project).map((p) => `--project=${p}`),
    `--repeat-each=${a.repeatEach}`,
    '--retries=0',
    `--grep=${gateGrep(a)}`,
    ...a.passThrough,
  ];
}

/** The layers' tags, and --grep on top when given (both must match: lookaheads). */
export function gateGrep(a: Pick<GateArgs, 'layers' | 'grep'>): string {
  const layers = a.layers.map((l) => `@${l}\\b`).join('|');
  return a.grep ? `^(?=.*(?:${a.grep}))(?=.*(?:${layers}))` : layers;
}

/** Exit codes of `npm run gate` (documented in reporters/README.md). */
export const GATE_EXIT = { pass: 0, fail: 1, inconclusive: 2 } as const;
