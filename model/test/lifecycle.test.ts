/** The exploration's model of the package lifecycle: stack closure, expectations, labels, surfaces, containers. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allowedAfter, expectationOf, isDocumentedRefusal, type ModelState } from '../lifecycle';
import { possibleLabels, stateLabel } from '../labels';
import { containerProblems, modelStateOf, surfaceExpectation } from '../observe';
import { closeStack, DEFAULT_STACK, makeStack } from '../stack';
import { Coverage, coverageMarkdown } from '../coverage';

const stack = makeStack();
const fresh: ModelState = Object.fromEntries(stack.ids.map((id) => [id, id === 'filebrowser' ? 'running' : 'absent']));
const withKnots: ModelState = { ...fresh, 'bitcoin-knots': 'running', 'archy-bitcoin-ui': 'running' };

describe('stack', () => {
  it('brings what an app requires and the companions of its backends', () => {
    assert.deepEqual(
      closeStack(['archy-lnd-ui']).sort(),
      ['archy-bitcoin-ui', 'archy-lnd-ui', 'bitcoin-knots', 'lnd'].sort(),
    );
    assert.deepEqual(stack.companionsOf('bitcoin-core'), ['archy-bitcoin-ui']);
    assert.deepEqual(stack.dependantsOf('lnd'), ['archy-lnd-ui']);
    assert.deepEqual(stack.conflictsOf('bitcoin-knots'), ['bitcoin-core']);
  });
});

describe('expectations (archy-surface §3.3 and the catalogue)', () => {
  it('an install of an installed app, beside its rival, or without what it requires must be refused', () => {
    assert.equal(expectationOf(stack, fresh, { kind: 'install', app: 'filebrowser' }).refusal, 'must');
    assert.equal(expectationOf(stack, withKnots, { kind: 'install', app: 'bitcoin-core' }).refusal, 'must');
    assert.equal(expectationOf(stack, fresh, { kind: 'install', app: 'lnd' }).refusal, 'must');
  });

  it('an install with what it needs running must be accepted and bring its companions up', () => {
    const e = expectationOf(stack, fresh, { kind: 'install', app: 'bitcoin-knots' });
    assert.equal(e.refusal, 'never');
    assert.deepEqual(e.accepted, { 'bitcoin-knots': ['running'], 'archy-bitcoin-ui': ['running'] });
  });

  it('what the evidence does not settle is a "may" with every outcome it leaves open', () => {
    const stoppedKnots: ModelState = { ...withKnots, 'bitcoin-knots': 'stopped' };
    const e = expectationOf(stack, stoppedKnots, { kind: 'install', app: 'lnd' });
    assert.equal(e.refusal, 'may');
    assert.deepEqual(e.accepted.lnd, ['waiting']);
    assert.equal(expectationOf(stack, fresh, { kind: 'start', app: 'filebrowser' }).refusal, 'may');
    const stop = expectationOf(stack, withKnots, { kind: 'stop', app: 'bitcoin-knots' });
    assert.deepEqual(stop.accepted['archy-bitcoin-ui'], ['running', 'held']);
  });

  it('a companion that stopped with its backend may stay stopped or come back when the backend starts', () => {
    const held: ModelState = { ...withKnots, 'bitcoin-knots': 'stopped', 'archy-bitcoin-ui': 'held' };
    const start = expectationOf(stack, held, { kind: 'start', app: 'bitcoin-knots' });
    assert.equal(start.refusal, 'never');
    assert.deepEqual(start.accepted['archy-bitcoin-ui'], ['stopped', 'running']);
    // one the user stopped stays stopped
    const stopped: ModelState = { ...withKnots, 'bitcoin-knots': 'stopped', 'archy-bitcoin-ui': 'stopped' };
    assert.equal(
      expectationOf(stack, stopped, { kind: 'start', app: 'bitcoin-knots' }).accepted['archy-bitcoin-ui'],
      undefined,
    );
    // node events keep a held app held
    assert.deepEqual(
      allowedAfter(stack, held, expectationOf(stack, held, { kind: 'kill-9' }), true)['archy-bitcoin-ui'],
      ['held'],
    );
  });

  it("the node's choice, from its profile or seen earlier in the run, is expected from then on", () => {
    const held: ModelState = { ...withKnots, 'bitcoin-knots': 'stopped', 'archy-bitcoin-ui': 'held' };
    const returns = makeStack(DEFAULT_STACK, { companions: 'stop-and-return' });
    assert.deepEqual(
      expectationOf(returns, held, { kind: 'start', app: 'bitcoin-knots' }).accepted['archy-bitcoin-ui'],
      ['running'],
    );
    assert.deepEqual(
      expectationOf(returns, withKnots, { kind: 'stop', app: 'bitcoin-knots' }).accepted['archy-bitcoin-ui'],
      ['held'],
    );
    const keeps = makeStack(DEFAULT_STACK, { companions: 'keep-state' });
    assert.deepEqual(
      expectationOf(keeps, withKnots, { kind: 'stop', app: 'bitcoin-knots' }).accepted['archy-bitcoin-ui'],
      ['running'],
    );
    const learns = makeStack(DEFAULT_STACK);
    learns.learn('archy-bitcoin-ui', 'stay');
    assert.deepEqual(
      expectationOf(learns, held, { kind: 'start', app: 'bitcoin-knots' }).accepted['archy-bitcoin-ui'],
      ['stopped'],
    );
    assert.equal(learns.follows('archy-lnd-ui'), undefined, 'learned per app');
    // the choice is what the node does on a stop: a restart of the backend may still do either
    for (const known of [returns, keeps])
      assert.deepEqual(
        expectationOf(known, withKnots, { kind: 'restart', app: 'bitcoin-knots' }).accepted['archy-bitcoin-ui'],
        ['running', 'held'],
      );
  });

  it('uninstall takes the companions; actions on an absent app must be refused; node events keep every state', () => {
    const e = expectationOf(stack, withKnots, { kind: 'uninstall', app: 'bitcoin-knots' });
    assert.deepEqual(e.accepted['archy-bitcoin-ui'], ['absent']);
    for (const kind of ['stop', 'start', 'restart', 'uninstall'] as const)
      assert.equal(expectationOf(stack, fresh, { kind, app: 'lnd' }).refusal, 'must');
    const reboot = expectationOf(stack, withKnots, { kind: 'reboot' });
    assert.equal(reboot.refusal, 'never');
    assert.deepEqual(
      allowedAfter(stack, withKnots, reboot, true),
      Object.fromEntries(stack.ids.map((id) => [id, [withKnots[id]]])),
    );
  });

  it('a stop reaches down: an app held behind a held app may stop with it', () => {
    const all: ModelState = { ...withKnots, lnd: 'running', 'archy-lnd-ui': 'running' };
    const stop = expectationOf(stack, all, { kind: 'stop', app: 'bitcoin-knots' });
    assert.deepEqual(stop.accepted.lnd, ['running', 'held']);
    assert.deepEqual(stop.accepted['archy-lnd-ui'], ['running', 'held']);
    // the companions' choice applies where their backend surely stopped
    const known = makeStack(DEFAULT_STACK, { companions: 'stop-and-stay', dependants: 'stop-and-return' });
    const sure = expectationOf(known, all, { kind: 'stop', app: 'bitcoin-knots' });
    assert.deepEqual(sure.accepted.lnd, ['held']);
    assert.deepEqual(sure.accepted['archy-lnd-ui'], ['held']);
    const keeps = makeStack(DEFAULT_STACK, { dependants: 'keep-state' });
    assert.equal(expectationOf(keeps, all, { kind: 'stop', app: 'bitcoin-knots' }).accepted['archy-lnd-ui'], undefined);
  });

  it('a node event keeps stopped and held apps stopped; an install caught waiting finishes or is undone', () => {
    const m: ModelState = {
      ...withKnots,
      'bitcoin-knots': 'stopped',
      'archy-bitcoin-ui': 'held',
      lnd: 'waiting',
      filebrowser: 'stopped',
    };
    for (const kind of ['daemon-restart', 'reboot', 'kill-9'] as const) {
      const after = allowedAfter(stack, m, expectationOf(stack, m, { kind }), true);
      assert.deepEqual(after['bitcoin-knots'], ['stopped']);
      assert.deepEqual(after['archy-bitcoin-ui'], ['held']);
      assert.deepEqual(after.filebrowser, ['stopped']);
      assert.deepEqual(after.lnd, ['waiting', 'absent']);
    }
    const up: ModelState = { ...withKnots, lnd: 'waiting' };
    assert.deepEqual(expectationOf(stack, up, { kind: 'kill-9' }).accepted.lnd, ['waiting', 'running', 'absent']);
  });

  it('a refusal must start with a prefix of §1.3', () => {
    assert.ok(isDocumentedRefusal('Invalid state: lnd is already running'));
    assert.ok(isDocumentedRefusal('Already exists: lnd is already installed'));
    assert.ok(!isDocumentedRefusal('lnd is already running'));
  });
});

describe('labels and coverage', () => {
  it('labels say the own state, what is required, and the rival', () => {
    assert.equal(stateLabel(stack, fresh, 'bitcoin-core'), 'absent · no rival');
    assert.equal(stateLabel(stack, withKnots, 'bitcoin-core'), 'absent · rival in');
    assert.equal(stateLabel(stack, withKnots, 'lnd'), 'absent · needs up');
    for (const id of stack.ids) assert.ok(possibleLabels(stack, id).includes(stateLabel(stack, fresh, id)), id);
  });

  it('counts pairs and marks those under 20 runs', () => {
    const c = new Coverage(stack, ['install', 'stop']);
    c.record('filebrowser', 'running', 'stop', 'ok');
    c.record('filebrowser', 'running', 'install', 'refused');
    const r = c.report('sim');
    assert.equal(r.totals.reached, 2);
    assert.equal(r.totals.atLeast20, 0);
    assert.match(coverageMarkdown(r), /◐ 1 \(1 ok\)/);
  });
});

describe('observations', () => {
  it('maps entries to settled model states', () => {
    assert.equal(modelStateOf(undefined, []), 'absent');
    assert.equal(modelStateOf({ state: 'running', health: 'unhealthy' }, []), null);
    assert.equal(modelStateOf({ state: 'exited' }, []), 'stopped');
    assert.equal(modelStateOf({ state: 'installing' }, []), null);
    assert.equal(modelStateOf({ state: 'installing' }, ['waiting']), 'waiting');
  });

  it('surfaces: down when not running and no other backend answers; up only with the companion serving them', () => {
    assert.equal(surfaceExpectation(stack, withKnots, 'bitcoin-knots'), 'up');
    assert.equal(
      surfaceExpectation(stack, { ...withKnots, 'archy-bitcoin-ui': 'stopped' }, 'bitcoin-knots'),
      'unknown',
    );
    assert.equal(surfaceExpectation(stack, withKnots, 'bitcoin-core'), 'unknown');
    assert.equal(surfaceExpectation(stack, fresh, 'bitcoin-core'), 'down');
  });

  it('containers: running listed and up, uninstalled not listed', () => {
    const rows = [
      { name: 'filebrowser', state: 'running', image: null, health: null },
      { name: 'lnd', state: 'exited', image: null, health: null },
    ];
    assert.deepEqual(containerProblems(stack, fresh, rows), [
      'lnd is uninstalled but its container is still listed ("exited")',
    ]);
  });
});
