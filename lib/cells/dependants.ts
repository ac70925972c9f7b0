/**
 * What happens to the apps that depend on a stopped app. archy-surface is silent on both (guesses of
 * config/guesses.ts): whether a companion's UI stops serving its page while its backend is stopped
 * (companions-while-backend-stopped), and whether LND / mempool stop claiming to be in sync while the
 * bitcoin node is stopped (dependants-while-bitcoin-stopped; a real mempool keeps serving its cached
 * tip). Each is checked only as the node's profile saw it, and a node that does otherwise than its
 * profile says is reported "guess contradicted", not as an app failure (lib/guesses/guessed-check.ts).
 */
import { expect } from '@playwright/test';
import { appById, type AppEntry } from '../../config/apps';
import { BITCOIN_NODES, companionsOf } from '../../config/catalogue';
import { packageEntries, scaledBudget } from '../ensure-app';
import { guessedCheck } from '../guesses/guessed-check';
import { probeSurfacesDown } from '../probes/surfaces-down';
import { BITCOIN_DEPENDANT_CHECKS, UNSEEN } from '../probes/bitcoin-dependants';
import { label, type CellDeps } from './cell-deps';

const INTERVALS = [50, 100, 250, 500];

async function companionIsDown(deps: CellDeps, companion: AppEntry): Promise<boolean> {
  return probeSurfacesDown(deps.probeContext(companion), 'stop').then(
    () => true,
    () => false,
  );
}

export async function checkDependantsAfterStop(deps: CellDeps, app: AppEntry): Promise<void> {
  const entries = await packageEntries(deps.rpc, deps.node.name);
  const budget = scaledBudget(deps.node, app.actionBudgetMs);
  const companions = companionsOf(app).filter((c) => entries[c.id] !== undefined && c.ui);
  if (companions.length > 0) {
    await guessedCheck(
      deps.testInfo,
      deps.profile,
      'companions-while-backend-stopped',
      async (seen) => {
        if (seen !== 'down') return;
        for (const companion of companions) {
          await expect(
            async () => {
              await probeSurfacesDown(deps.probeContext(companion), 'stop');
            },
            `${label(deps, app, 'stop')}: companion ${companion.id}'s UI stops serving while ${app.id} is stopped`,
          ).toPass({ timeout: budget, intervals: INTERVALS });
        }
      },
      async () =>
        (await Promise.all(companions.map((c) => companionIsDown(deps, c)))).every(Boolean) ? 'down' : 'keep-serving',
    );
  }
  if (!(BITCOIN_NODES as readonly string[]).includes(app.id)) return;
  const checks = BITCOIN_DEPENDANT_CHECKS.filter((c) => entries[c.appId]?.state === 'running');
  if (checks.length === 0) return;
  const claims = async (): Promise<string[]> => {
    const out: string[] = [];
    for (const check of checks) {
      const claim = await check.stillClaims(deps.probeContext(appById(check.appId)));
      if (claim !== null && claim !== UNSEEN) out.push(`${check.what}: ${claim}`);
    }
    return out;
  };
  await guessedCheck(
    deps.testInfo,
    deps.profile,
    'dependants-while-bitcoin-stopped',
    async (seen) => {
      if (seen !== 'stop-serving') return; // keep-serving: nothing a dependant says while bitcoin is stopped is wrong
      await expect(async () => {
        expect(
          await claims(),
          `${label(deps, app, 'stop')}: dependants stop claiming sync while ${app.id} is stopped`,
        ).toEqual([]);
      }).toPass({ timeout: budget, intervals: INTERVALS });
    },
    async () => ((await claims()).length === 0 ? 'stop-serving' : 'keep-serving'),
  );
}
