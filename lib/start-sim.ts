/**
 * The one launcher of the reference node (sim/main.ts) as a child process: the Playwright config's
 * global setup, journeys' private sims, tests/, the gate with faults and the benches all start it here.
 * It waits (bounded) for the SIM_READY line (sim/CONTRACT.md "Start-up"), parses it, and stops the
 * sim by its pid only. Loopback only; by default on free ports with a fresh temp data dir.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseSimReady, REPO_ROOT, type SimReady } from '../config/env';

export interface SimOptions {
  /** The dashboard password (SIM_PASSWORD); default the sim's own default. */
  password?: string;
  tls?: boolean;
  /** Default 0.05 (the sim's clock runs 20× faster). */
  timeScale?: number;
  faults?: string[];
  /** More sim/main.ts flags, e.g. ['--session-ttl', '3']. */
  flags?: string[];
  /** Default: a fresh temp dir, removed by stop(). */
  dataDir?: string;
  /** 'free' (default): --port 0 --port-base 0, so sims never collide; 'default': the sim's fixed ports. */
  ports?: 'free' | 'default';
  /** The sim's stderr: 'pipe' (default; its tail goes into a start-up error) or 'inherit'. */
  stderr?: 'pipe' | 'inherit';
  /** How long to wait for SIM_READY (default 30 s). */
  readyTimeoutMs?: number;
  /** Who started it, for messages (e.g. 'private sim'). */
  label?: string;
}

export interface StartedSim {
  ready: SimReady;
  /** The SIM_READY JSON, as ARCHY_SIM_READY for a Playwright run. */
  readyJson: string;
  pid: number;
  /** Spawn → SIM_READY, ms. */
  startMs: number;
  stop(): Promise<void>;
}

const READY = 'SIM_READY ';

export function simArgs(options: SimOptions, dataDir: string): string[] {
  const args = [
    path.join(REPO_ROOT, 'sim', 'main.ts'),
    '--quiet',
    '--fresh',
    '--data-dir',
    dataDir,
    '--time-scale',
    String(options.timeScale ?? 0.05),
  ];
  if ((options.ports ?? 'free') === 'free') args.push('--port', '0', '--port-base', '0');
  if (options.tls) args.push('--tls');
  for (const fault of options.faults ?? []) args.push('--fault', fault);
  return [...args, ...(options.flags ?? [])];
}

export async function startSim(options: SimOptions = {}): Promise<StartedSim> {
  const label = options.label ?? 'sim';
  const ownDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), 'archy-e2e-sim-'));
  const timeoutMs = options.readyTimeoutMs ?? 30_000;
  const started = performance.now();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', ...simArgs(options, dataDir)], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      SIM_EXIT_WITH_PARENT: '1', // the sim stops by itself when this process dies without stopping it
      ...(options.password ? { SIM_PASSWORD: options.password } : {}),
    },
    stdio: ['ignore', 'pipe', options.stderr ?? 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  const cleanup = () => {
    if (ownDir) rmSync(dataDir, { recursive: true, force: true });
  };
  const readyJson = await new Promise<string>((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(
      () => reject(new Error(`${label} printed no SIM_READY line within ${timeoutMs} ms; stderr: ${stderr}`)),
      timeoutMs,
    );
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${label} exited (code ${code}) before SIM_READY; stderr: ${stderr}`));
    });
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const line = buffer
        .split('\n')
        .slice(0, -1)
        .find((l) => l.startsWith(READY)); // complete lines only
      if (!line) return;
      clearTimeout(timer);
      resolve(line.slice(READY.length).trim());
    });
  }).catch((error: Error) => {
    child.kill('SIGKILL');
    cleanup();
    throw error;
  });
  child.stdout!.removeAllListeners('data');
  child.stdout!.resume();
  const ready = parseSimReady(readyJson, label);
  return {
    ready,
    readyJson,
    pid: child.pid!,
    startMs: performance.now() - started,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGTERM');
        const kill = setTimeout(() => child.kill('SIGKILL'), 3000);
        await exited;
        clearTimeout(kill);
      }
      cleanup();
    },
  };
}
