/**
 * L3 lifecycle survival, generated from config/apps.ts: for every app, the `daemon-restart`
 * (archipelago restart survives) and `reboot` (reboot survives) cells.
 *
 * An event hits every app at once, so it is suffered once per stack and repetition
 * (support/shared-event.ts): the first cell of a stack brings all its apps to running, triggers the
 * event through the node's control channel and takes a snapshot of every app once it settled; each
 * cell then judges its own app (and the UI companions it needs) from that snapshot, and checks the
 * app from the outside again: containers, UI, its own API.
 *
 * An archipelago restart must not touch running apps (Quadlet-managed containers keep running), so
 * the app must be `running` as soon as the daemon answers again; a reboot brings apps back from disk,
 * so the app gets its install budget to be running and healthy again.
 */
import type { AppEntry } from '../config/apps';
import { appliesTo, uiCompanionsOf as uiCompanions } from '../config/catalogue';
import {
  appTag,
  attachJson,
  cellTag,
  DESTRUCTIVE,
  expect,
  layer,
  survivalTest as test,
  controlNote,
  skipNotCovered,
} from '../fixtures';
import { label, type CellDeps } from '../lib/cells/cell-deps';
import { ALL_APP_LOCKS } from '../lib/cells/locks';
import { recordNodeOp } from '../lib/node-ops';
import { checkPresent, checkRpc, checkUi } from '../lib/cells/read-only-cells';
import { EVENT_TITLES, type NodeEvent } from './support/node-events';
import { eventOutcome, observedApps, STACKS } from './support/shared-event';

const EVENTS: NodeEvent[] = ['daemon-restart', 'reboot'];

/** Runs a read-only cell check, saying the failure was seen after the event (and in which cell). */
async function after(
  deps: CellDeps,
  app: AppEntry,
  event: NodeEvent,
  what: string,
  check: () => Promise<void>,
): Promise<void> {
  await test.step(`after ${EVENT_TITLES[event]}: ${what}`, async () => {
    try {
      await check();
    } catch (error) {
      throw new Error(
        `${label(deps, app, event)}: after ${EVENT_TITLES[event]}, ${what} failed: ${(error as Error).message}`,
      );
    }
  });
}

for (const stack of STACKS) {
  const observed = observedApps(stack, uiCompanions);
  test.describe(`${stack.name} survives`, { lock: [...ALL_APP_LOCKS] }, () => {
    for (const event of EVENTS) {
      for (const app of stack.apps.filter((a) => appliesTo(a, event))) {
        const tags = [layer(3), appTag(app.id), cellTag(event), DESTRUCTIVE];
        test(
          `${app.id} ${event}: still running and reachable after ${EVENT_TITLES[event]}`,
          { tag: tags },
          async ({ rpc, nodeConfig, control, probeContext }, testInfo) => {
            if (!control)
              skipNotCovered(
                testInfo,
                controlNote(nodeConfig.name, `${app.id}/${event} needs the node's control channel`),
              );
            const deps: CellDeps = { rpc, node: nodeConfig, probeContext, testInfo };
            const where = label(deps, app, event);
            const outcome =
              await test.step(`${EVENT_TITLES[event]} with the ${stack.name} running (once per repetition)`, () =>
                eventOutcome(
                  {
                    rpc,
                    node: nodeConfig,
                    control: control!,
                    key: `${testInfo.project.name}#${testInfo.repeatEachIndex}`,
                  },
                  event,
                  stack,
                  observed,
                ));
            await attachJson(testInfo, `${event} outcome`, outcome);
            if (app === stack.apps.find((a) => appliesTo(a, event))) {
              // The first cell of the stack suffered the event: its node time is counted once, here.
              recordNodeOp(testInfo, 'precondition', outcome.timings.precondition);
              recordNodeOp(testInfo, 'event', outcome.timings.event + outcome.timings.settle);
              recordNodeOp(testInfo, 'stay-up', outcome.timings.stayUp);
            }
            if (outcome.error) throw new Error(`${where}: ${outcome.error}`);

            for (const one of [app, ...uiCompanions(app)]) {
              const seen = outcome.apps[one.id];
              if (seen?.notReady)
                skipNotCovered(testInfo, { ...seen.notReady, reason: `${seen.notReady.reason} [${where}]` });
              if (seen?.error) throw new Error(`${where}: ${one.id} after ${EVENT_TITLES[event]}: ${seen.error}`);
              expect(seen?.state ?? 'absent', `${where}: state of ${one.id} after ${EVENT_TITLES[event]}`).toBe(
                'running',
              );
            }

            await after(deps, app, event, 'its containers', () => checkPresent(deps, app));
            if (appliesTo(app, 'ui')) await after(deps, app, event, 'its UI', () => checkUi(deps, app));
            if (appliesTo(app, 'rpc')) await after(deps, app, event, 'its own API', () => checkRpc(deps, app));
          },
        );
      }
    }
  });
}
