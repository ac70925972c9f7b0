/**
 * The raw runs of one gate process (`reports/gate-runs/<node>.json`): what was planned, what came
 * out, what broke outside the tests. Written next to the verdict so that shards of one gate
 * (`npm run gate -- --project=sim --sims 2`) can be merged into one verdict afterwards.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NotCovered, RunError } from './gate-model';
import type { GateInput, PlannedRun, RunOutcome } from './gate-summary';
import type { Layer } from '../config/tags';
import { REPORTS_DIR } from './gate-files';

export const GATE_RUNS_DIR = join(REPORTS_DIR, 'gate-runs');

export interface GateRuns {
  node: string;
  iterations: number;
  layers: Layer[];
  planned: PlannedRun[];
  outcomes: [string, RunOutcome][];
  runErrors: RunError[];
  notCovered: NotCovered[];
  requiredCells?: string[];
  /** Duration of each run (ms) by run id. */
  durations?: [string, number][];
  /** Node-operation ms per op of each run that asked for any, by run id. */
  nodeOps?: [string, Record<string, number>][];
  /** Wall time of this process's runs (first test planned → end). */
  wallMs?: number;
  /** The gate's wall-clock budget (--max-hours), when it had one. */
  maxHours?: number;
}

export function gateRunsFile(node: string, root = '.'): string {
  return join(root, GATE_RUNS_DIR, `${node}.json`);
}

export function writeGateRuns(file: string, runs: GateRuns): void {
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, JSON.stringify(runs));
}

export function readGateRuns(file: string): GateRuns {
  return JSON.parse(readFileSync(file, 'utf8')) as GateRuns;
}

/**
 * The runs of a shard that ran whole iterations (`--repeat-each` its share), numbered after the
 * iterations of the shards before it: repetition r becomes offset + r, in the plan and in every run
 * id (`key#repetition`), so shards never collide.
 */
export function offsetRepetitions(runs: GateRuns, offset: number): GateRuns {
  const shift = (id: string): string => {
    const at = id.lastIndexOf('#');
    return at < 0 ? id : `${id.slice(0, at)}#${Number(id.slice(at + 1)) + offset}`;
  };
  return {
    ...runs,
    planned: runs.planned.map((p) => ({ ...p, repetition: p.repetition + offset })),
    outcomes: runs.outcomes.map(([id, o]) => [shift(id), o]),
    durations: runs.durations?.map(([id, ms]) => [shift(id), ms]),
    nodeOps: runs.nodeOps?.map(([id, ops]) => [shift(id), ops]),
  };
}

/**
 * One gate input from shards of the same node and plan, each of which ran its own iterations
 * (already numbered apart with offsetRepetitions): `iterations` is the whole gate's.
 */
export function mergeGateRuns(shards: readonly GateRuns[], iterations: number): GateInput {
  if (shards.length === 0) throw new Error('no shard results to merge');
  const [first] = shards;
  for (const s of shards) {
    if (s.node !== first.node) throw new Error(`shards disagree on the node: ${s.node} vs ${first.node}`);
  }
  const notCovered = new Map<string, NotCovered>();
  for (const s of shards) for (const n of s.notCovered) notCovered.set(`${n.file}::${n.title}`, n);
  return {
    node: first.node,
    iterations,
    layers: first.layers,
    planned: shards.flatMap((s) => s.planned),
    outcomes: new Map(shards.flatMap((s) => s.outcomes)),
    runErrors: shards.flatMap((s, i) => s.runErrors.map((e) => ({ ...e, where: `shard ${i + 1}: ${e.where}` }))),
    notCovered: [...notCovered.values()],
    requiredCells: first.requiredCells,
    maxHours: first.maxHours,
    nodeOps: new Map(shards.flatMap((s) => s.nodeOps ?? [])),
  };
}
