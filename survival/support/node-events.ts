/**
 * Operational events a node must survive (archy-TESTING.md L3): an archipelago (daemon) restart and a
 * host reboot. Each event is triggered through the node's control channel and then waited out on
 * observable facts: the daemon came back (its uptime restarted after the trigger) and answers `health`.
 */
import { expect, scaledBudget } from '../../fixtures';
import type { NodeConfig, NodeControl, RpcClient } from '../../fixtures';

export type NodeEvent = 'daemon-restart' | 'reboot';

export const EVENT_TITLES: Record<NodeEvent, string> = {
  'daemon-restart': 'an archipelago restart',
  reboot: 'a host reboot',
};

/** Real-node time for a daemon to come back; the sim's is scaled (floor 10 s so polling has room). */
const DAEMON_BACK_MS: Record<NodeEvent, number> = { 'daemon-restart': 60_000, reboot: 5 * 60_000 };

export function daemonBackTimeoutMs(event: NodeEvent, node: NodeConfig): number {
  return scaledBudget(DAEMON_BACK_MS[event], node.timeScale);
}

async function trigger(control: NodeControl, event: NodeEvent): Promise<void> {
  if (event === 'daemon-restart') await control.daemonRestart();
  else await control.reboot();
}

/**
 * Triggers the event and returns once the daemon that came back answers `health`. Proves it really
 * went away: the daemon's uptime must be shorter than the time since the trigger.
 */
export async function sufferEvent(
  control: NodeControl,
  rpc: RpcClient,
  node: NodeConfig,
  event: NodeEvent,
): Promise<void> {
  const triggeredAt = Date.now();
  await trigger(control, event);
  const timeout = daemonBackTimeoutMs(event, node);
  await expect
    .poll(
      async () => {
        try {
          const status = await control.status();
          return status.daemon === 'up' && status.uptimeMs <= Date.now() - triggeredAt;
        } catch {
          return false; // the control channel itself may blink during a reboot
        }
      },
      {
        message: `[node ${node.name}] the daemon did not come back within ${timeout} ms after ${EVENT_TITLES[event]}`,
        timeout,
        intervals: [100, 250, 500, 1000],
      },
    )
    .toBe(true);
  await expect
    .poll(async () => rpc.health().then(Boolean, () => false), {
      message: `[node ${node.name}] health did not answer within ${timeout} ms after ${EVENT_TITLES[event]}`,
      timeout,
      intervals: [100, 250, 500, 1000],
    })
    .toBe(true);
}
