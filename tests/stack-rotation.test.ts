/**
 * fixtures/stack-rotation.ts: over the gate's 20 iterations every app of each L3 stack meets every
 * event at least 5 times running and 5 times stopped, a companion always in its backend's state,
 * nothing stopped under a running app that needs it, and the app caught installing is one that runs.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { appById } from '../config/apps';
import { uiCompanionsOf } from '../config/catalogue';
import { observedApps, STACKS } from '../fixtures/stack-events';
import { metState, planFor, rotationIndex } from '../fixtures/stack-rotation';

const EVENTS = ['daemon-restart', 'reboot', 'kill-9'] as const;

for (const stack of STACKS) {
  const observed = observedApps(stack, uiCompanionsOf);

  test(`${stack.name}: every app meets every event >= 5 times running and >= 5 times stopped in 20 iterations`, () => {
    for (const app of observed)
      for (const event of EVENTS) {
        const met = Array.from({ length: 20 }, (_, i) => metState(planFor(observed, i), app, event));
        const running = met.filter((m) => m === 'running').length;
        const stopped = met.filter((m) => m === 'stopped' || m === 'stopping').length;
        assert.ok(running >= 5, `${app.id} meets ${event} running ${running} times`);
        assert.ok(stopped >= 5, `${app.id} meets ${event} stopped ${stopped} times`);
      }
  });

  test(`${stack.name}: companions follow their backend; nothing stops under a running app that needs it`, () => {
    for (let i = 0; i < 20; i++) {
      const plan = planFor(observed, i);
      for (const app of observed) {
        const stopped = plan.stopped.includes(app.id);
        if (app.companionOf) {
          const backend = observed.find((b) =>
            app.companionOf === 'bitcoin' ? ['bitcoin-knots', 'bitcoin-core'].includes(b.id) : b.id === app.companionOf,
          )!;
          assert.equal(stopped, plan.stopped.includes(backend.id), `${app.id} with ${backend.id} (repetition ${i})`);
        }
        if (!stopped)
          for (const need of app.requires.flatMap((r) => (r === 'bitcoin' ? ['bitcoin-knots', 'bitcoin-core'] : [r])))
            assert.ok(!plan.stopped.includes(need), `${app.id} runs while ${need} is stopped (repetition ${i})`);
      }
      // companions stop before their backends, bitcoin nodes last
      const order = plan.stopped.map((id) => appById(id));
      const firstBackend = order.findIndex((a) => a.kind === 'backend');
      assert.ok(order.slice(firstBackend < 0 ? order.length : firstBackend).every((a) => a.kind === 'backend'));
      if (plan.installing) {
        assert.ok(!plan.stopped.includes(plan.installing));
        assert.ok(!appById(plan.installing).protected);
      }
    }
  });
}

test('the core stack catches a different app installing as the iterations go; a protected app never', () => {
  const core = observedApps(STACKS[1]!, uiCompanionsOf);
  const caught = new Set(Array.from({ length: 20 }, (_, i) => planFor(core, i).installing).filter(Boolean));
  assert.ok(caught.size >= 3, `caught installing: ${[...caught].join(', ')}`);
  const none = Array.from(
    { length: 20 },
    (_, i) => planFor(core, i, ['lnd', 'electrumx', 'btcpay-server', 'mempool', 'fedimint', 'filebrowser']).installing,
  );
  assert.deepEqual([...new Set(none)], [null]);
});

test("a shard's repetitions count from its offset in the whole gate", () => {
  assert.equal(rotationIndex({ repeatEachIndex: 2 }, 15), 17);
  assert.equal(rotationIndex({ repeatEachIndex: 0 }, 0), 0);
});
