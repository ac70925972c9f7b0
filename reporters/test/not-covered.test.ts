/**
 * Cells that cannot run say why, in the class the gate judges them by (lib/not-covered.ts):
 * policy → not covered on <node>, not counted, a gate can pass; missing setting → the verdict fails
 * and names the setting; any other skip → "did not run", a failure. The scorecard shows ○ with the reason.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { appById } from '../../config/apps';
import { annotationOf, blockedNote, noteFromAnnotations, policyNote, settingNote } from '../../lib/not-covered';
import { runId, summariseGate, type GateInput, type PlannedRun, type RunOutcome } from '../gate-summary';
import { cellStatus } from '../scorecard/cell-status';
import { plannedRuns } from './planned-runs';

const ITER = 2;
const plan = (key: string, tags: string[]): PlannedRun[] => plannedRuns(key, tags, ITER);
const planned = [
  ...plan('knots-state', ['@L1', '@app:bitcoin-knots', '@cell:state']),
  ...plan('core-state', ['@L1', '@app:bitcoin-core', '@cell:state']),
];

function outcomes(core: RunOutcome): Map<string, RunOutcome> {
  const o = new Map<string, RunOutcome>();
  for (const p of planned) o.set(runId(p.key, p.repetition), p.key === 'core-state' ? core : { kind: 'passed' });
  return o;
}
const input = (core: RunOutcome, layers: GateInput['layers'] = ['L1']): GateInput => ({
  node: 'node-x',
  iterations: ITER,
  layers,
  planned,
  outcomes: outcomes(core),
  runErrors: [],
  now: new Date(0),
});

const policy = policyNote('node-x', 'protected bitcoin-knots would have to be uninstalled for bitcoin-core');
const setting = settingNote('ARCHY_SSH_HOST', 'in .env.node-x to give the suite control of node-x');
const blocked = blockedNote('node-x', 'the login limiter stays closed', 'security-rate-limit');

test('the note survives the annotation round trip', () => {
  assert.deepEqual(noteFromAnnotations([{ type: 'skip', description: 'x' }, annotationOf(policy)]), policy);
  assert.deepEqual(noteFromAnnotations([annotationOf(setting)]), setting);
  assert.deepEqual(noteFromAnnotations([annotationOf(blocked)]), blocked);
  assert.equal(noteFromAnnotations([{ type: 'skip', description: 'policy: no' }]), undefined);
});

test('policy: the cell is not covered on the node with its reason, not "did not run"; the gate passes', () => {
  const r = summariseGate(input({ kind: 'skipped', reason: policy.reason, note: policy }));
  assert.equal(r.verdict, 'pass', r.reasons.join('\n'));
  assert.equal(r.cells['bitcoin-core/state'], undefined);
  assert.deepEqual(
    r.notCovered.map((n) => [n.app, n.cell, n.class, n.reason]),
    [['bitcoin-core', 'state', 'policy', policy.reason]],
  );
  const status = cellStatus(appById('bitcoin-core'), 'state', [r], ITER);
  assert.equal(status.mark, '○');
  assert.equal(status.text, `○ ${policy.reason}`);
  assert.match(status.text, /^○ not covered on node-x: protected bitcoin-knots/);
});

test('missing setting: the gate fails and names the setting; the scorecard says which setting', () => {
  const r = summariseGate(input({ kind: 'skipped', reason: setting.reason, note: setting }, ['L1', 'L3']));
  assert.equal(r.verdict, 'fail');
  assert.match(
    r.reasons[0]!,
    /^missing setting ARCHY_SSH_HOST: 1 test not covered \(not covered: set ARCHY_SSH_HOST in \.env\.node-x/,
  );
  assert.deepEqual(r.cells['bitcoin-core/state'], { passed: 0, failed: 0, infra: 0, blocked: 0, skipped: ITER });
  const status = cellStatus(appById('bitcoin-core'), 'state', [r], ITER);
  assert.equal(status.text, `○ ${setting.reason}`);
});

test('any other skip is a failure of the run ("did not run")', () => {
  const r = summariseGate(input({ kind: 'skipped', reason: 'who knows' }));
  assert.equal(r.verdict, 'fail');
  assert.match(r.reasons.join('\n'), /bitcoin-core\/state: 2 of 2 runs did not run \(who knows\)/);
});

test('policy in one repetition only is not a policy exclusion (the runs that did not run count)', () => {
  const o = outcomes({ kind: 'passed' });
  o.set(runId('core-state', 1), { kind: 'skipped', reason: policy.reason, note: policy });
  const r = summariseGate({ ...input({ kind: 'passed' }), outcomes: o });
  assert.equal(r.verdict, 'fail');
  assert.equal(r.notCovered.length, 0);
});

test('blocked by another cell: the gate fails ("did not run"), naming the reason and the cell that judges it', () => {
  const r = summariseGate(input({ kind: 'skipped', reason: blocked.reason, note: blocked }));
  assert.equal(r.verdict, 'fail');
  assert.equal(r.notCovered.length, 0);
  assert.match(
    r.reasons.join('\n'),
    /bitcoin-core\/state: 2 of 2 runs did not run \(could not be judged on node-x: the login limiter stays closed \(judged by security-rate-limit\)\)/,
  );
});
