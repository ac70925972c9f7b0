/**
 * fixtures/once-per-repetition.ts: what the tests of one repetition share is made once per key, by the
 * first that asks; a failure is forgotten so the next test redoes it; the key tells nodes and
 * repetitions apart.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { oncePerKey, repetitionKey } from '../fixtures/once-per-repetition';

test('one key: made once, the callers at the same time and after share the outcome', async () => {
  const once = oncePerKey<number>();
  let made = 0;
  const make = async () => {
    made++;
    await new Promise((resolve) => setTimeout(resolve, 20));
    return made;
  };
  const outcomes = await Promise.all([once('sim#0', make), once('sim#0', make), once('sim#0', make)]);
  assert.deepEqual(outcomes, [1, 1, 1]);
  assert.equal(await once('sim#0', make), 1);
  assert.equal(made, 1);
  assert.equal(await once('sim#1', make), 2, 'another repetition makes its own');
});

test('a failure is forgotten: the next caller makes it again', async () => {
  const once = oncePerKey<string>();
  await assert.rejects(
    once('k', async () => {
      throw new Error('restart failed');
    }),
    /restart failed/,
  );
  assert.equal(await once('k', async () => 'redone'), 'redone');
});

test('repetitionKey: per project (node) and repeat index', () => {
  const key = (name: string, repeatEachIndex: number) => repetitionKey({ project: { name }, repeatEachIndex });
  assert.equal(key('sim', 0), key('sim', 0));
  assert.notEqual(key('sim', 0), key('sim', 1));
  assert.notEqual(key('node-a', 0), key('node-b', 0));
});
