/**
 * Replay files of failed explorations: reports/explore/<node>-<ts>.json holds the shrunk sequence
 * (readable steps and the actions), the faults that were on, and the two ways to reproduce it:
 * `npm run explore -- --replay <file>` (runs the steps once) or `--seed/--path/--weights` (fast-check
 * replays its counterexample).
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { outputPaths } from '../config/env';
import { APP_ACTIONS, NODE_ACTIONS, type Action } from './lifecycle';
import type { ExploreFailure } from './explore';
import type { ExplorationFailure } from '../reporters/gate-model';

export interface ReplayFile {
  node: string;
  createdAt: string;
  stack: string[];
  faults: string[];
  maxSteps: number;
  failure: ExploreFailure;
  reproduce: string[];
}

export function exploreDir(root?: string): string {
  return path.join(outputPaths(root).reports, 'explore');
}

/**
 * What one exploration run found, pass or fail: `reports/explore/result-<node>.json`, written at the
 * end of the exploration test (removed at its start, so a run that did not finish leaves none). The
 * gate's `--layers …,explore` reads it into its report (scripts/gate.ts).
 */
export interface ExploreRunFile {
  node: string;
  finishedAt: string;
  stack: string[];
  faults: string[];
  seed: number;
  runs: number;
  maxSteps: number;
  sequences: number;
  steps: number;
  ms: number;
  coverage: { possible: number; reached: number; atLeast20: number; file: string };
  /** The shrunk failing sequence, with its replay file and the commands that reproduce it. */
  failure: ExplorationFailure | null;
}

export function exploreRunFile(node: string, root?: string): string {
  return path.join(exploreDir(root), `result-${node}.json`);
}

export function clearExploreRun(node: string): void {
  rmSync(exploreRunFile(node), { force: true });
}

export function writeExploreRun(run: ExploreRunFile): string {
  const file = exploreRunFile(run.node);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(run, null, 2)}\n`);
  return file;
}

/** The run file of `node` under `root`, or null when the exploration left none (did not run or did not finish). */
export function readExploreRun(node: string, root?: string): ExploreRunFile | null {
  const file = exploreRunFile(node, root);
  if (!existsSync(file)) return null;
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<ExploreRunFile>;
  if (parsed.node !== node || typeof parsed.sequences !== 'number' || !('failure' in parsed))
    throw new Error(`${file} is not an exploration result (needs node, sequences, failure)`);
  return parsed as ExploreRunFile;
}

export function reproduceCommands(
  file: string,
  node: string,
  f: ExploreFailure,
  maxSteps: number,
  apps: string[],
  faults: string[] = [],
): string[] {
  const project = node === 'sim' ? '' : ` --project ${node}`;
  const stack = ` --apps ${apps.join(',')}`;
  const on = faults.length > 0 ? ` --faults ${faults.join(',')}` : '';
  return [
    `npm run explore --${project} --replay ${path.relative(process.cwd(), file)}`,
    `npm run explore --${project} --seed ${f.seed} --path ${f.path}${f.replayPath ? ` --replay-path ${f.replayPath}` : ''} --weights ${f.weights.join(',')} --steps ${maxSteps}${stack}${on}`,
  ];
}

export function writeReplay(
  node: string,
  data: Omit<ReplayFile, 'reproduce' | 'createdAt' | 'node'>,
  apps: string[],
): { file: string; replay: ReplayFile } {
  const dir = exploreDir();
  mkdirSync(dir, { recursive: true });
  const createdAt = new Date().toISOString();
  const file = path.join(dir, `${node}-${createdAt.replace(/[:.]/g, '-')}.json`);
  const replay: ReplayFile = {
    node,
    createdAt,
    ...data,
    reproduce: reproduceCommands(file, node, data.failure, data.maxSteps, apps, data.faults),
  };
  writeFileSync(file, `${JSON.stringify(replay, null, 2)}\n`);
  return { file, replay };
}

function isAction(v: unknown): v is Action {
  if (typeof v !== 'object' || v === null) return false;
  const a = v as { kind?: unknown; app?: unknown };
  if ((APP_ACTIONS as readonly unknown[]).includes(a.kind)) return typeof a.app === 'string';
  return (NODE_ACTIONS as readonly unknown[]).includes(a.kind);
}

export function readReplay(file: string): ReplayFile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`ARCHY_EXPLORE_REPLAY=${file}: cannot read the replay file (${(error as Error).message})`);
  }
  const r = parsed as Partial<ReplayFile>;
  if (
    !r.failure ||
    !Array.isArray(r.failure.actions) ||
    !r.failure.actions.every(isAction) ||
    !Array.isArray(r.stack)
  ) {
    throw new Error(
      `ARCHY_EXPLORE_REPLAY=${file}: not a replay file (expected {stack, faults, failure: {actions: [{kind, app?}]}})`,
    );
  }
  return r as ReplayFile;
}
