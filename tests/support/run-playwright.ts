/** Run `playwright test` as a child process against an already running sim, in its own output root. */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../config/env';

export interface PlaywrightRun {
  code: number | null;
  output: string;
}

export function runPlaywright(
  args: string[],
  env: Record<string, string>,
  timeoutMs = 300_000,
): Promise<PlaywrightRun> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['playwright', 'test', ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, FORCE_COLOR: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(
        new Error(`playwright test ${args.join(' ')} did not finish within ${timeoutMs} ms:\n${output.slice(-2000)}`),
      );
    }, timeoutMs);
    // 'close', not 'exit': the child may exit before its last output has been read from the pipes.
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** "  3 passed (12s)" → 3 */
export function summaryCount(output: string, what: 'passed' | 'failed' | 'skipped' | 'flaky'): number {
  const match = new RegExp(`^\\s+(\\d+) ${what}\\b`, 'm').exec(output);
  return match ? Number(match[1]) : 0;
}

/**
 * How many tests a run against a sim passes with `specs` passing specs: every preflight of
 * setup/node.setup.ts but SSH control (a sim has none; it is skipped), read from the file so that a
 * new preflight needs no edit of the tests' counts, plus the teardown.
 */
export function simRunPassed(specs: number): number {
  const setup = readFileSync(path.join(REPO_ROOT, 'setup', 'node.setup.ts'), 'utf8');
  return (setup.match(/^test\('preflight: (?!SSH control)/gm) ?? []).length + specs + 1;
}
