/**
 * The gate's sims each write reports/perf/<node>.json under their own output root; the gate merges
 * their raw samples into one file under the main root, so the scorecard's KPI table has the whole
 * gate's p50 / p95 (percentiles cannot be merged; samples can).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { mergePerfFiles, perfFile, writePerf, type Sample } from '../perf-reporter';
import { readPerfResults } from '../scorecard/kpi-table';

const install = (value: number): Sample => ({ id: 'install:lnd', value, unit: 'ms', timeScale: 0.05 });

function shardRoot(samples: Sample[]): string {
  const root = mkdtempSync(path.join(tmpdir(), 'archy-perf-shard-'));
  writePerf('sim', root, samples);
  return root;
}

test("the shards' samples make one file: p50 and p95 over all of them, what the scorecard reads", () => {
  const a = shardRoot([install(100), install(200)]);
  const b = shardRoot([
    install(300),
    install(400),
    { id: 'podman-calls:install', value: 3, unit: 'count', timeScale: 1 },
  ]);
  const main = mkdtempSync(path.join(tmpdir(), 'archy-perf-main-'));
  const merged = mergePerfFiles('sim', [perfFile('sim', a), perfFile('sim', b)], main);
  assert.deepEqual(merged, { samples: 5, unreadable: [] });
  const body = JSON.parse(readFileSync(perfFile('sim', main), 'utf8'));
  assert.equal(body.kpis['install:lnd'].samples, 4);
  assert.equal(body.kpis['install:lnd'].value, 200, 'p50 of 100, 200, 300, 400 (nearest rank)');
  assert.equal(body.kpis['install:lnd'].p95, 400);
  assert.equal(body.kpis['podman-calls:install'].value, 3);
  assert.equal(readPerfResults(path.join(main, 'reports', 'perf')).sim?.['install:lnd']?.value, 200);
});

test('a half-written shard file is named and left out; the others still merge; a missing one adds nothing', () => {
  const good = shardRoot([install(100)]);
  const broken = mkdtempSync(path.join(tmpdir(), 'archy-perf-broken-'));
  mkdirSync(path.dirname(perfFile('sim', broken)), { recursive: true });
  writeFileSync(perfFile('sim', broken), '{"node":"sim","kpis":{"install:lnd":{"val');
  const gone = path.join(tmpdir(), 'archy-perf-never-written', 'sim.json');
  const main = mkdtempSync(path.join(tmpdir(), 'archy-perf-main-'));
  const merged = mergePerfFiles('sim', [perfFile('sim', good), perfFile('sim', broken), gone], main);
  assert.equal(merged.samples, 1);
  assert.equal(merged.unreadable.length, 1);
  assert.match(merged.unreadable[0], /archy-perf-broken-.*sim\.json: /);
  assert.equal(JSON.parse(readFileSync(perfFile('sim', main), 'utf8')).kpis['install:lnd'].samples, 1);
});

test('no samples anywhere: the main root keeps the file it had', () => {
  const main = shardRoot([install(700)]);
  const before = readFileSync(perfFile('sim', main), 'utf8');
  const empty = mkdtempSync(path.join(tmpdir(), 'archy-perf-empty-'));
  assert.deepEqual(mergePerfFiles('sim', [perfFile('sim', empty)], main), { samples: 0, unreadable: [] });
  assert.equal(readFileSync(perfFile('sim', main), 'utf8'), before);
  assert.ok(!existsSync(`${perfFile('sim', main)}.tmp`));
});
