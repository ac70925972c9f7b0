/**
 * The sim picks its ports below the kernel's ephemeral range, so a surface that closes and opens
 * again (app stopped, then started) never finds its port taken by an outgoing connection.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pickablePortRange, PortReservations, BLOCK_SIZE } from '../port-block';
import { startSim } from './helpers';

function rangeFile(text: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'archy-ports-')), 'ip_local_port_range');
  writeFileSync(file, text);
  return file;
}

describe('ports', () => {
  it('the pickable range ends where the ephemeral range begins', () => {
    assert.deepEqual(pickablePortRange(rangeFile('32768\t60999\n')), { from: 20000, to: 32768 });
    assert.deepEqual(pickablePortRange(rangeFile('15000 60999')), { from: 6808, to: 15000 });
    assert.deepEqual(pickablePortRange(path.join(tmpdir(), 'no-such-range-file')), { from: 20000, to: 32768 });
  });

  it('a sim started with --port 0 --port-base 0 listens below the ephemeral range', async () => {
    const { to } = pickablePortRange();
    const t = await startSim({ port: 0, portBase: 0 });
    try {
      const ports = [Number(new URL(t.ready.baseUrl).port), ...Object.values(t.ready.ports)];
      for (const port of ports) assert.ok(port > 0 && port < to, `port ${port} below ${to}`);
    } finally {
      await t.stop();
    }
  });

  it("sims on one machine never share a block: a held block is skipped, a dead owner's is taken over", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'archy-port-locks-'));
    const range = { from: 20000, to: 20000 + 4 * BLOCK_SIZE }; // four blocks
    const a = new PortReservations(dir, range);
    const b = new PortReservations(dir, range);
    const taken = [];
    for (let i = 0; i < 4; i++) taken.push((await (i % 2 ? b : a).reserveBlock('127.0.0.1')).base);
    assert.equal(new Set(taken).size, 4, `four sims, four blocks: ${taken.join(', ')}`);
    await assert.rejects(() => a.reserveBlock('127.0.0.1'), /no free block of 16 ports/);
    // a main port is never picked inside a held block
    await assert.rejects(() => b.freePort('127.0.0.1'), /no free port/);
    a.release(taken[0]!);
    assert.equal(a.held(taken[0]!), false);
    assert.equal(b.blockOf(await b.freePort('127.0.0.1')), taken[0]);
    // a sim killed -9 leaves its lock behind: a pid that is not alive any more is taken over
    writeFileSync(path.join(dir, `${taken[0]}.lock`), '999999999:dead');
    assert.equal(b.held(taken[0]!), false);
    assert.equal((await b.reserveBlock('127.0.0.1')).base, taken[0]);
  });
});
