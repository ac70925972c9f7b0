/**
 * lib/stay-up.ts: an app that came up must stay `running` over its window, and that window is also
 * its health window: `health: unhealthy` in it fails like leaving running; absent or healthy pass.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeLeft, watchStaysRunning } from '../lib/stay-up';
import type { NodeRpc } from '../lib/rpc/node-rpc';

/** A node whose get-state answers from a timeline: [ms after the first read, entries]. */
function timeline(steps: Array<[number, Record<string, { state: string; health?: string }>]>): NodeRpc {
  let t0 = 0;
  return {
    call: async () => {
      t0 ||= Date.now();
      const now = Date.now() - t0;
      const entries = [...steps].reverse().find(([at]) => at <= now)![1];
      return { data: { 'package-data': entries } };
    },
  };
}

test('running throughout, health absent then healthy: nothing left', async () => {
  const rpc = timeline([
    [0, { a: { state: 'running' } }],
    [30, { a: { state: 'running', health: 'healthy' } }],
  ]);
  assert.deepEqual(await watchStaysRunning(rpc, 'node-x', ['a'], Date.now(), 150), []);
});

test('running but turned unhealthy within the window: reported, and the message says unhealthy', async () => {
  const rpc = timeline([
    [0, { a: { state: 'running' }, b: { state: 'running' } }],
    [40, { a: { state: 'running', health: 'unhealthy' }, b: { state: 'running', health: 'healthy' } }],
  ]);
  const left = await watchStaysRunning(rpc, 'node-x', ['a', 'b'], Date.now(), 300);
  assert.equal(left.length, 1);
  assert.equal(left[0]!.app, 'a');
  assert.equal(left[0]!.health, 'unhealthy');
  assert.match(
    describeLeft(left[0]!, 300),
    /a came back unhealthy: health "unhealthy" \d+ ms after it reached running/,
  );
});

test('left running: reported with its state, as before', async () => {
  const rpc = timeline([
    [0, { a: { state: 'running' } }],
    [40, { a: { state: 'stopped' } }],
  ]);
  const left = await watchStaysRunning(rpc, 'node-x', ['a'], Date.now(), 300);
  assert.equal(left[0]!.state, 'stopped');
  assert.equal(left[0]!.health, undefined);
  assert.match(describeLeft(left[0]!, 300), /a did not stay up: stopped/);
});
