/** Free loopback ports for the node container's published ports: below the ephemeral range, as the sim's. */
import { readFileSync } from 'node:fs';
import net from 'node:net';

function free(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen({ host: '127.0.0.1', port, exclusive: true }, () => s.close(() => resolve(true)));
  });
}

function pickableRange(): { from: number; to: number } {
  let low = 32768;
  try {
    low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]) || low;
  } catch {
    // not Linux: the usual range
  }
  const from = Math.min(20000, Math.max(1024, low - 8192));
  return { from, to: Math.max(from + 64, low) };
}

/** A free block of `count` consecutive ports. */
export async function freePortBlock(count: number, taken: Set<number> = new Set()): Promise<number> {
  const { from, to } = pickableRange();
  for (let attempt = 0; attempt < 100; attempt++) {
    const base = from + count * Math.floor((Math.random() * (to - from - count)) / count);
    let ok = true;
    for (let p = base; p < base + count && ok; p++) ok = !taken.has(p) && (await free(p));
    if (ok) {
      for (let p = base; p < base + count; p++) taken.add(p);
      return base;
    }
  }
  throw new Error(`no free block of ${count} loopback ports in ${from}-${to - 1}`);
}
