/**
 * The surfaces agree with sim/CONTRACT.md: the direct-port table (names, offsets, real ports) and
 * the proxy paths it lists.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DIRECT_PORTS } from '../../apps';
import { PROXY_APPS } from '../proxy-apps';

const contract = readFileSync(path.join(__dirname, '..', '..', 'CONTRACT.md'), 'utf8');

test("every direct port of CONTRACT.md has the default variant's offset and real port here, and no other exists", () => {
  const rows = [...contract.matchAll(/^\| `([a-z-]+)` \| (\d+) \| (\d+) \|/gm)].map((m) => ({
    name: m[1],
    offset: Number(m[2]),
    real: Number(m[3]),
  }));
  assert.ok(rows.length >= 4, 'the table was found');
  assert.deepEqual(
    Object.fromEntries(rows.map((r) => [r.name, { offset: r.offset, real: r.real }])),
    Object.fromEntries(Object.entries(DIRECT_PORTS).map(([name, p]) => [name, { offset: p.offset, real: p.real }])),
  );
});

test('every proxy path CONTRACT.md names is served', () => {
  const section = contract.split('## Path proxies')[1]?.split('\n## ')[0] ?? '';
  const paths = [...section.matchAll(/`\/app\/([a-z-]+)\/`/g)].map((m) => m[1]);
  assert.ok(paths.length >= 6, 'the section was found');
  const served = new Set(PROXY_APPS.map((a) => a.path));
  for (const p of paths) assert.ok(served.has(p), `/app/${p}/ is served`);
});
