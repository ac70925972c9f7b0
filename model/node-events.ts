/**
 * Node-wide actions of an exploration through the node's control channel: a daemon restart, a reboot,
 * a kill -9 of the daemon. Each is waited out on observable facts: the daemon that answers is a new
 * one (its uptime is shorter than the time since the trigger) and `health` answers.
 */
import type { NodeConfig } from '../config/nodes';
import type { NodeControl } from '../lib/sim-control';
import type { RpcClient } from '../lib/rpc/client';
import type { NodeAction } from './lifecycle';

/** Real-node time for the daemon to come back (scaled by the node's time-scale, floor 10 s). */
const BACK_MS: Record<NodeAction, number> = { 'daemon-restart': 60_000, 'kill-9': 60_000, reboot: 5 * 60_000 };

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export function nodeBackTimeoutMs(kind: NodeAction, node: NodeConfig): number {
  return Math.max(10_000, Math.round(BACK_MS[kind] * node.timeScale));
}

async function trigger(control: NodeControl, kind: NodeAction): Promise<void> {
  if (kind === 'daemon-restart') await control.daemonRestart();
  else if (kind === 'reboot') await control.reboot();
  else await control.kill9();
}

export async function sufferNodeEvent(
  control: NodeControl,
  rpc: RpcClient,
  node: NodeConfig,
  kind: NodeAction,
): Promise<void> {
  const at = Date.now();
  await trigger(control, kind);
  const timeout = nodeBackTimeoutMs(kind, node);
  const deadline = at + timeout;
  const poll = node.isSim ? 30 : 500;
  for (;;) {
    const back = await control.status().then(
      (s) => s.daemon === 'up' && s.uptimeMs <= Date.now() - at,
      () => false,
    );
    if (back && (await rpc.health().then(Boolean, () => false))) return;
    if (Date.now() > deadline)
      throw new Error(
        `[node ${node.name}] the daemon did not come back and answer health within ${timeout} ms after ${kind}`,
      );
    await sleep(poll);
  }
}
