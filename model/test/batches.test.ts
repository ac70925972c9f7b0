/** The exploration's batches: focus and node events per batch (fault finding alternates event-free batches). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Coverage } from '../coverage';
import { batchWeights } from '../explore';
import { APP_ACTIONS, NODE_ACTIONS, type Action } from '../lifecycle';
import { makeStack } from '../stack';

const stack = makeStack();
const actions: Action[] = [
  ...stack.ids.flatMap((app) => APP_ACTIONS.map((kind) => ({ kind, app }))),
  ...NODE_ACTIONS.map((kind) => ({ kind })),
];
const coverage = new Coverage(stack, [...APP_ACTIONS, ...NODE_ACTIONS]);
const isEvent = (i: number): boolean => !('app' in actions[i]!);
const eventWeight = (w: number[]): number => w.reduce((s, x, i) => s + (isEvent(i) ? x : 0), 0);
const isOf = (i: number, app: string): boolean => {
  const a = actions[i]!;
  return 'app' in a && a.app === app;
};
const appWeight = (w: number[], app: string): number => w.reduce((s, x, i) => s + (isOf(i, app) ? x : 0), 0);
/** The focus app weighs more than an app outside its group (filebrowser needs nothing, nothing needs it). */
const leansOn = (w: number[], app: string): boolean =>
  appWeight(w, app) > appWeight(w, app === 'filebrowser' ? 'lnd' : 'filebrowser');

describe('batchWeights', () => {
  it('without eventFreeBatches, every batch gives node events their share and the focus turns every batch', () => {
    const o = { actions, eventShare: 0.15 };
    for (let b = 0; b < stack.ids.length; b++) {
      const w = batchWeights(stack, coverage, o, b);
      assert.ok(eventWeight(w) > 0, `batch ${b}: events`);
      assert.ok(leansOn(w, stack.ids[b]!), `batch ${b}: focus`);
    }
  });

  it('with eventFreeBatches, each app has the focus twice: with node events, then with none', () => {
    const o = { actions, eventShare: 0.15, eventFreeBatches: true };
    for (let b = 0; b < 2 * stack.ids.length; b++) {
      const w = batchWeights(stack, coverage, o, b);
      assert.ok(leansOn(w, stack.ids[Math.floor(b / 2)]!), `batch ${b}: focus`);
      if (b % 2 === 0) assert.ok(eventWeight(w) > 0, `batch ${b}: events`);
      else {
        assert.equal(eventWeight(w), 0, `batch ${b}: no events`);
        const before = batchWeights(stack, coverage, o, b - 1);
        assert.deepEqual(
          w.filter((_, i) => !isEvent(i)),
          before.filter((_, i) => !isEvent(i)),
          `batch ${b}: the app actions weigh as in batch ${b - 1}`,
        );
      }
      assert.ok(
        w.every((x, i) => isEvent(i) || x > 0),
        `batch ${b}: every app action can come up`,
      );
    }
  });

  it('with no node events among the actions (a node without control), only the pace of the focus changes', () => {
    const appOnly = actions.filter((_, i) => !isEvent(i));
    for (let b = 0; b < 4; b++)
      assert.deepEqual(
        batchWeights(stack, coverage, { actions: appOnly, eventShare: 0.15, eventFreeBatches: true }, b),
        batchWeights(stack, coverage, { actions: appOnly, eventShare: 0.15 }, Math.floor(b / 2)),
      );
  });
});
