import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { TestResult } from 'allure-js-commons';
import { copyShardResults, renumberResult } from '../allure-shards';

function result(repetition?: number): TestResult {
  return {
    uuid: `u-${repetition ?? 0}`,
    name: 'lnd present',
    fullName: 'api-specs/apps.spec.ts#lnd lnd present',
    testCaseId: 'tc-lnd-present',
    historyId: 'stale',
    parameters: [
      { name: 'Project', value: 'sim' },
      ...(repetition === undefined ? [] : [{ name: 'Repetition', value: String(repetition) }]),
    ],
  } as TestResult;
}

test("two shards' first iterations become two runs, not a run and its retry", () => {
  const shard1 = renumberResult(result(1), 0);
  const shard2 = renumberResult(result(1), 3);
  assert.equal(shard2.parameters.find((p) => p.name === 'Repetition')?.value, '4');
  assert.notEqual(shard1.historyId, shard2.historyId);
  assert.match(shard2.historyId ?? '', /^tc-lnd-present:[0-9a-f]{32}$/);
  assert.equal(renumberResult(result(4), 0).historyId, shard2.historyId, 'the same iteration has the same history');
});

test('a shard of one iteration (no Repetition parameter) gets its iteration number', () => {
  const r = renumberResult(result(), 7);
  assert.equal(r.parameters.find((p) => p.name === 'Repetition')?.value, '8');
});

test('copying renumbers the results and copies attachments unchanged', () => {
  const from = mkdtempSync(join(tmpdir(), 'allure-shard-'));
  const to = mkdtempSync(join(tmpdir(), 'allure-merged-'));
  writeFileSync(join(from, 'a-result.json'), JSON.stringify(result(2)));
  writeFileSync(join(from, 'b-attachment.json'), '{"x":1}');
  copyShardResults(from, to, 5);
  assert.deepEqual(readdirSync(to).sort(), ['a-result.json', 'b-attachment.json']);
  const copied = JSON.parse(readFileSync(join(to, 'a-result.json'), 'utf8')) as TestResult;
  assert.equal(copied.parameters.find((p) => p.name === 'Repetition')?.value, '7');
  assert.equal(readFileSync(join(to, 'b-attachment.json'), 'utf8'), '{"x":1}');
});
