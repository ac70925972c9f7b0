/**
 * lib/node-events.ts: an event is over when the daemon that answers is a new one (uptime shorter than
 * the time since the trigger) and `health` answers; otherwise it fails naming the node, the event and
 * the fact that did not come true.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { NodeConfig } from '../config/nodes';
import type { ControlStatus, NodeControl } from '../lib/control/types';
import { daemonBackTimeoutMs, EVENT_TITLES, sufferNodeEvent } from '../lib/node-events';
import type { RpcClient } from '../lib/rpc/client';

const node: NodeConfig = {
  name: 'node-x',
  baseUrl: 'https://127.0.0.1:1',
  isSim: true,
  allowDestructive: true,
  allowChaos: true,
  timeScale: 0.01, // every budget at the 10 s floor
  ports: {},
  protectedApps: [],
  hostname: 'x',
};

/** A node whose daemon is gone for `downMs` after the trigger, then back with a fresh uptime. */
function fakeNode(downMs: number, healthy = true) {
  let triggeredAt = 0;
  const triggered: string[] = [];
  const at = (what: string) => async () => {
    triggered.push(what);
    triggeredAt = Date.now();
  };
  const control = {
    daemonRestart: at('daemon-restart'),
    reboot: at('reboot'),
    kill9: at('kill-9'),
    status: async (): Promise<ControlStatus> => {
      const since = Date.now() - triggeredAt;
      if (since < downMs / 2) throw new Error('the control channel blinks'); // a reboot takes SSH down too
      if (since < downMs) return { daemon: 'down', uptimeMs: 0 } as unknown as ControlStatus;
      return { daemon: 'up', uptimeMs: since - downMs } as unknown as ControlStatus;
    },
  } as unknown as NodeControl;
  const rpc = { health: async () => (healthy ? { ok: true } : null) } as unknown as RpcClient;
  return { control, rpc, triggered };
}

test('each event triggers its own action and returns once the new daemon answers health', async () => {
  for (const kind of ['daemon-restart', 'reboot', 'kill-9'] as const) {
    const n = fakeNode(300);
    const started = Date.now();
    await sufferNodeEvent(n.control, n.rpc, node, kind);
    assert.deepEqual(n.triggered, [kind]);
    assert.ok(Date.now() - started >= 300, `${kind}: not back before the daemon was`);
  }
});

test('a daemon whose uptime predates the trigger never went away: the event fails, naming node and event', async () => {
  const control = {
    daemonRestart: async () => undefined,
    status: async () => ({ daemon: 'up', uptimeMs: 3_600_000 }) as unknown as ControlStatus,
  } as unknown as NodeControl;
  const rpc = { health: async () => ({ ok: true }) } as unknown as RpcClient;
  const timeout = daemonBackTimeoutMs('daemon-restart', node);
  assert.equal(timeout, 10_000, 'the sim budget is scaled, with the 10 s floor');
  await assert.rejects(
    sufferNodeEvent(control, rpc, node, 'daemon-restart'),
    new RegExp(
      `\\[node node-x\\] the daemon did not come back within 10000 ms after ${EVENT_TITLES['daemon-restart']}`,
    ),
  );
});

test('a daemon back that never answers health fails on health', async () => {
  const n = fakeNode(100, false);
  await assert.rejects(
    sufferNodeEvent(n.control, n.rpc, node, 'reboot'),
    /\[node node-x\] health did not answer within 10000 ms after a host reboot/,
  );
});
