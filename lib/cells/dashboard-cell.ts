/**
 * L2 dashboard: the probe's evidence checks (lib/probes/dashboard-probe.ts), then its guesses — how the
 * page loads its script and what its <title> says — against the node's profile.
 */
import type { TestInfo } from '@playwright/test';
import type { NodeHttp } from '../http/client';
import type { NodeConfig } from '../../config/nodes';
import type { NodeProfile } from '../../config/profiles';
import { guessedCheck } from '../guesses/guessed-check';
import { DashboardProbeError, probeDashboard, type DashboardProbeResult } from '../probes/dashboard-probe';

export async function checkDashboard(
  node: NodeConfig,
  profile: NodeProfile | null,
  http: NodeHttp,
  testInfo: TestInfo,
  timeoutMs: number,
): Promise<DashboardProbeResult> {
  const result = await probeDashboard(node, http, timeoutMs);
  const again = () => probeDashboard(node, http, timeoutMs);
  await guessedCheck(
    testInfo,
    profile,
    'dashboard-script',
    async (seen) => {
      if (result.script !== seen)
        throw new DashboardProbeError(node.name, `/ loads its script ${result.script}, the profile says ${seen}`);
    },
    async () => (await again()).script,
  );
  await guessedCheck(
    testInfo,
    profile,
    'dashboard-title',
    async (seen) => {
      if (result.title !== seen)
        throw new DashboardProbeError(node.name, `/ has title "${result.title}", the profile says "${seen}"`);
    },
    async () => (await again()).title,
  );
  return result;
}
