/**
 * The whole suite against the sim, timed: median wall time of several runs of
 * `playwright test --project=sim` (each in its own output root, so each starts its own sim).
 * Compare two checkouts on the same machine, one after the other:
 *
 *   npm run bench:suite [-- --runs 3]                       this checkout
 *   npm run bench:suite -- --runs 3 --repo /path/to/older   another checkout (its own node_modules)
 *   npm run bench:suite -- --grep-invert "@security|@L5|@L6"  the same scope as an older suite without those
 *
 * Prints one line per run (wall, passed/failed/skipped) and the median; exits 1 when a run failed.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { REPO_ROOT } from '../config/env';
import { median, positiveNumber, removeTree } from '../lib/cli';

const { values } = parseArgs({
  options: { runs: { type: 'string' }, repo: { type: 'string' }, 'grep-invert': { type: 'string' } },
});
const runs = positiveNumber(values.runs, 'runs', 3);
const repo = path.resolve(values.repo ?? REPO_ROOT);

interface Run {
  wallS: number;
  counts: Record<string, number>;
}

function count(output: string, what: string): number {
  return Number(new RegExp(`^\\s+(\\d+) ${what}\\b`, 'm').exec(output)?.[1] ?? 0);
}

function once(i: number): Promise<Run> {
  const root = mkdtempSync(path.join(tmpdir(), 'archy-bench-suite-'));
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [
        path.join(repo, 'node_modules/@playwright/test/cli.js'),
        'test',
        '--project=sim',
        '--reporter=line',
        ...(values['grep-invert'] ? ['--grep-invert', values['grep-invert']] : []),
      ],
      {
        cwd: repo,
        // ARCHY_OUTPUT_ROOT: this run's reports; ARCHY_SIM_READY empty: the config starts its own sim
        env: { ...process.env, FORCE_COLOR: '0', ARCHY_OUTPUT_ROOT: root, ARCHY_SIM_READY: '', CI: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.once('exit', () => {
      const wallS = (Date.now() - started) / 1000;
      const counts = Object.fromEntries(
        ['passed', 'failed', 'flaky', 'skipped'].map((w) => [w, count(output, w)] as const),
      );
      console.log(
        `run ${i + 1}/${runs}: ${wallS.toFixed(0)} s · ${counts.passed} passed, ${counts.failed} failed, ${counts.flaky} flaky, ${counts.skipped} skipped`,
      );
      if (counts.failed)
        console.log(
          output
            .split('\n')
            .filter((l) => /✘|\s\d+\) /.test(l))
            .slice(0, 10)
            .join('\n'),
        );
      removeTree(root);
      resolve({ wallS, counts });
    });
  });
}

async function main(): Promise<void> {
  const head =
    spawnSync('git', ['-C', repo, 'log', '-1', '--format=%h %s'], { encoding: 'utf8' }).stdout.trim() ||
    'not a git checkout';
  const scope = values['grep-invert'] ? ` --grep-invert "${values['grep-invert']}"` : '';
  console.log(`bench:suite: ${runs} runs of playwright test --project=sim${scope} in ${repo} (${head})`);
  const results: Run[] = [];
  for (let i = 0; i < runs; i++) results.push(await once(i));
  const walls = results.map((r) => r.wallS);
  console.log(
    `bench:suite: median ${median(walls).toFixed(0)} s (runs ${walls.map((w) => w.toFixed(0)).join(', ')} s) in ${repo}`,
  );
  process.exitCode = results.some((r) => r.counts.failed > 0) ? 1 : 0;
}

void main();
