/** SshControl.logSince takes the runner's time: the node's clock, read once between two of the runner's, gives the difference and how sure it is. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { clockSkew } from '../ssh/ssh-control';

describe('clockSkew', () => {
  test('a node 5 s ahead, read in a 200 ms round trip: +5 s, within 100 ms', () => {
    // sent at 1000, answered at 1200; the node read 6100 half-way (at 1100 on the runner).
    assert.deepEqual(clockSkew(1_000, 6_100, 1_200), { offsetMs: 5_000, uncertaintyMs: 100 });
  });

  test('a node behind the runner: a negative offset', () => {
    assert.deepEqual(clockSkew(10_000, 7_010, 10_020), { offsetMs: -3_000, uncertaintyMs: 10 });
  });

  test('the same clock: 0, within half the round trip, so logSince(t) reaches back that far and misses no line', () => {
    const s = clockSkew(50_000, 50_004, 50_008);
    assert.deepEqual(s, { offsetMs: 0, uncertaintyMs: 4 });
    // a line the node wrote at the runner's t (the same clock) is at or after t + offset - uncertainty
    assert.ok(50_000 >= 50_000 + s.offsetMs - s.uncertaintyMs);
  });

  test('a runner clock that stepped back during the read counts as no round trip, not a negative one', () => {
    assert.deepEqual(clockSkew(2_000, 2_000, 1_990), { offsetMs: 0, uncertaintyMs: 0 });
  });
});
