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

/** One gate input from the runs of several shards of the same node and plan. */
export function mergeGateRuns(shards: readonly GateRuns[]): GateInput {
  if (shards.length === 0) throw new Error('no shard results to merge');
  const [first] = shards;
  for (const s of shards) {
    if (s.node !== first.node || s.iterations !== first.iterations) {
      throw new Error(`shards disagree: ${s.node}×${s.iterations} vs ${first.node}×${first.iterations}`);
    }
  }
  const notCovered = new Map<string, NotCovered>();
  for (const s of shards) for (const n of s.notCovered) notCovered.set(`${n.file}::${n.title}`, n);
  return {
    node: first.node,
    iterations: first.iterations,
    layers: first.layers,
    planned: shards.flatMap((s) => s.planned),
    outcomes: new Map(shards.flatMap((s) => s.outcomes)),
    runErrors: shards.flatMap((s, i) => s.runErrors.map((e) => ({ ...e, where: `shard ${i + 1}: ${e.where}` }))),
    notCovered: [...notCovered.values()],
    requiredCells: first.requiredCells,
  };
}
