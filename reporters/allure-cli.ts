/**
 * Runs the Allure 3 CLI (npm `allure`) as a child process, with the Node 20 shim preloaded
 * (scripts/allure-node20.cjs). Output goes to this process's stdout/stderr.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

/** The project's own Allure CLI (not the cwd's: the gate and its tests run in other folders). */
export function allureCliPath(): string {
  return resolve(__dirname, '..', 'node_modules', 'allure', 'cli.js');
}

export function runAllure(args: string[], root: string = process.cwd(), env: Record<string, string> = {}): number {
  const shim = resolve(__dirname, '..', 'scripts', 'allure-node20.cjs');
  const result = spawnSync(process.execPath, ['--require', shim, allureCliPath(), ...args], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NO_COLOR: process.env.NO_COLOR ?? '1', ...env },
  });
  if (result.error) throw result.error;
  return result.status ?? 1;
}
