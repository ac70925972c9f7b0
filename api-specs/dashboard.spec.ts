/**
 * L2: the dashboard URL a user opens first answers with the SPA and its bundle.
 * (Not a matrix cell: the app cells' `ui` are generated in apps.spec.ts.)
 */
import { apiTest as test, attachJson, expect, layer } from '../fixtures';
import { checkDashboard } from '../lib/cells/dashboard-cell';
import { DASHBOARD_LOCK } from '../lib/cells/locks';

test(
  'dashboard / answers 200 with the SPA and every asset it loads',
  // It changes nothing; its lock only keeps it from meeting a daemon restart or reboot (lib/cells/locks.ts).
  { tag: [layer(2)], lock: [DASHBOARD_LOCK] },
  async ({ nodeHttp, nodeConfig, nodeProfile }, testInfo) => {
    const result = await checkDashboard(nodeConfig, nodeProfile, nodeHttp, testInfo, nodeConfig.isSim ? 5_000 : 15_000);
    await attachJson(testInfo, 'probe dashboard', result);
    expect(result.checks.length, `[node ${nodeConfig.name}] dashboard/ui: checks made`).toBeGreaterThan(0);
  },
);
