/** Start the reference node (sim/main.ts) for a test and wait for its SIM_READY line. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseSimReady, REPO_ROOT, type SimReady } from '../../config/env';

export interface RunningSim {
  ready: SimReady;
  /** The SIM_READY JSON, as ARCHY_SIM_READY for a Playwright run. */
  readyJson: string;
  stop(): Promise<void>;
}

export interface SimOptions {
  password?: string;
  tls?: boolean;
  timeScale?: number;
  faults?: string[];
}

export async function startSim(options: SimOptions = {}): Promise<RunningSim> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'archy-test-sim-'));
  const args = ['--import', 'tsx', 'sim/main.ts', '--port', '0', '--port-base', '0', '--time-scale', String(options.timeScale ?? 0.05), '--quiet', '--fresh', '--data-dir', dataDir];
  if (options.tls) args.push('--tls');
  for (const fault of options.faults ?? []) args.push('--fault', fault);
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    env: { ...process.env, ...(options.password ? { SIM_PASSWORD: options.password } : {}) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const readyJson = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`sim did not print SIM_READY within 30 s; stderr: ${stderr.slice(-500)}`)), 30_000);
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString();
      const match = /SIM_READY (\{.*\})/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`sim exited with ${code} before SIM_READY; stderr: ${stderr.slice(-500)}`));
    });
  });
  return {
    ready: parseSimReady(readyJson, 'test sim'),
    readyJson,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const kill = setTimeout(() => child.kill('SIGKILL'), 3000);
        child.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}
