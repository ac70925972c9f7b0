/**
 * A private reference node for one spec file, started with flags the shared sim does not have
 * (e.g. `--session-ttl 3` for the session-expiry journey). Loopback only, fresh temp data dir,
 * stopped by the caller (`stop()`), killed by its pid only.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseSimReady, REPO_ROOT, type SimReady } from '../../config/env';

export interface PrivateSim {
  ready: SimReady;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 30_000;

export async function startPrivateSim(flags: string[], password: string): Promise<PrivateSim> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'archy-e2e-private-sim-'));
  const args = ['--import', 'tsx', path.join(REPO_ROOT, 'sim', 'main.ts'), '--fresh', '--quiet', '--data-dir', dataDir, ...flags];
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    env: { ...process.env, SIM_PASSWORD: password },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  const ready = await new Promise<SimReady>((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(() => reject(new Error(`private sim printed no SIM_READY line within ${READY_TIMEOUT_MS} ms; stderr: ${stderr}`)), READY_TIMEOUT_MS);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`private sim exited (code ${code}) before SIM_READY; stderr: ${stderr}`));
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const line = buffer.split('\n').find((l) => l.startsWith('SIM_READY '));
      if (!line) return;
      clearTimeout(timer);
      try {
        resolve(parseSimReady(line.slice('SIM_READY '.length), 'private sim'));
      } catch (error) {
        reject(error as Error);
      }
    });
  }).catch((error: Error) => {
    child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  });
  child.stdout?.resume();
  return {
    ready,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
