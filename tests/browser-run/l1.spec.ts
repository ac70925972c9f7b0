/** An L1 spec for tests/browser.test.ts: it must run and pass without a browser. */
import { apiTest as test, expect, layer } from '../../fixtures';

test('the node answers server.get-state without a browser', { tag: [layer(1)] }, async ({ rpc }) => {
  const state = await rpc.getState();
  expect(Object.keys(state.data['package-data']).length).toBeGreaterThan(0);
});
