/**
 * Node-wide events through the node's control channel — an archipelago (daemon) restart, a host
 * reboot, a kill -9 of the daemon — each waited out on observable facts: the daemon that answers is a
 * new one (its uptime is shorter than the time since the trigger), then `health` answers. One module
 * for the L3 events (fixtures/stack-events.ts) and the exploration's node actions (model/step.ts).
 */
import { scaledBudget } from '../config/catalogue';
import type { NodeConfig } from '../config/nodes';
import type { NodeControl } from './control/types';
import type { RpcClient } from './rpc/client';

export type NodeEventKind = 'daemon-restart' | 'reboot' | 'kill-9';

export const EVENT_TITLES: Record<NodeEventKind, string> = {
  'daemon-restart': 'an archipelago restart',
  reboot: 'a host reboot',
  'kill-9': 'a kill -9 of the daemon',
};

/** Real-node time for the daemon to come back; the sim's is scaled (floor 10 s so polling has room). */
const DAEMON_BACK_MS: Record<NodeEventKind, number> = {
  'daemon-restart': 60_000,
  'kill-9': 60_000,
  reboot: 5 * 60_000,
};

/** Between two looks at the daemon: quick at first, then at most once a second. */
const INTERVALS_MS = [100, 250, 500, 1000];

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export function daemonBackTimeoutMs(kind: NodeEventKind, node: NodeConfig): number {
  return scaledBudget(DAEMON_BACK_MS[kind], node.timeScale);
}

async function trigger(control: NodeControl, kind: NodeEventKind): Promise<void> {
  if (kind === 'daemon-restart') await control.daemonRestart();
  else if (kind === 'reboot') await control.reboot();
  else await control.kill9();
}

/** Polls `fact` until it holds (true) or `deadline` passes (false); a fact that throws does not hold yet. */
async function holdsBy(fact: () => Promise<boolean>, deadline: number): Promise<boolean> {
  for (let i = 0; ; i++) {
    if (await fact().catch(() => false)) return true;
    if (Date.now() >= deadline) return false;
    await sleep(Math.min(INTERVALS_MS[Math.min(i, INTERVALS_MS.length - 1)]!, Math.max(0, deadline - Date.now())));
  }
}

/**
 * Triggers the event and returns once the daemon that came back answers `health`; throws naming the
 * node, the event and the fact that did not come true within its budget.
 */
export async function sufferNodeEvent(
  control: NodeControl,
  rpc: RpcClient,
  node: NodeConfig,
  kind: NodeEventKind,
): Promise<void> {
  const triggeredAt = Date.now();
  await trigger(control, kind);
  const timeout = daemonBackTimeoutMs(kind, node);
  // A reboot returns once the host answers again (control.reboot bounds going down and coming back):
  // the daemon's budget starts there. A host's boot is real time, never the sim's scaled time: the node
  // container boots real systemd in 20-40 s, beyond its scaled 15 s for the whole event.
  const deadline = (kind === 'reboot' ? Date.now() : triggeredAt) + timeout;
  // The control channel itself may blink during a reboot: a status that throws is "not back yet".
  const back = await holdsBy(async () => {
    const status = await control.status();
    return status.daemon === 'up' && status.uptimeMs <= Date.now() - triggeredAt;
  }, deadline);
  if (!back)
    throw new Error(
      `[node ${node.name}] the daemon did not come back within ${timeout} ms after ${EVENT_TITLES[kind]}`,
    );
  // Health gets its own budget from there: a daemon that is up may still be opening its stores.
  if (!(await holdsBy(() => rpc.health().then(Boolean), Date.now() + timeout)))
    throw new Error(`[node ${node.name}] health did not answer within ${timeout} ms after ${EVENT_TITLES[kind]}`);
}
