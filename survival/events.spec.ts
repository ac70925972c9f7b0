/**
 * L3 lifecycle survival, generated from config/apps.ts: for every app, the `daemon-restart`
 * (archipelago restart survives) and `reboot` (reboot survives) cells. Each test brings its app to
 * running, suffers the event through the node's control channel, then checks the app from the
 * outside again: state, containers, its UI and its own API.
 *
 * An archipelago restart must not touch running apps (Quadlet-managed containers keep running), so
 * the app must be `running` as soon as the daemon answers again; a reboot brings apps back from disk,
 * so the app gets its install budget to be running again.
 */
import { APPS, type AppEntry } from '../config/apps';
import { appliesTo } from '../lib/catalogue-specs';
import { waitForAppState } from '../lib/waiters';
import { expect, test } from '../api-specs/support/app-test';
import { label, type CellDeps } from '../api-specs/support/cell-deps';
import { APPS_LOCK } from '../api-specs/support/locks';
import { checkPresent, checkRpc, checkUi } from '../api-specs/support/read-only-cells';
import { EVENT_TITLES, sufferEvent, type NodeEvent } from './support/node-events';

const TRANSITIONAL = ['installing', 'starting', 'stopping', 'restarting', 'removing'];

/** The companions that serve an app's UI (e.g. archy-bitcoin-ui for bitcoin-knots): they must survive too. */
function uiCompanions(app: AppEntry): AppEntry[] {
  const backendKey = app.id.startsWith('bitcoin-') ? 'bitcoin' : app.id;
  return APPS.filter((c) => c.kind === 'companion' && c.companionOf === backendKey && c.ui && app.ui && (c.ui.proxyPath ?? c.ui.directPort?.name) === (app.ui.proxyPath ?? app.ui.directPort?.name));
}
const EVENTS: NodeEvent[] = ['daemon-restart', 'reboot'];

/** Runs a read-only cell check, saying the failure was seen after the event (and in which cell). */
async function after(deps: CellDeps, app: AppEntry, event: NodeEvent, what: string, check: () => Promise<void>): Promise<void> {
  await test.step(`after ${EVENT_TITLES[event]}: ${what}`, async () => {
    try {
      await check();
    } catch (error) {
      throw new Error(`${label(deps, app, event)}: after ${EVENT_TITLES[event]}, ${what} failed: ${(error as Error).message}`);
    }
  });
}

for (const app of APPS) {
  test.describe(`${app.id} survives`, { lock: APPS_LOCK }, () => {
    for (const event of EVENTS.filter((e) => appliesTo(app, e))) {
      const tags = ['@L3', `@app:${app.id}`, `@cell:${event}`, '@destructive'];
      test(`${app.id} ${event}: still running and reachable after ${EVENT_TITLES[event]}`, { tag: tags }, async ({ rpc, nodeConfig, control, probeContext, ensureRunning }, testInfo) => {
        test.skip(!control, `${app.id}/${event} on ${nodeConfig.name}: needs the node's control channel (SSH control of real nodes is not configured)`);
        const companions = uiCompanions(app);
        for (const one of [app, ...companions]) await ensureRunning(one, event);
        await sufferEvent(control!, rpc, nodeConfig, event);

        for (const one of [app, ...companions]) {
          const entry = await waitForAppState(rpc, one.id, (e) => e === undefined || !TRANSITIONAL.includes(e.state), {
            budget: event === 'reboot' ? 'install' : 'action',
            cell: event,
            message: `settling after ${EVENT_TITLES[event]}`,
          });
          const where = label({ rpc, node: nodeConfig, probeContext, testInfo }, app, event);
          expect(entry?.state ?? 'absent', `${where}: state of ${one.id} after ${EVENT_TITLES[event]}`).toBe('running');
          if (event === 'reboot') {
            await waitForAppState(rpc, one.id, 'running-healthy', { budget: 'install', cell: event, message: 'healthy again after the reboot' });
          }
        }

        const deps: CellDeps = { rpc, node: nodeConfig, probeContext, testInfo };
        await after(deps, app, event, 'its containers', () => checkPresent(deps, app));
        if (appliesTo(app, 'ui')) await after(deps, app, event, 'its UI', () => checkUi(deps, app));
        if (appliesTo(app, 'rpc')) await after(deps, app, event, 'its own API', () => checkRpc(deps, app));
      });
    }
  });
}
