/**
 * `<node>-teardown` (the `teardown` of `<node>-setup`): puts the node back to the snapshot setup took
 * — also after failures and after Ctrl-C, where Playwright still runs teardown. Uninstalls what the run
 * installed, reinstalls what it removed, stops what was stopped, starts what was running; a protected
 * app is never uninstalled. What it could not put back fails this test with the list, attached to the
 * report too ("node-228 differs from before the run: lnd installed (was absent) — uninstall failed: …").
 * A snapshot from another run (killed before its teardown) is left alone for `npm run restore`.
 */
import { appConcurrencyFor, outputPaths, runId } from '../config/env';
import { describeDifferences, restoreNode } from '../lib/node-state/restore';
import { test } from '../fixtures';
import { readSnapshot, removeSnapshot } from './node-state';

test('teardown: the node is left as the run found it', async ({ nodeConfig, rpc }, testInfo) => {
  const file = outputPaths().snapshotFile(nodeConfig.name);
  const before = readSnapshot(file);
  if (!before || before.runId !== runId()) {
    const why = before
      ? `the snapshot on disk is from another run (${before.takenAt}): left for \`npm run restore -- --project=${nodeConfig.name}\``
      : 'setup took no snapshot';
    testInfo.annotations.push({ type: 'teardown', description: `nothing restored: ${why}` });
    return;
  }
  const report = await test.step(`restore ${nodeConfig.name} to the snapshot of ${before.takenAt}`, () =>
    restoreNode(
      rpc,
      {
        name: nodeConfig.name,
        timeScale: nodeConfig.timeScale,
        protectedApps: nodeConfig.protectedApps,
        mayChange: nodeConfig.allowDestructive,
        sideBySide: appConcurrencyFor(nodeConfig.isSim) > 1,
      },
      before.packages,
    ));
  await testInfo.attach('restore', {
    body: [...report.actions, ...(report.actions.length ? [] : ['nothing to do'])].join('\n'),
    contentType: 'text/plain',
  });
  testInfo.annotations.push({
    type: 'teardown',
    description: report.actions.length ? report.actions.join('; ') : 'nothing to restore',
  });
  removeSnapshot(file);
  if (report.differences.length > 0) {
    const message = describeDifferences(nodeConfig.name, report.differences);
    await testInfo.attach('node differs from before the run', { body: message, contentType: 'text/plain' });
    throw new Error(message);
  }
});
