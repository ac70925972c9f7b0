/**
 * The node's apps before the run, on disk, for `<node>-teardown` (and `npm run restore` after a run
 * killed hard): setup takes the snapshot after a leftover check, teardown restores it and removes it.
 */
import { outputPaths, runId, simReady } from '../config/env';
import { SIM, type NodeConfig } from '../config/nodes';
import type { NodeRpc } from '../lib/rpc/node-rpc';
import {
  readSnapshot,
  removeSnapshot,
  takeSnapshot,
  writeSnapshot,
  type NodeSnapshot,
} from '../lib/node-state/snapshot';

/**
 * The embedded sim is a new node each time it starts (fresh data dir): its pid tells one instance from
 * the next. A sim reached over the network (the node container) has no local SIM_READY: like a real
 * node, it is one node across runs.
 */
export function nodeInstance(node: NodeConfig): string | undefined {
  return node.name === SIM ? `sim pid ${simReady().pid}` : undefined;
}

export type Leftover =
  | { kind: 'none' }
  | { kind: 'stale'; snapshot: NodeSnapshot }
  | { kind: 'leftover'; snapshot: NodeSnapshot; file: string };

/** Is a snapshot of an earlier run still on disk (that run never reached its teardown)? */
export function leftoverSnapshot(node: NodeConfig): Leftover {
  const file = outputPaths().snapshotFile(node.name);
  const snapshot = readSnapshot(file);
  if (!snapshot || snapshot.runId === runId()) return { kind: 'none' };
  if (snapshot.instance !== nodeInstance(node)) return { kind: 'stale', snapshot };
  return { kind: 'leftover', snapshot, file };
}

export function leftoverMessage(node: string, left: { snapshot: NodeSnapshot; file: string }): string {
  return (
    `${node}: a run that did not finish (killed before its teardown) left a snapshot of ${node} taken ${left.snapshot.takenAt} ` +
    `(${left.file}): the node may not be as that run found it. Put it back first with ` +
    `\`npm run restore -- --project=${node}\` — or delete the file to accept the node as it is now.`
  );
}

export async function recordSnapshot(rpc: NodeRpc, node: NodeConfig): Promise<NodeSnapshot> {
  const snapshot = await takeSnapshot(rpc, {
    node: node.name,
    baseUrl: node.baseUrl,
    runId: runId(),
    instance: nodeInstance(node),
  });
  writeSnapshot(outputPaths().snapshotFile(node.name), snapshot);
  return snapshot;
}

export { readSnapshot, removeSnapshot };
