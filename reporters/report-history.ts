/**
 * Keeps `npm run report` from adding the same run to the Allure history twice: the history file
 * (reports/allure-history.jsonl) gets one entry per distinct set of results. The set is identified
 * by the names of its result files (allure-playwright gives every result a fresh uuid).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function resultsSignature(dirs: readonly string[]): string {
  const hash = createHash('sha256');
  for (const dir of [...dirs].sort()) {
    hash.update(`${dir}\n`);
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir)
      .filter((f) => f.endsWith('-result.json'))
      .sort())
      hash.update(`${f}\n`);
  }
  return hash.digest('hex');
}

/** True when these results were not yet added to the history; records them as added. */
export function claimHistoryEntry(stateFile: string, signature: string): boolean {
  const previous = existsSync(stateFile) ? readFileSync(stateFile, 'utf8').trim() : '';
  if (previous === signature) return false;
  writeFileSync(stateFile, `${signature}\n`);
  return true;
}

export function nodeResultDirs(resultsRoot: string): string[] {
  if (!existsSync(resultsRoot)) return [];
  return readdirSync(resultsRoot, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => join(resultsRoot, d.name))
    .filter((dir) => readdirSync(dir).some((f) => f.endsWith('-result.json')))
    .sort();
}
