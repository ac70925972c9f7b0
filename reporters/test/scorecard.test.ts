import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { APPS, appById, CELLS, CELL_TITLES } from '../../config/apps';
import type { GateResult, RunCounts } from '../gate-model';
import { runCounts as c } from './planned-runs';
import { cellStatus, matrixStatus } from '../scorecard/cell-status';
import { heatColour } from '../scorecard/heatmap-html';
import { renderKpiTable } from '../scorecard/kpi-table';
import { buildScorecard } from '../scorecard/scorecard';
import { endMarker, startMarker, updateDocument } from '../scorecard/update-doc';

const TESTING = readFileSync(join(__dirname, 'fixtures', 'archy-TESTING.md'), 'utf8');
const lines = TESTING.split('\n');

function gate(
  node: string,
  iterations: number,
  cells: Record<string, RunCounts>,
  extra: Partial<GateResult> = {},
): GateResult {
  return {
    node,
    iterations,
    cells,
    verdict: 'pass',
    layers: ['L1', 'L2', 'L3'],
    generatedAt: '2026-01-01T00:00:00.000Z',
    reasons: [],
    passRate: {},
    failureClasses: { infrastructure: 0, 'schema-drift': 0, 'install-timeout': 0, product: 0 },
    tests: [],
    notCovered: [],
    runErrors: [],
    ...extra,
  };
}

test('marks: ● 20/20, ◐ partial or short, ○ none or not covered, n/a', () => {
  const knots = appById('bitcoin-knots');
  const r = [
    gate('sim', 20, { 'bitcoin-knots/present': c(20), 'bitcoin-knots/state': c(18, 2), 'bitcoin-knots/rpc': c(0, 20) }),
  ];
  assert.equal(cellStatus(knots, 'present', r).text, '● 20/20');
  assert.equal(cellStatus(knots, 'state', r).text, '◐ 18/20 — 2 product failures');
  assert.equal(cellStatus(knots, 'rpc', r).mark, '○');
  assert.match(cellStatus(knots, 'reboot', r).text, /^○ not covered — /);
  assert.equal(cellStatus(appById('archy-lnd-ui'), 'rpc', r).text, 'n/a');
  const short = [gate('sim', 2, { 'bitcoin-knots/present': c(2) })];
  assert.equal(cellStatus(knots, 'present', short).text, '◐ 2/2 — only 2 of 20 iterations');
});

test('several nodes: the worst node decides the mark, each node is named', () => {
  const knots = appById('bitcoin-knots');
  const r = [
    gate('node-198', 20, { 'bitcoin-knots/present': c(19, 0, 1) }),
    gate('node-228', 20, { 'bitcoin-knots/present': c(20) }),
  ];
  const s = cellStatus(knots, 'present', r);
  assert.equal(s.mark, '◐');
  assert.equal(s.text, '◐ node-198 19/20 — 1 infrastructure; node-228 20/20');
});

test('the reason of a not-covered cell comes from the declared skip', () => {
  const r = [
    gate(
      'sim',
      20,
      {},
      {
        notCovered: [
          { title: 't', file: 'f', app: 'bitcoin-core', cell: 'present', reason: 'conflicts with bitcoin-knots' },
        ],
      },
    ),
  ];
  assert.equal(cellStatus(appById('bitcoin-core'), 'present', r).text, '○ not covered — conflicts with bitcoin-knots');
});

/** The cells of a Markdown table row ("| a | b |" → ["a", "b"]). */
const cellsOf = (row: string): string[] =>
  row
    .split('|')
    .slice(1, -1)
    .map((c) => c.trim());

test('the matrix has a column per cell and a row per app, from the catalogue, in its order', () => {
  const { markdown } = buildScorecard({ results: [], perf: {} });
  const rows = markdown.split('\n');
  const at = rows.findIndex((l) => l.startsWith('| App |'));
  assert.deepEqual(cellsOf(rows[at]!), ['App', ...CELLS.map((c) => CELL_TITLES[c])]);
  assert.deepEqual(cellsOf(rows[at + 1]!), Array(CELLS.length + 1).fill('---'));
  const body = rows.slice(at + 2, at + 2 + APPS.length);
  assert.deepEqual(
    body.map((r) => cellsOf(r)[0]),
    APPS.map((a) => a.id),
  );
  for (const row of body) assert.equal(cellsOf(row).length, CELLS.length + 1, row);
  assert.equal(matrixStatus([]).flat().length, APPS.length * CELLS.length, 'a status for every app × cell');
});

