/**
 * Node-operation time a test asked of the node (install, stop, start, restart, uninstall, events,
 * stay-up holds, preconditions), recorded as `node-op` annotations `"<op> <ms>ms"`. The gate's
 * reporter sums them per run and the gate summary sets them against wall time (issue 13).
 */
import type { TestInfo } from '@playwright/test';

export const NODE_OP = 'node-op';

export type NodeOp =
  'install' | 'uninstall' | 'stop' | 'start' | 'restart' | 'stay-up' | 'event' | 'precondition' | 'restore';

export function recordNodeOp(testInfo: Pick<TestInfo, 'annotations'>, op: NodeOp, ms: number): void {
  testInfo.annotations.push({ type: NODE_OP, description: `${op} ${Math.max(0, Math.round(ms))}ms` });
}

/** The ms per op of a test's `node-op` annotations (unknown lines are ignored). */
export function nodeOpsOf(annotations: readonly { type: string; description?: string }[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const a of annotations) {
    if (a.type !== NODE_OP || !a.description) continue;
    const m = /^(\S+) (\d+)ms$/.exec(a.description);
    if (m) out[m[1]] = (out[m[1]] ?? 0) + Number(m[2]);
  }
  return out;
}
