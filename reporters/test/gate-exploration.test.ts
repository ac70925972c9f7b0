/**
 * reporters/gate-exploration.ts: the exploration of `--layers …,explore` folded into a node's gate
 * result. A failing sequence or an exploration that did not finish fails the verdict, as a product
 * error the release verdict sees too; the shrunk steps, the replay file and the reproduce commands
 * are in the JSON and the Markdown.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withExploration } from '../gate-exploration';
import { renderGateMarkdown } from '../gate-markdown';
import { releaseVerdict } from '../gate-release';
import type { GateExploration, GateResult } from '../gate-model';

const passed: GateResult = {
  node: 'sim',
  iterations: 1,
  cells: {},
  verdict: 'pass',
  layers: ['L1'],
  generatedAt: new Date(0).toISOString(),
  reasons: [],
  passRate: {},
  failureClasses: { product: 0, 'schema-drift': 0, 'install-timeout': 0, infrastructure: 0 },
  tests: [],
  notCovered: [],
  runErrors: [],
};

const ran = {
  playwrightExit: 0,
  wallMs: 90_000,
  seed: 7,
  runs: 20,
  maxSteps: 10,
  sequences: 20,
  steps: 160,
  stack: ['bitcoin-knots', 'archy-bitcoin-ui'],
  coverage: { possible: 296, reached: 88, atLeast20: 0, file: 'reports/explore/coverage-sim.md' },
};

test('an exploration with no failing sequence keeps the verdict and is reported', () => {
  const r = withExploration(passed, { outcome: 'pass', ...ran });
  assert.equal(r.verdict, 'pass');
  assert.deepEqual(r.runErrors, []);
  assert.equal(r.exploration?.sequences, 20);
  const md = renderGateMarkdown(r);
  assert.match(md, /## Exploration/);
  assert.match(md, /20 of 20 sequences, 160 steps/);
  assert.match(md, /88 of 296 reached/);
});

test('a failing sequence fails the node and the release, with its steps, replay file and reproduce commands', () => {
  const e: GateExploration = {
    outcome: 'fail',
    ...ran,
    playwrightExit: 1,
    failure: {
      message:
        '[node sim] step 2 start bitcoin-knots (stopped): archy-bitcoin-ui: expected stopped, node shows running',
      steps: ['1. stop bitcoin-knots (running) → accepted: stopped', '2. start bitcoin-knots (stopped) → failed: …'],
      replayFile: 'reports/explore/sim-2026-12-07T04-54-45-444Z.json',
      reproduce: ['npm run explore -- --replay reports/explore/sim-2026-12-07T04-54-45-444Z.json'],
      foundAtSequence: 3,
      shrinks: 2,
    },
  };
  const r = withExploration(passed, e);
  assert.equal(r.verdict, 'fail');
  assert.equal(r.runErrors.length, 1);
  assert.equal(r.runErrors[0]!.where, 'exploration');
  assert.match(r.reasons[0]!, /replay reports\/explore\/sim-2026-12-07T04-54-45-444Z\.json/);
  const md = renderGateMarkdown(r);
  assert.match(md, /2\. start bitcoin-knots \(stopped\) → failed/);
  assert.match(md, /npm run explore -- --replay reports\/explore\/sim-/);
  assert.equal(releaseVerdict([r], { required: 1 }).verdict, 'fail');
});

test('an exploration that left no result is a failure, never a pass', () => {
  const r = withExploration(passed, {
    outcome: 'fail',
    playwrightExit: 1,
    wallMs: 5_000,
    error: 'it left no result (playwright exit 1)',
  });
  assert.equal(r.verdict, 'fail');
  assert.match(renderGateMarkdown(r), /Did not finish: it left no result/);
});
