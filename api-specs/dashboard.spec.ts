/**
 * L2: the dashboard URL a user opens first answers with the SPA and its bundle.
 * (Not a matrix cell: the app cells' `ui` are generated in apps.spec.ts.)
 */
import { apiTest as test, attachJson, expect, layer } from '../fixtures';
import { probeDashboard } from '../lib/probes';

test('dashboard / answers 200 with the SPA and every asset it loads', { tag: [layer(2)] }, async ({ request, nodeConfig }, testInfo) => {
  const result = await probeDashboard(nodeConfig, request, nodeConfig.isSim ? 5_000 : 15_000);
  await attachJson(testInfo, 'probe dashboard', result);
  expect(result.assets.length, `[node ${nodeConfig.name}] dashboard/ui: assets checked`).toBeGreaterThan(0);
});
