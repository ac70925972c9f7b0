/**
 * Is a container engine usable here? podman (Debian's, with runc and /etc/containers/containers.conf
 * as in .ci/run) and mmdebstrap to build the node's root filesystem (scripts/build-node-image.sh).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export type Engine = { ok: true } | { ok: false; reason: string };

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
      reason: `no container engine: podman is not installed (${(error as Error).message.split('\n')[0]}); apt-get install podman runc mmdebstrap (see .ci/run)`,
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
  return { ok: true };
}
