import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gateGrep, iterationShares, parseGateArgs, playwrightGateArgs, resolveSims } from '../gate-args';
import { twoNodeGateArgv } from '../../tests/support/gate-argv';

test('defaults: 20 iterations of L1, L2, L3, within 3.5 hours', () => {
  const a = parseGateArgs(['--project=sim']);
  assert.deepEqual(a, {
    projects: ['sim'],
    repeatEach: 20,
    layers: ['L1', 'L2', 'L3'],
    requireAllCells: false,
    explore: false,
    sims: 1,
    simsGiven: false,
    maxHours: 3.5,
    passThrough: [],
  });
  assert.deepEqual(playwrightGateArgs('sim', a), [
    'test',
    '--project=sim',
    '--repeat-each=20',
    '--retries=0',
    '--grep=@L1\\b|@L2\\b|@L3\\b',
  ]);
});

test('several nodes, repeat-each with a space, layers, pass-through options', () => {
  const a = parseGateArgs([
    '--project',
    'node-228,node-198',
    '--repeat-each',
    '2',
    '--layers=L1,L2,L4',
    '--require-all-cells',
    '--workers=2',
  ]);
  assert.equal(a.requireAllCells, true);
  assert.deepEqual(a.projects, ['node-228', 'node-198']);
  assert.equal(a.repeatEach, 2);
  assert.deepEqual(a.layers, ['L1', 'L2', 'L4']);
  assert.deepEqual(a.passThrough, ['--workers=2']);
});

test('several nodes go to one Playwright process; --grep narrows the gated layers (both must match)', () => {
  const a = parseGateArgs(twoNodeGateArgv('@app:bitcoin-'));
  assert.deepEqual(playwrightGateArgs(a.projects, a).slice(0, 3), ['test', '--project=node-a', '--project=node-b']);
  const re = new RegExp(gateGrep(a));
  assert.ok(re.test('bitcoin-knots present @L1 @app:bitcoin-knots @cell:present'));
  assert.ok(!re.test('lnd present @L1 @app:lnd @cell:present'), 'not the grep');
  assert.ok(!re.test('bitcoin-knots reboot @L3 @app:bitcoin-knots @cell:reboot'), 'not a gated layer');
});

test('--layers …,explore asks for the exploration after the gated layers; it is not a layer of its own', () => {
  const a = parseGateArgs(['--project=sim', '--layers', 'L1,L2,L3,explore']);
  assert.equal(a.explore, true);
  assert.deepEqual(a.layers, ['L1', 'L2', 'L3']);
  assert.equal(gateGrep(a), '@L1\\b|@L2\\b|@L3\\b', 'the layers run grep only the L-layers');
  assert.equal(parseGateArgs(['--project=sim', '--layers=L1']).explore, false);
  assert.throws(() => parseGateArgs(['--project=sim', '--layers=explore']), /at least one layer beside explore/);
});

test('what the gate fixes cannot be overridden, and a node is required', () => {
  assert.throws(() => parseGateArgs([]), /name the node/);
  assert.throws(() => parseGateArgs(['--project=sim', '--retries=2']), /fixed by the gate/);
  assert.throws(() => parseGateArgs(['--project=sim', '--max-failures=1']), /fixed by the gate/);
  assert.throws(() => parseGateArgs(['--project=sim', '--repeat-each=0']), /positive integer/);
  assert.throws(() => parseGateArgs(['--project=sim', '--layers=L9']), /Unknown layer/);
});

test('--sims is for the sim only, and the gate sets --shard itself', () => {
  assert.equal(parseGateArgs(['--project=sim', '--sims', '2']).sims, 2);
  assert.throws(() => parseGateArgs(['--project=node-228', '--sims', '2']), /for --project=sim only/);
  assert.throws(() => parseGateArgs(['--project=sim', '--shard=1/2']), /set by the gate/);
});

test('sims by default: 4 per core (at most 8, at most the iterations) for the sim the gate starts itself, else 1', () => {
  assert.equal(resolveSims(parseGateArgs(['--project=sim']), 2, false), 8);
  assert.equal(resolveSims(parseGateArgs(['--project=sim']), 16, false), 8);
  assert.equal(resolveSims(parseGateArgs(['--project=sim']), 1, false), 4);
  assert.equal(
    resolveSims(parseGateArgs(['--project=sim', '--repeat-each', '3']), 2, false),
    3,
    'a sim per iteration at most',
  );
  assert.equal(
    resolveSims(parseGateArgs(['--project=sim']), 8, true),
    1,
    'an external sim (ARCHY_SIM_READY) is one sim',
  );
  assert.equal(resolveSims(parseGateArgs(['--project=node-228']), 8, false), 1);
  assert.equal(resolveSims(parseGateArgs(['--project=sim', '--sims', '3']), 2, false), 3, '--sims wins');
  assert.equal(resolveSims(parseGateArgs(['--project=sim', '--sims', '1']), 8, false), 1);
  assert.equal(
    resolveSims(parseGateArgs(['--project=sim', '-c', 'other.config.ts']), 8, false),
    1,
    'another config: one process',
  );
  assert.equal(resolveSims(parseGateArgs(['--project=sim', '--config=other.config.ts']), 8, false), 1);
});

test("Playwright's own options and files pass through as written, in their order", () => {
  const a = parseGateArgs([
    '--project=sim',
    '--workers',
    '2',
    '--trace=on',
    'api-specs/apps.spec.ts',
    '--repeat-each',
    '3',
  ]);
  assert.equal(a.repeatEach, 3);
  assert.deepEqual(a.passThrough, ['--workers', '2', '--trace=on', 'api-specs/apps.spec.ts']);
});

test('an option of the gate without its value, or out of range, is a clear error', () => {
  assert.throws(() => parseGateArgs(['--project=sim', '--repeat-each']), /--repeat-each needs a value/);
  assert.throws(() => parseGateArgs(['--project=sim', '--sims=9']), /--sims must be an integer from 1 to 8, got 9/);
  assert.throws(() => parseGateArgs(['--project=sim', '--repeat-each=0']), /--repeat-each must be a positive integer/);
  assert.throws(() => parseGateArgs(['--project=sim', '-x']), /-x is fixed by the gate/);
});

test('each sim runs whole iterations, as even as they go, never an empty share', () => {
  assert.deepEqual(iterationShares(20, 8), [3, 3, 3, 3, 2, 2, 2, 2]);
  assert.deepEqual(iterationShares(20, 3), [7, 7, 6]);
  assert.deepEqual(iterationShares(2, 8), [1, 1]);
  assert.deepEqual(iterationShares(5, 1), [5]);
  for (const [n, sims] of [
    [20, 8],
    [7, 3],
    [1, 4],
  ])
    assert.equal(
      iterationShares(n, sims).reduce((a, b) => a + b, 0),
      n,
    );
});

test('--max-hours: a positive number of hours, not passed to Playwright', () => {
  const a = parseGateArgs(['--project=sim', '--max-hours', '0.05', '--workers=2']);
  assert.equal(a.maxHours, 0.05);
  assert.deepEqual(a.passThrough, ['--workers=2']);
  assert.equal(parseGateArgs(['--project=sim', '--max-hours=2']).maxHours, 2);
  assert.throws(() => parseGateArgs(['--project=sim', '--max-hours', '0']), /--max-hours must be a positive number/);
  assert.throws(() => parseGateArgs(['--project=sim', '--max-hours', 'soon']), /--max-hours must be a positive number/);
});
