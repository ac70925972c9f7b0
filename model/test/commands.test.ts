/** The exploration's commands: `check` skips a must-refuse pair once it ran its quota, and only that. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ActionCommand } from '../commands';
import { Coverage, ENOUGH_RUNS } from '../coverage';
import { stateLabel } from '../labels';
import type { ModelState } from '../lifecycle';
import { makeStack } from '../stack';

const stack = makeStack();
const fresh: ModelState = Object.fromEntries(stack.ids.map((id) => [id, id === 'filebrowser' ? 'running' : 'absent']));
const refused = { kind: 'uninstall', app: 'bitcoin-knots' } as const; // absent: must be refused
const accepted = { kind: 'install', app: 'bitcoin-knots' } as const;

function runs(coverage: Coverage, action: { kind: 'uninstall' | 'install'; app: string }, n: number): void {
  for (let i = 0; i < n; i++) coverage.record(action.app, stateLabel(stack, fresh, action.app), action.kind, 'ok');
}

describe('ActionCommand.check', () => {
  it('tries a must-refuse pair until it ran ENOUGH_RUNS times by default', () => {
    const coverage = new Coverage(stack, ['install', 'uninstall']);
    const cmd = new ActionCommand(refused, { coverage, maxSteps: 12 });
    runs(coverage, refused, ENOUGH_RUNS - 1);
    assert.equal(cmd.check({ state: fresh, n: 0 }), true);
    runs(coverage, refused, 1);
    assert.equal(cmd.check({ state: fresh, n: 0 }), false);
  });

  it('with refusalRuns, skips it after that many runs; an accepted pair is never skipped for its runs', () => {
    const coverage = new Coverage(stack, ['install', 'uninstall']);
    const ctx = { coverage, maxSteps: 12, refusalRuns: 3 };
    runs(coverage, refused, 2);
    assert.equal(new ActionCommand(refused, ctx).check({ state: fresh, n: 0 }), true);
    runs(coverage, refused, 1);
    assert.equal(new ActionCommand(refused, ctx).check({ state: fresh, n: 0 }), false);
    runs(coverage, accepted, 50);
    assert.equal(new ActionCommand(accepted, ctx).check({ state: fresh, n: 0 }), true);
    assert.equal(new ActionCommand(accepted, ctx).check({ state: fresh, n: 12 }), false); // the step budget
  });
});
