import assert from 'node:assert/strict';
import { test } from 'node:test';
import { wilsonInterval } from '../wilson';

const close = (a: number, b: number, eps = 1e-3): void => assert.ok(Math.abs(a - b) < eps, `${a} ≉ ${b}`);

test('20 of 20 passes: the 95 % lower bound is about 0.839', () => {
  const w = wilsonInterval(20, 20);
  assert.equal(w.rate, 1);
  close(w.low, 0.8389);
  assert.equal(w.high, 1);
});

test('10 of 20 is centred on one half', () => {
  const w = wilsonInterval(10, 20);
  close(w.low, 0.2993);
  close(w.high, 0.7007);
});

test('0 of 20 has an upper bound about 0.161', () => {
  const w = wilsonInterval(0, 20);
  assert.equal(w.low, 0);
  close(w.high, 0.1611);
});

test('no trials says nothing: [0, 1]', () => {
  assert.deepEqual(wilsonInterval(0, 0), { rate: 0, low: 0, high: 1 });
});

test('impossible counts are refused', () => {
  assert.throws(() => wilsonInterval(3, 2), RangeError);
  assert.throws(() => wilsonInterval(-1, 2), RangeError);
  assert.throws(() => wilsonInterval(1.5, 2), RangeError);
});
