/**
 * Is a container engine usable here? podman (Debian's, with runc and /etc/containers/containers.conf
 * as in DEVELOPERS.md / .ci/run) and its Docker-compatible socket for testcontainers. Starts
 * `podman system service` on the socket when nothing answers there (it exits by itself when idle).
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import http from 'node:http';
import { promisify } from 'node:util';
import { containerEngineEnv } from '../../config/env';

const run = promisify(execFile);
export const PODMAN_SOCKET = '/run/podman/podman.sock';

export type Engine = { ok: true; dockerHost: string } | { ok: false; reason: string };

function pings(socket: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get({ socketPath: socket, path: '/_ping', timeout: 2_000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => {
      req.destroy();
      resolve(false);
    });
  });
}

let cached: Promise<Engine> | undefined;

/** The engine, or why there is none (the reason tests skip with). */
export function containerEngine(): Promise<Engine> {
  cached ??= detect();
  return cached;
}

async function detect(): Promise<Engine> {
  try {
    await run('podman', ['--version'], { timeout: 10_000 });
  } catch (error) {
    return {
      ok: false,
      reason: `no container engine: podman is not installed (${(error as Error).message.split('\n')[0]}); apt-get install podman runc (see .ci/run)`,
    };
  }
  if (!(await pings(PODMAN_SOCKET))) {
    try {
      mkdirSync(path.dirname(PODMAN_SOCKET), { recursive: true });
    } catch (error) {
      return {
        ok: false,
        reason: `no container engine: cannot create ${path.dirname(PODMAN_SOCKET)} for podman's socket (${(error as NodeJS.ErrnoException).code}); run as root or set DOCKER_HOST`,
      };
    }
    const child = spawn('podman', ['system', 'service', '--time=300', `unix://${PODMAN_SOCKET}`], {
      detached: true,
      stdio: 'ignore',
    });
    child.unref();
    for (let i = 0; i < 50 && !(await pings(PODMAN_SOCKET)); i++) await new Promise((r) => setTimeout(r, 200));
    if (!(await pings(PODMAN_SOCKET)))
      return {
        ok: false,
        reason: `no container engine: podman's socket ${PODMAN_SOCKET} does not answer (podman system service failed${existsSync(PODMAN_SOCKET) ? '' : '; the socket was not created — running as root?'})`,
      };
  }
  try {
    await run('podman', ['info', '--format', '{{.Host.OCIRuntime.Name}}'], { timeout: 30_000 });
  } catch (error) {
    return {
      ok: false,
      reason: `no container engine: podman info failed: ${(error as Error).message.split('\n').slice(0, 2).join(' ')}`,
    };
  }
  return { ok: true, ...containerEngineEnv(PODMAN_SOCKET) };
}
