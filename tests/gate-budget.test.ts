import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { GATE_DEADLINE_ENV, GATE_MAX_HOURS_ENV, gateBudgetFromEnv } from '../config/env';
import { gateBudgetSkip } from '../fixtures/gate-budget';

afterEach(() => {
  delete process.env[GATE_DEADLINE_ENV];
  delete process.env[GATE_MAX_HOURS_ENV];
});

test('outside a bounded gate nothing is skipped', () => {
  assert.equal(gateBudgetFromEnv(), undefined);
  assert.equal(gateBudgetSkip(['@L1', '@app:lnd', '@cell:stop']), undefined);
});

test('once the deadline has passed, a gated test does not start; setup and teardown (no layer) still do', () => {
  process.env[GATE_MAX_HOURS_ENV] = '0.05';
  process.env[GATE_DEADLINE_ENV] = String(1_000_000);
  assert.deepEqual(gateBudgetFromEnv(), { maxHours: 0.05, deadline: 1_000_000 });
  assert.equal(gateBudgetSkip(['@L1'], 999_999), undefined);
  assert.equal(
    gateBudgetSkip(['@L1', '@app:lnd', '@cell:stop'], 1_000_000),
    "not started: the gate's budget of 0.05 h (--max-hours) ran out",
  );
  assert.equal(gateBudgetSkip([], 2_000_000), undefined);
});
