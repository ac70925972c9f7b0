/**
 * What happens to the apps that depend on a stopped app, as the reference node implements
 * archy's documented behaviour: a companion's UI stops answering with its page while its backend
 * is stopped (sim/CONTRACT.md "Path proxies"), and running apps that need a bitcoin node stop
 * claiming to be in sync with it (lib/probes/bitcoin-dependants.ts).
 */
import type { AppEntry } from '../../config/apps';
import { BITCOIN_NODES, companionsOf } from '../../config/catalogue';
import { packageEntries } from '../ensure-app';
import { probeSurfacesDown } from '../probes/surfaces-down';
import { expect } from '@playwright/test';
import { label, type CellDeps } from './cell-deps';
import { scaledBudget } from '../ensure-app';
import { BITCOIN_DEPENDANT_CHECKS } from '../probes/bitcoin-dependants';
import { appById } from '../../config/apps';

export async function checkDependantsAfterStop(deps: CellDeps, app: AppEntry): Promise<void> {
  const entries = await packageEntries(deps.rpc, deps.node.name);
  for (const companion of companionsOf(app)) {
    if (entries[companion.id] === undefined || !companion.ui) continue;
    await expect(async () => {
      await probeSurfacesDown(deps.probeContext(companion), 'stop');
    }, `${label(deps, app, 'stop')}: companion ${companion.id}'s UI stops serving while ${app.id} is stopped`).toPass({
      timeout: scaledBudget(deps.node, app.actionBudgetMs),
      intervals: [50, 100, 250, 500],
    });
  }
  if (!(BITCOIN_NODES as readonly string[]).includes(app.id)) return;
  for (const check of BITCOIN_DEPENDANT_CHECKS) {
    if (entries[check.appId]?.state !== 'running') continue;
    const ctx = deps.probeContext(appById(check.appId));
    await expect(async () => {
      const claim = await check.stillClaims(ctx);
      expect(claim, `${label(deps, app, 'stop')}: ${check.what} while ${app.id} is stopped`).toBeNull();
    }).toPass({ timeout: scaledBudget(deps.node, app.actionBudgetMs), intervals: [50, 100, 250, 500] });
  }
}