test("the team's document and the matrix agree where the document speaks: its columns and apps, in order", () => {
  const header = cellsOf(lines.find((l) => l.startsWith('| App |'))!);
  const titles = ['App', ...CELLS.map((c) => CELL_TITLES[c])];
  // Each column the document has is one of the catalogue's, in the same order (the catalogue may have more).
  assert.deepEqual(
    titles.filter((t) => header.includes(t)),
    header,
  );
  const docApps = lines.filter((l) => /^\| [a-z-]+ \|/.test(l)).map((l) => cellsOf(l)[0]!);
  const ids: string[] = APPS.map((a) => a.id);
  const known = docApps.filter((a) => ids.includes(a));
  assert.ok(known.length > 0, 'the document names apps of the catalogue');
  assert.deepEqual(
    ids.filter((id) => known.includes(id)),
    known,
  );
});

test("the KPI table without measurements is byte for byte the document's", () => {
  const start = lines.findIndex((l) => l.startsWith('| KPI |'));
  const docTable = lines.slice(start, start + 7).join('\n');
  assert.equal(renderKpiTable({}), docTable);
});

test('the KPI "Today" column takes measurements per node', () => {
  const table = renderKpiTable({ sim: { 'cold-install:lnd': { value: 41.25, unit: 's', samples: 5 } } });
  assert.match(table, /\| cold install: lnd \| 41\.3s \(n=5\) on sim \| < 60s once image is local \|/);
});

test('--update puts markers around the three sections, leaves the rest untouched, keeps L0, and is idempotent', () => {
  const results = [gate('sim', 20, { 'lnd/present': c(20) })];
  const { sections } = buildScorecard({ results, perf: {} });
  const once = updateDocument(TESTING, sections);
  for (const id of ['matrix', 'layers', 'kpi']) {
    assert.ok(once.includes(startMarker(id)) && once.includes(endMarker(id)), id);
  }
  assert.ok(once.includes('| L0 unit | 631 | n/a | ● green |'), 'the L0 row is kept');
  assert.ok(!once.includes('Done: 50 of 110 cells.'), 'the Done line is replaced');
  assert.ok(once.includes('| lnd | ● 20/20 |'));
  // everything outside the markers is unchanged
  const strip = (doc: string): string =>
    doc.replace(/<!-- archy-e2e:(\w+):start -->[\s\S]*?<!-- archy-e2e:\1:end -->\n?/g, '');
  const removedFromOriginal = TESTING.replace(/\| App \|[\s\S]*?v1\.7\.52 tags\.\n/, '')
    .replace(/\| Layer \| Tests[\s\S]*?\| L6 performance[^\n]*\n/, '')
    .replace(/\| KPI \| Today[\s\S]*?\| daemon startup[^\n]*\n/, '');
  assert.equal(strip(once), removedFromOriginal);
  assert.equal(updateDocument(once, sections), once, 'a second update changes nothing');
});

test('a document with only one marker of a section is refused', () => {
  const { sections } = buildScorecard({ results: [], perf: {} });
  assert.throws(() => updateDocument(`${startMarker('matrix')}\n${TESTING}`, sections), /only one of its markers/);
});

test('heat-map colours run from red at 0 % to green at 100 %', () => {
  assert.match(heatColour(0), /^hsl\(0,/);
  assert.match(heatColour(1), /^hsl\(120,/);
  const { html } = buildScorecard({ results: [gate('sim', 20, { 'lnd/present': c(10, 10) })], perf: {} });
  assert.match(html, /data-rate="0\.500"/);
  assert.match(html, /<table id="heatmap">/);
});
