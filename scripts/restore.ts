/**
 * `npm run restore -- --project=<node>`: puts a node back to the snapshot a run left on disk
 * (`.auth/<node>.before-run.json`) when that run was killed before its teardown could. The same
 * restore as `<node>-teardown` (lib/node-state/restore.ts): uninstalls what the run installed,
 * reinstalls what it removed, stops/starts to the states before; never uninstalls a protected app.
 * Exit 0 when the node is back as the snapshot found it (the snapshot is then removed), 1 otherwise
 * (the differences are listed; the snapshot stays until the node is back or you delete it).
 */
import { request } from '@playwright/test';
import { appConcurrencyFor, ConfigError, nodePassword, outputPaths } from '../config/env';
import { nodeConfig, projectFilters } from '../config/nodes';
import { describeDifferences, restoreNode } from '../lib/node-state/restore';
import { readSnapshot, removeSnapshot } from '../lib/node-state/snapshot';
import { RpcClient } from '../lib/rpc/client';
import { rerunTrustingNodes } from '../lib/http/script-trust';
import { checkIdentity } from '../setup/preflight';
import { nodeInstance } from '../setup/node-state';

async function restore(name: string): Promise<boolean> {
  const node = nodeConfig(name);
  const file = outputPaths().snapshotFile(name);
  const snapshot = readSnapshot(file);
  if (!snapshot) {
    console.log(
      `restore ${name}: no snapshot at ${file} — every run on ${name} reached its teardown; nothing to restore`,
    );
    return true;
  }
  if (snapshot.instance !== nodeInstance(node)) {
    console.log(
      `restore ${name}: the snapshot (${file}) describes another instance of ${name} (${snapshot.instance}); removed it`,
    );
    removeSnapshot(file);
    return true;
  }
  console.log(
    `restore ${name}: putting ${node.baseUrl} back to the snapshot of ${snapshot.takenAt} (${Object.keys(snapshot.packages).length} packages)`,
  );
  // A pinned CA must match before anything is changed; then every connection verifies it (the rerun's
  // NODE_EXTRA_CA_CERTS, lib/http/script-trust.ts). Only an unpinned node, which the warning names, is not verified.
  const identity = await checkIdentity(node);
  if (identity.kind !== 'pinned') console.warn(`restore: WARNING: ${identity.warning}`);
  const context = await request.newContext({ baseURL: node.baseUrl, ignoreHTTPSErrors: identity.kind === 'unchecked' });
  try {
    const rpc = new RpcClient({ node, request: context, password: () => nodePassword(name) });
    const report = await restoreNode(
      rpc,
      {
        name,
        timeScale: node.timeScale,
        protectedApps: node.protectedApps,
        mayChange: true,
        sideBySide: appConcurrencyFor(node.isSim) > 1,
      },
      snapshot.packages,
    );
    for (const action of report.actions) console.log(`  ${action}`);
    if (report.differences.length > 0) {
      console.error(describeDifferences(name, report.differences));
      console.error(
        `restore ${name}: the snapshot stays at ${file}; run this again, or delete it to accept the node as it is`,
      );
      return false;
    }
    removeSnapshot(file);
    console.log(
      `restore ${name}: ${name} is as the snapshot found it${report.actions.length ? '' : ' (nothing to do)'}; snapshot removed`,
    );
    return true;
  } finally {
    await context.dispose();
  }
}

async function main(): Promise<number> {
  const nodes = projectFilters(process.argv.slice(2));
  if (nodes.length === 0) {
    console.error('restore: which node? npm run restore -- --project=<node> (e.g. --project=node-228)');
    return 2;
  }
  const rerun = await rerunTrustingNodes(nodes.map((name) => nodeConfig(name)));
  if (rerun !== null) return rerun;
  let ok = true;
  for (const name of nodes) ok = (await restore(name)) && ok;
  return ok ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: Error) => {
    console.error(
      error instanceof ConfigError ? `restore: ${error.message}` : `restore: ${error.stack ?? error.message}`,
    );
    process.exitCode = 1;
  },
);
