import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeLatency, latencyStats, measureRpcLatency, percentile } from '../lib/rpc-latency';
import { RPC_LATENCY_KPI } from '../config/kpis';

/** A node on a fake clock: each call moves it by what the call costs. */
function node(cost: { health: (i: number) => number; getState: (i: number) => number }) {
  let clock = 0;
  let i = 0;
  return {
    now: () => clock,
    rpc: {
      health: async () => {
        clock += cost.health(i);
      },
      getState: async () => {
        clock += cost.getState(i++);
      },
    },
  };
}

test('nearest-rank percentiles: with 20 calls the p95 is the 19th, with 5 it is the slowest', () => {
  const twenty = Array.from({ length: 20 }, (_, i) => i + 1);
  assert.equal(percentile(twenty, 95), 19);
  assert.equal(percentile(twenty, 50), 10);
  assert.equal(percentile([5, 1, 4, 2, 3], 95), 5);
  assert.deepEqual(latencyStats([]), { calls: 0, p50Ms: 0, p95Ms: 0, maxMs: 0 });
});

test('a node whose get-state takes 3 s is over the KPI on its own time, named with the p95', async () => {
  const { rpc, now } = node({ health: () => 20, getState: () => 3_020 });
  const l = await measureRpcLatency(rpc, 20, now);
  assert.equal(l.getState.p95Ms, 3_020);
  assert.equal(l.getStateOwn.p95Ms, 3_000);
  assert.ok(l.getStateOwn.p95Ms > RPC_LATENCY_KPI.budget);
  assert.match(describeLatency(l), /server\.get-state p50 3020 ms, p95 3020 ms \(own p95 3000 ms/);
});

test('a loaded runner slows every call alike: get-state at 3 s beside health at 2.9 s is not the node', async () => {
  const { rpc, now } = node({ health: (i) => (i % 2 ? 2_900 : 40), getState: (i) => (i % 2 ? 3_000 : 60) });
  const l = await measureRpcLatency(rpc, 20, now);
  assert.equal(l.getState.p95Ms, 3_000);
  assert.ok(l.getStateOwn.p95Ms <= RPC_LATENCY_KPI.budget, describeLatency(l));
});

test('one get-state caught alone by a busy runner does not decide the p95 of 20', async () => {
  const { rpc, now } = node({ health: () => 10, getState: (i) => (i === 7 ? 3_000 : 30) });
  const l = await measureRpcLatency(rpc, 20, now);
  assert.equal(l.getStateOwn.maxMs, 2_990);
  assert.equal(l.getStateOwn.p95Ms, 20);
});
