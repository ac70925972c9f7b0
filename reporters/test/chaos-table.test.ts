import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { GateResult, TestDetail } from '../gate-model';
import { chaosRows, renderChaosTable } from '../scorecard/chaos-table';
import { buildScorecard } from '../scorecard/scorecard';

const TITLE =
  'filebrowser chaos-oom: OOM kill of an app container — the node brings the container back or says stopped (budget 60 s on a real node)';

function detail(title: string, passed: number, failed: number): TestDetail {
  return {
    title,
    file: 'chaos/oom.spec.ts',
    layer: 'L5',
    app: 'filebrowser',
    passed,
    failed,
    infra: 0,
    blocked: 0,
    skipped: 0,
    passRate: { low: 0, high: 1, rate: passed / (passed + failed) },
    failures: [],
  };
}

function result(node: string, tests: TestDetail[], notCovered: GateResult['notCovered'] = []): GateResult {
  return {
    node,
    iterations: 2,
    cells: {},
    verdict: 'pass',
    layers: ['L5'],
    generatedAt: '2026-01-01T00:00:00.000Z',
    reasons: [],
    passRate: {},
    failureClasses: { infrastructure: 0, 'schema-drift': 0, 'install-timeout': 0, product: 0 },
    tests,
    notCovered,
    runErrors: [],
  };
}

test('one row per L5 scenario and node: cell from the title, recovery with its budget, runs and status', () => {
  const rows = chaosRows([
    result('sim', [detail(TITLE, 2, 0), { ...detail('lnd stop: x', 2, 0), layer: 'L1' }]),
    result('node-228', [], [{ title: TITLE, file: 'chaos/oom.spec.ts', layer: 'L5', reason: 'set ARCHY_SSH_HOST' }]),
    result('node-container', [detail(TITLE, 1, 1)]),
  ]);
  assert.deepEqual(
    rows.map((r) => [r.node, r.cell, r.app]),
    [
      ['node-228', 'chaos-oom', 'filebrowser'],
      ['node-container', 'chaos-oom', 'filebrowser'],
      ['sim', 'chaos-oom', 'filebrowser'],
    ],
  );
  const table = renderChaosTable(rows);
  assert.match(
    table,
    /\| OOM kill of an app container \| `chaos-oom` \| filebrowser \| sim \| the node brings .*\(budget 60 s on a real node\) \| 2 \/ 0 \/ 0 of 2 \| ● \|/,
  );
  assert.match(table, /\| node-container \| .* \| 1 \/ 1 \/ 0 of 2 \| ○ 1 failed \|/);
  assert.match(table, /\| node-228 \| .* \| ○ not covered: set ARCHY_SSH_HOST \|/);
});

test('the scorecard has the L5 table', () => {
  const md = buildScorecard({ results: [result('sim', [detail(TITLE, 2, 0)])], perf: {} }).markdown;
  assert.match(md, /### L5 chaos scenarios\n\n\| Scenario \| Cell/);
});
