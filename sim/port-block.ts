/**
 * Where a sim's ports come from when none are given (--port 0, --port-base 0): below the kernel's
 * ephemeral range, and reserved across every sim on this machine. An app's port is closed while the
 * app is stopped; without a reservation another sim started meanwhile may pick that port (it looks
 * free), and the first sim's app then comes back to a port someone else answers on. A reservation is
 * a lock file per block (`<tmpdir>/archy-sim-ports/<base>.lock`, holding the owner's pid): released
 * when the sim stops or its process exits, and taken over when its owner is dead (a sim killed -9).
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const BLOCK_SIZE = 16;

/**
 * Where the sim may pick its ports: below the kernel's ephemeral range. A port in that range is
 * taken by some outgoing connection's local end now and then, so a surface that closes (app
 * stopped) and opens again (app started) would fail with EADDRINUSE. A real node's ports are
 * fixed and outside that range too.
 */
export function pickablePortRange(rangeFile = '/proc/sys/net/ipv4/ip_local_port_range'): { from: number; to: number } {
  let ephemeralLow = 32768;
  try {
    const low = Number(readFileSync(rangeFile, 'utf8').trim().split(/\s+/)[0]);
    if (Number.isInteger(low) && low > 0) ephemeralLow = low;
  } catch {
    // not Linux, or not readable: assume the usual range
  }
  const from = Math.min(20000, Math.max(1024, ephemeralLow - 8192));
  return { from, to: Math.max(from + 16, ephemeralLow) };
}

function portFree(host: string, port: number): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen({ host, port, exclusive: true }, () => s.close(() => resolve(true)));
  });
}

async function portsFree(host: string, base: number, count: number): Promise<boolean> {
  for (let p = base; p < base + count; p++) if (!(await portFree(host, p))) return false;
  return true;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface PortBlock {
  base: number;
  release(): void;
}

export class PortReservations {
  private readonly mine = new Map<number, string>();

  constructor(
    readonly dir = path.join(tmpdir(), 'archy-sim-ports'),
    private readonly range = pickablePortRange(),
  ) {
    process.once('exit', () => {
      for (const base of [...this.mine.keys()]) this.release(base);
    });
  }

  private file(base: number): string {
    return path.join(this.dir, `${base}.lock`);
  }

  /** The block a port belongs to (blocks are aligned on the range's start). */
  blockOf(port: number): number {
    return this.range.from + BLOCK_SIZE * Math.floor((port - this.range.from) / BLOCK_SIZE);
  }

  /** Held by a live owner (this process's other sims included). */
  held(base: number): boolean {
    try {
      const pid = Number(readFileSync(this.file(base), 'utf8').split(':')[0]);
      return Number.isInteger(pid) && pid > 0 && alive(pid);
    } catch {
      return false;
    }
  }

  /** Takes the block's lock, or false when a live owner holds it (a dead owner's lock is taken over). */
  tryReserve(base: number): boolean {
    mkdirSync(this.dir, { recursive: true });
    const token = `${process.pid}:${randomBytes(6).toString('hex')}`;
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        writeFileSync(this.file(base), token, { flag: 'wx' });
        this.mine.set(base, token);
        return true;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || this.held(base)) return false;
        try {
          unlinkSync(this.file(base)); // its owner is gone
        } catch {
          /* another sim took it over first */
        }
      }
    }
    return false;
  }

  release(base: number): void {
    const token = this.mine.get(base);
    if (token === undefined) return;
    this.mine.delete(base);
    try {
      if (readFileSync(this.file(base), 'utf8') === token) unlinkSync(this.file(base));
    } catch {
      /* already gone */
    }
  }

  /** A free, reserved block of BLOCK_SIZE ports. */
  async reserveBlock(host: string): Promise<PortBlock> {
    const blocks = Math.floor((this.range.to - this.range.from) / BLOCK_SIZE);
    for (let i = 0; i < 60; i++) {
      const base = this.range.from + BLOCK_SIZE * Math.floor(Math.random() * blocks);
      if (!this.tryReserve(base)) continue;
      if (await portsFree(host, base, BLOCK_SIZE)) return { base, release: () => this.release(base) };
      this.release(base);
    }
    throw new Error(
      `no free block of ${BLOCK_SIZE} ports found in ${this.range.from}-${this.range.to - 1} (below the ephemeral range) for --port-base 0`,
    );
  }

  /** One free port outside every block another sim holds (the main port: open for the sim's whole life). */
  async freePort(host: string): Promise<number> {
    for (let i = 0; i < 60; i++) {
      const port = this.range.from + Math.floor(Math.random() * (this.range.to - this.range.from));
      if (this.held(this.blockOf(port))) continue;
      if (await portFree(host, port)) return port;
    }
    throw new Error(
      `no free port found in ${this.range.from}-${this.range.to - 1} (below the ephemeral range) for --port 0`,
    );
  }
}

let shared: PortReservations | undefined;
/** This process's reservations (one set for every sim it starts). */
export function portReservations(): PortReservations {
  shared ??= new PortReservations();
  return shared;
}
