/**
 * One surface of a fake node, started for a test file: `before` makes the node and its surfaces and
 * starts them, `after` stops them. The fields are set once `before` has run (read them in tests).
 */
import { after, before } from 'node:test';
import { createSurfaces } from '../index';
import type { Surfaces } from '../types';
import { fakeNode, type FakeNode } from './fake-context';

export interface StartedSurface {
  node: FakeNode;
  surfaces: Surfaces;
  /** The port of the surface under test. */
  port: number;
}

export function startedSurface(name: keyof Surfaces['ports']): StartedSurface {
  const started = {} as StartedSurface;
  before(async () => {
    started.node = await fakeNode();
    started.surfaces = createSurfaces(started.node);
    started.port = started.surfaces.ports[name];
    await started.surfaces.start();
  });
  after(() => started.surfaces?.stop());
  return started;
}
