/**
 * The sim picks its ports below the kernel's ephemeral range, so a surface that closes and opens
 * again (app stopped, then started) never finds its port taken by an outgoing connection.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pickablePortRange } from '../host';
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
});
