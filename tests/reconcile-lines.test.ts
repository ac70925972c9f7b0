/** L6 from the host: a reconcile pass's cost comes from its own log line, never from the period between lines. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { reconcilePasses } from '../lib/reconcile-lines';

test('the sim and archy-like lines: counts, and a duration only where the line gives one', () => {
  const passes = reconcilePasses([
    'package: lnd running',
    'reconcile pass completed in 12.5 ms ok=4 failed=1',
    'INFO archipelago::reconcile: reconcile pass completed ok=59 failed=3',
    'reconcile pass completed ok=2 failed=0 took 1.2s',
    'reconcile pass completed ok=2 failed=0 duration=800µs',
  ]);
  assert.deepEqual(passes, [
    { ok: 4, failed: 1, ms: 12.5 },
    { ok: 59, failed: 3 },
    { ok: 2, failed: 0, ms: 1200 },
    { ok: 2, failed: 0, ms: 0.8 },
  ]);
});

test('no pass line: nothing', () => {
  assert.deepEqual(reconcilePasses(['reconcile: started', 'host: booted']), []);
});
