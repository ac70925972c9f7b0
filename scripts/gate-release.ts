/**
 * The release verdict over several nodes' gate results (the nightly workflow's merging job; `npm
 * run gate` with several --project computes the same itself):
 *
 *   npx tsx scripts/gate-release.ts [--required 20] [--require-all-cells] [<dir or gate JSON>...]
 *
 * Reads every `<node>.json` gate result under the given directories (default reports/gate/; an
 * artifact folder per node works too: each is searched for gate/<node>.json), writes
 * reports/release/release.{json,md} and exits 0 pass · 1 fail · 2 inconclusive.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_REPEAT_EACH, GATE_EXIT } from '../reporters/gate-args';
import { GATE_DIR, readGateResult } from '../reporters/gate-files';
import type { GateResult } from '../reporters/gate-model';
import { DEFAULT_GATE_LAYERS } from '../reporters/gate-layers';
import { requiredCells } from '../reporters/cell-layers';
import { failingNodes, releaseVerdict, writeRelease } from '../reporters/gate-release';

/** Gate results under `path`: a gate JSON itself, or any `gate/<node>.json` below a directory. */
function findResults(path: string): string[] {
  if (!existsSync(path)) throw new Error(`${path} does not exist`);
  if (statSync(path).isFile()) return [path];
  const out: string[] = [];
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    const full = join(path, entry.name);
    if (entry.isDirectory()) out.push(...findResults(full));
    else if (entry.name.endsWith('.json') && path.split(/[\\/]/).pop() === 'gate') out.push(full);
  }
  return out;
}

function main(argv: string[]): number {
  const { values, positionals: paths } = parseArgs({
    args: argv,
    options: { required: { type: 'string' }, 'require-all-cells': { type: 'boolean' } },
    allowPositionals: true,
  });
  const required = values.required === undefined ? DEFAULT_REPEAT_EACH : Number(values.required);
  const requireAll = values['require-all-cells'] ?? false;
  if (!Number.isInteger(required) || required < 1) throw new Error('--required must be a positive integer');
  const files = (paths.length ? paths : [GATE_DIR]).flatMap(findResults);
  const byNode = new Map<string, GateResult>();
  for (const file of files) {
    const r = readGateResult(file);
    const had = byNode.get(r.node);
    if (!had || had.generatedAt < r.generatedAt) byNode.set(r.node, r);
  }
  const results = [...byNode.values()].sort((a, b) => a.node.localeCompare(b.node));
  const release = releaseVerdict(results, {
    required,
    requiredCells: requireAll ? requiredCells(DEFAULT_GATE_LAYERS) : undefined,
  });
  const out = writeRelease('.', release);
  const named = failingNodes(release);
  console.log(
    `release: ${release.verdict.toUpperCase()} over ${results.map((r) => r.node).join(', ') || 'no node'}${named.length ? ` · failing on ${named.join(', ')}` : ''} · ${out.md}`,
  );
  for (const reason of release.reasons.slice(0, 30)) console.log(`  - ${reason}`);
  return GATE_EXIT[release.verdict];
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  console.error(`release: ${(error as Error).message}`);
  process.exitCode = GATE_EXIT.fail;
}
