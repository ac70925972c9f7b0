/** The exploration's early end of a wait: an app that settled elsewhere, and a held app that has not moved. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { settledElsewhere } from '../step';

describe('settledElsewhere', () => {
  it('a held app read as stopped, while it should return with its backend, has not moved yet', () => {
    // restart of a stopped backend: its companion (stopped along, known to return) reads `stopped`
    // until the backend runs again
    assert.equal(settledElsewhere('stopped', 'held', ['running']), false);
    assert.equal(settledElsewhere('held', 'stopped', ['running']), false);
  });

  it('an app that settled in a state neither allowed nor its own has ended there', () => {
    assert.equal(settledElsewhere('absent', 'held', ['running']), true);
    assert.equal(settledElsewhere('stopped', 'running', ['running']), true);
    assert.equal(settledElsewhere('running', 'stopped', ['stopped']), true);
  });

  it('an allowed state, the old state, or no settled state yet is no reason to stop waiting', () => {
    assert.equal(settledElsewhere('running', 'held', ['running']), false);
    assert.equal(settledElsewhere('running', 'running', ['stopped']), false);
    assert.equal(settledElsewhere(null, 'held', ['running']), false);
  });
});
