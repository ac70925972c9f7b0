/** For tests/diagnostics.test.ts: one planted L1 failure on the sim, and one L1 pass (no diagnostics). */
import { apiTest as test, appTag, cellTag, expect, layer } from '../../fixtures';

test(
  'planted: filebrowser is in a state no node has',
  { tag: [layer(1), appTag('filebrowser'), cellTag('state')] },
  async ({ rpc }) => {
    const entry = await rpc.packageEntry('filebrowser');
    expect(entry?.state, 'planted failure').toBe('no-such-state');
  },
);

test('a passing L1 test gets no diagnostics', { tag: [layer(1)] }, async ({ rpc }) => {
  expect(await rpc.health()).toBeDefined();
});
