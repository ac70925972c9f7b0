/**
 * The fixtures of api-specs/: the foundation's `test` plus
 *   probeContext(app)   what lib/probes need, on this node, through the test's request context
 *                       (the node's baseURL, cookies and ignoreHTTPSErrors)
 *   ensureRunning(app)  the app and what it needs installed and running (sim), or the test skipped
 *                       with the reason (a real node, read-only)
 */
import { test as base, expect } from '../../fixtures';
import type { AppEntry, CellId } from '../../config/apps';
import { ensureAppRunning } from '../../lib/ensure-app';
import { probeLabel, type ProbeContext } from '../../lib/probes';
import { bitcoinRpcAuthFor } from './bitcoin-rpc-auth';

/** One network exchange of a probe: loopback sim answers at once; a real node over the LAN gets more. */
const PROBE_TIMEOUT_MS = { sim: 5_000, real: 15_000 };

export interface AppSpecFixtures {
  probeContext: (app: AppEntry) => ProbeContext;
  ensureRunning: (app: AppEntry, cell: CellId) => Promise<void>;
}

export const test = base.extend<AppSpecFixtures>({
  probeContext: async ({ nodeConfig, request, rpc }, use) => {
    const auth = bitcoinRpcAuthFor(nodeConfig);
    await use((app) => ({
      node: nodeConfig,
      app,
      request,
      rpc,
      bitcoinRpcAuth: auth,
      timeoutMs: nodeConfig.isSim ? PROBE_TIMEOUT_MS.sim : PROBE_TIMEOUT_MS.real,
    }));
  },

  ensureRunning: async ({ nodeConfig, rpc }, use, testInfo) => {
    await use(async (app, cell) => {
      const where = probeLabel({ node: nodeConfig.name, app: app.id, cell });
      const outcome = await base.step(`precondition: ${app.id} running`, async () => {
        try {
          return await ensureAppRunning(rpc, nodeConfig, app.id);
        } catch (error) {
          throw new Error(`${where}: precondition failed: ${(error as Error).message}`);
        }
      });
      if (!outcome.ready) testInfo.skip(true, `${where}: ${outcome.reason}`);
      // What the precondition had to do shows in the report (an app found stopped is worth a look).
      else if (outcome.actions.length > 0) testInfo.annotations.push({ type: 'precondition', description: `${app.id}: ${outcome.actions.join('; ')}` });
    });
  },
});

export { expect };
