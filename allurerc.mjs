// Allure 3 configuration for archy-e2e (`npm run report`, `allure quality-gate` in `npm run gate`).
//
// - one environment per node: every folder under reports/allure-results/ is a node; its results
//   carry the label node=<name> (reporters/allure-labels.ts) and its facts come from
//   reports/env/<node>.json (written by the suite's setup project);
// - history across runs in reports/allure-history.jsonl (trend charts, flaky/new markers);
// - categories that separate infrastructure, product failure, schema drift and install timeout,
//   from the `failure` label the gate's classifier sets (reporters/classify.ts);
// - quality gate per node that agrees with the gate's verdict: for each reports/gate/<node>.json,
//   no product failure, no infrastructure failure (inconclusive is not a pass), at least
//   tests × iterations runs that actually ran (so "did not run" is never "passed"), and every
//   expected cell run in every iteration (rule `cellsRan`, counted from the results' app/cell labels),
//   and, for a gate with --layers …,explore, an exploration that finished without a failing sequence
//   (rule `explorationPassed`, from the gate result).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { qualityGateDefaultRules } from '@allurereport/core';
import { defineConfig } from 'allure';

const REPORTS = 'reports';
const RESULTS = join(REPORTS, 'allure-results');
const GATE = join(REPORTS, 'gate');

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

function listDirs(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}

const SECRET_KEY = /pass(word)?|secret|token|cookie|csrf|session|key$/i;

/** Flat string facts of a node, without anything that looks like a secret. */
function nodeFacts(node) {
  const facts = { node };
  const visit = (prefix, value) => {
    if (value === null || value === undefined) return;
    if (typeof value === 'object' && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) visit(prefix ? `${prefix}.${k}` : k, v);
      return;
    }
    if (SECRET_KEY.test(prefix.split('.').pop() ?? '')) return;
    facts[prefix] = Array.isArray(value) ? value.join(', ') : String(value);
  };
  visit('', readJson(join(REPORTS, 'env', `${node}.json`)) ?? {});
  return facts;
}

const label = (tr, name) => tr.labels?.find((l) => l.name === name)?.value;

const nodes = listDirs(RESULTS);

const environments = Object.fromEntries(
  nodes.map((node) => [
    node,
    {
      name: node,
      variables: nodeFacts(node),
      matcher: ({ labels }) => labels.some((l) => l.name === 'node' && l.value === node),
    },
  ]),
);

// ARCHY_GATE_NODES (set by scripts/gate.ts) limits the rules to the node being gated.
const gatedNodes = process.env.ARCHY_GATE_NODES?.split(',').filter(Boolean);

/** Every expected `<app>/<cell>` has at least `iterations` results that ran (not skipped). */
const cellsRanRule = {
  rule: 'cellsRan',
  message: ({ actual, expected }) =>
    `${actual.length} of ${expected.cells.length} expected cells ran fewer than ${expected.iterations} times: ${actual.slice(0, 10).join(', ')}`,
  successMessage: ({ expected }) => `all ${expected.cells.length} expected cells ran ${expected.iterations} times`,
  validate: async ({ trs, expected }) => {
    const runs = new Map();
    for (const tr of trs) {
      if (tr.status === 'skipped') continue;
      const key = `${label(tr, 'app')}/${label(tr, 'cell')}`;
      runs.set(key, (runs.get(key) ?? 0) + 1);
    }
    const short = expected.cells.filter((cell) => (runs.get(cell) ?? 0) < expected.iterations);
    return { success: short.length === 0, actual: short, testResults: [] };
  },
};

/** `npm run gate -- --layers …,explore`: the exploration the gate result records found no failing sequence and finished. */
const explorationRule = {
  rule: 'explorationPassed',
  message: ({ expected }) => `the exploration failed: ${expected.reason}`,
  successMessage: () => 'the exploration found no failing sequence',
  validate: async ({ expected }) => ({
    success: expected.outcome === 'pass',
    actual: expected.outcome,
    testResults: [],
  }),
};

function qualityGateRules() {
  const rules = [];
  const files = existsSync(GATE)
    ? readdirSync(GATE)
        .filter((f) => f.endsWith('.json'))
        .sort()
    : [];
  for (const file of files.filter((f) => !gatedNodes || gatedNodes.includes(f.replace(/\.json$/, '')))) {
    const gate = readJson(join(GATE, file));
    if (!gate || typeof gate.node !== 'string' || !Array.isArray(gate.tests)) continue;
    const layers = new Set(gate.layers ?? []);
    const gated = (tr) => label(tr, 'node') === gate.node && layers.has(label(tr, 'layer'));
    rules.push(
      {
        id: `${gate.node}:product`,
        maxFailures: 0,
        filter: (tr) => gated(tr) && label(tr, 'failure') !== 'infrastructure',
      },
      {
        id: `${gate.node}:infrastructure`,
        maxFailures: 0,
        filter: (tr) => label(tr, 'node') === gate.node && label(tr, 'failure') === 'infrastructure',
      },
      {
        id: `${gate.node}:ran`,
        minTestsCount: gate.tests.length * gate.iterations,
        filter: (tr) => gated(tr) && tr.status !== 'skipped',
      },
      {
        id: `${gate.node}:cells`,
        cellsRan: { cells: Object.keys(gate.cells ?? {}), iterations: gate.iterations },
        filter: gated,
      },
    );
    const e = gate.exploration;
    if (e)
      rules.push({
        id: `${gate.node}:exploration`,
        explorationPassed: {
          outcome: e.outcome,
          reason: e.failure ? `a failing sequence, replay ${e.failure.replayFile}` : (e.error ?? 'no failing sequence'),
        },
        filter: (tr) => label(tr, 'node') === gate.node,
      });
  }
  return rules;
}

const failureIs = (value) => ({ statuses: ['failed', 'broken'], labels: { failure: value } });

export default defineConfig({
  name: 'archy-e2e',
  output: join(REPORTS, 'allure-report'),
  historyPath: join(REPORTS, 'allure-history.jsonl'),
  // scripts/report.ts sets 0 when these very results are already in the history
  appendHistory: process.env.ARCHY_ALLURE_APPEND_HISTORY !== '0',
  environments,
  categories: {
    rules: [
      {
        id: 'infrastructure',
        name: 'Infrastructure (node or network did not answer)',
        matchers: failureIs('infrastructure'),
        groupBy: ['environment'],
        expand: true,
      },
      {
        id: 'schema-drift',
        name: 'Schema drift (the node answered in an unknown shape)',
        matchers: failureIs('schema-drift'),
        groupBy: [{ label: 'app' }],
      },
      {
        id: 'install-timeout',
        name: 'Install timeout',
        matchers: failureIs('install-timeout'),
        groupBy: [{ label: 'app' }],
      },
      {
        id: 'product',
        name: 'Product failure',
        matchers: failureIs('product'),
        groupBy: [{ label: 'app' }, { label: 'cell' }],
        expand: true,
      },
    ],
  },
  qualityGate: { rules: qualityGateRules(), use: [...qualityGateDefaultRules, cellsRanRule, explorationRule] },
  plugins: {
    awesome: {
      options: {
        reportName: 'archy-e2e',
        singleFile: false,
        groupBy: ['parentSuite', 'feature', 'story'],
      },
    },
  },
});
