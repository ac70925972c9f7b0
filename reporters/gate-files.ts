/** Where gate results live and how they are written/read: `reports/gate/<node>.{json,md}`. */
import { mkdirSync, readFileSync, readdirSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GateResult } from './gate-model';
import { renderGateMarkdown } from './gate-markdown';

export const REPORTS_DIR = 'reports';
export const GATE_DIR = join(REPORTS_DIR, 'gate');
/** Pass-rate results of runs that are not gate runs (a developer's focused run), same shape. */
export const PASS_RATE_DIR = join(REPORTS_DIR, 'pass-rate');

export function allureResultsDir(node: string, root = '.'): string {
  return join(root, REPORTS_DIR, 'allure-results', node);
}

export function nodeEnvFile(node: string, root = '.'): string {
  return join(root, REPORTS_DIR, 'env', `${node}.json`);
}

export function writeGateResult(dir: string, result: GateResult): { json: string; md: string } {
  mkdirSync(dir, { recursive: true });
  const json = join(dir, `${result.node}.json`);
  const md = join(dir, `${result.node}.md`);
  writeFileSync(json, `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(md, renderGateMarkdown(result));
  return { json, md };
}

export function readGateResult(file: string): GateResult {
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as GateResult;
  if (typeof parsed.node !== 'string' || typeof parsed.iterations !== 'number' || typeof parsed.cells !== 'object') {
    throw new Error(`${file} is not a gate result (needs node, iterations, cells)`);
  }
  return parsed;
}

/** Every `<node>.json` in a gate directory, sorted by node name. */
export function readGateResults(dir: string): GateResult[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => readGateResult(join(dir, f)));
}
