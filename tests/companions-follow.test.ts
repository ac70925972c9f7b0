/**
 * lib/cells/companions-follow.ts: a companion across its backend's start or restart is judged by the
 * state it met and the node's choice (companions-with-backend), never by one fixed outcome.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { allowedEnds, metState } from '../lib/cells/companions-follow';

describe('a companion across its backend start or restart', () => {
  it('a companion running when its backend starts keeps running, whatever the node chooses', () => {
    for (const choice of [undefined, 'keep-state', 'stop-and-stay', 'stop-and-return'] as const)
      assert.deepEqual(allowedEnds('running', 'start', choice, false), ['running']);
  });

  it('one the backend stopped along may stay stopped or come back, as the node chooses', () => {
    assert.deepEqual(allowedEnds('stopped', 'start', undefined, true), ['running', 'stopped']);
    assert.deepEqual(allowedEnds('stopped', 'start', 'stop-and-stay', true), ['stopped']);
    assert.deepEqual(allowedEnds('stopped', 'start', 'stop-and-return', true), ['running']);
  });

  it('a stopped companion the cell did not see stop along: stop-and-return may find it stopped by the user', () => {
    assert.deepEqual(allowedEnds('stopped', 'start', 'stop-and-return', false), ['running', 'stopped']);
    assert.deepEqual(allowedEnds('stopped', 'start', 'keep-state', false), ['stopped']);
  });

  it('a restart may stop a running companion along only where the node may leave it stopped', () => {
    assert.deepEqual(allowedEnds('running', 'restart', undefined, false), ['running', 'stopped']);
    assert.deepEqual(allowedEnds('running', 'restart', 'stop-and-stay', false), ['running', 'stopped']);
    assert.deepEqual(allowedEnds('running', 'restart', 'keep-state', false), ['running']);
    assert.deepEqual(allowedEnds('running', 'restart', 'stop-and-return', false), ['running']);
  });

  it('a companion left stopped by a failed install met no state anyone chose (§3.3)', () => {
    const failed = { message: 'Invalid container: name "archy-bitcoin-ui" is already in use' };
    assert.equal(metState({ state: 'stopped', 'install-progress': failed }), 'failed-install');
    assert.equal(metState({ state: 'exited', 'install-progress': failed }), 'failed-install');
    assert.equal(metState({ state: 'stopped' }), 'stopped');
    assert.equal(metState({ state: 'stopped', 'install-progress': null }), 'stopped');
    assert.equal(metState({ state: 'running', 'install-progress': failed }), 'running');
    assert.equal(metState({ state: 'stopping' }), undefined);
  });
});
