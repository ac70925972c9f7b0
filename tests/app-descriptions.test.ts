/**
 * The suite's catalogue (config/apps.ts) and the sim's app descriptions (sim/apps.ts) are written
 * independently: the sim is the node under test and never reads the suite's catalogue. Here they are
 * held against each other where the evidence fixes a fact: the same apps, kinds and companions, the
 * same proxy paths, direct ports and their real numbers, and the same conflicts.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { APPS } from '../config/apps';
import { DIRECT_PORTS, proxyPathOf, SIM_APPS, simApp, type SimApp } from '../sim/apps';

const sim = (id: string): SimApp => {
  const app = simApp(id);
  assert.ok(app, `sim/apps.ts describes ${id}`);
  return app;
};

describe('the suite catalogue and the sim descriptions agree', () => {
  test('the same apps: every suite app is in the sim; a sim-only app is a baseline app without a UI', () => {
    for (const a of APPS) sim(a.id);
    const suiteIds = new Set<string>(APPS.map((a) => a.id));
    for (const s of SIM_APPS.filter((s) => !suiteIds.has(s.id)))
      assert.ok(s.baseline && !s.ui, `${s.id} is only in the sim: it must be a baseline app without a UI`);
  });

  for (const a of APPS) {
    test(`${a.id}: kind, companion, conflicts, UI surface and direct ports`, () => {
      const s = sim(a.id);
      assert.equal(s.kind, a.kind);
      assert.equal(s.companionOf, a.companionOf);
      assert.deepEqual([...s.conflicts].sort(), [...a.conflicts].sort());
      if (a.ui?.proxyPath) {
        assert.equal(s.ui, 'proxy', `${a.id} opens through a proxy path in the sim`);
        assert.equal(proxyPathOf(s), a.ui.proxyPath);
      }
      if (a.ui?.directPort) {
        assert.deepEqual(s.ui, { directPort: a.ui.directPort.name });
        assert.equal(DIRECT_PORTS[a.ui.directPort.name as keyof typeof DIRECT_PORTS]?.real, a.ui.directPort.real);
      }
      if (!a.ui) assert.equal(s.ui, undefined, `${a.id} has no UI in the suite`);
      const simPorts = Object.fromEntries(s.publishes.flatMap((p) => (p.name ? [[p.name, p.real]] : [])));
      // a companion's UI port is its UI surface in the suite, not one of its other ports
      if (a.ui?.directPort && a.kind === 'companion') delete simPorts[a.ui.directPort.name];
      assert.deepEqual(simPorts, a.ports ?? {});
    });
  }
});
