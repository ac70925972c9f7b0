/**
 * `npm run scorecard [-- --update <path/to/TESTING.md>] [--node <name>]... [--no-list] [--required N]`
 *
 * Renders archy-TESTING.md's matrix, layer table and KPI "Today" column from the latest gate
 * results (reports/gate/*.json) and performance results (reports/perf/*.json); writes
 * reports/scorecard.md and reports/scorecard.html; with --update, rewrites those sections of the
 * given TESTING.md in place (between archy-e2e markers, added the first time).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { GATE_DIR, REPORTS_DIR, readGateResults } from '../reporters/gate-files';
import { REQUIRED_ITERATIONS } from '../reporters/scorecard/cell-status';
import { readPerfResults } from '../reporters/scorecard/kpi-table';
import { buildScorecard } from '../reporters/scorecard/scorecard';
import { listSuite, type LayerListing } from '../reporters/scorecard/suite-listing';
import { updateDocument } from '../reporters/scorecard/update-doc';
import { readExploreCoverage } from '../reporters/scorecard/explore-section';

interface Args {
  update?: string;
  nodes: string[];
  list: boolean;
  required: number;
}

function cliArgs(argv: string[]): Args {
  const { values } = parseArgs({
    args: argv,
    options: {
      update: { type: 'string' },
      node: { type: 'string', multiple: true, default: [] },
      project: { type: 'string', multiple: true, default: [] },
      'no-list': { type: 'boolean', default: false },
      required: { type: 'string' },
    },
  });
  const required = values.required === undefined ? REQUIRED_ITERATIONS : Number(values.required);
  if (!Number.isInteger(required) || required < 1) throw new Error('--required must be a positive integer');
  return { update: values.update, nodes: [...values.node, ...values.project], list: !values['no-list'], required };
}

function mergeListings(listings: LayerListing[]): LayerListing {
  const merged: LayerListing = {};
  for (const l of listings) {
    for (const [layer, entry] of Object.entries(l) as [
      keyof LayerListing,
      NonNullable<LayerListing[keyof LayerListing]>,
    ][]) {
      const into = (merged[layer] ??= { tests: new Set(), suites: new Set() });
      entry.tests.forEach((t) => into.tests.add(t));
      entry.suites.forEach((s) => into.suites.add(s));
    }
  }
  return merged;
}

function main(): number {
  const args = cliArgs(process.argv.slice(2));
  let results = readGateResults(GATE_DIR);
  if (args.nodes.length) results = results.filter((r) => args.nodes.includes(r.node));
  const listings = args.list
    ? results.map((r) => listSuite(r.node)).filter((l): l is LayerListing => l !== undefined)
    : [];
  const scorecard = buildScorecard({
    results,
    listing: listings.length ? mergeListings(listings) : undefined,
    perf: readPerfResults(join(REPORTS_DIR, 'perf')),
    explore: readExploreCoverage(join(REPORTS_DIR, 'explore')).filter(
      (c) => !args.nodes.length || args.nodes.includes(c.node),
    ),
    required: args.required,
  });
  mkdirSync(REPORTS_DIR, { recursive: true });
  writeFileSync(join(REPORTS_DIR, 'scorecard.md'), scorecard.markdown);
  writeFileSync(join(REPORTS_DIR, 'scorecard.html'), scorecard.html);
  console.log(scorecard.markdown);
  console.log(
    `scorecard: wrote ${join(REPORTS_DIR, 'scorecard.md')} and ${join(REPORTS_DIR, 'scorecard.html')} from ${results.length} gate result(s)`,
  );
  if (args.update) {
    const before = readFileSync(args.update, 'utf8');
    const after = updateDocument(before, scorecard.sections);
    writeFileSync(args.update, after);
    console.log(`scorecard: ${after === before ? 'no change to' : 'updated'} ${args.update}`);
  }
  return 0;
}

try {
  process.exitCode = main();
} catch (error) {
  console.error(`scorecard: ${(error as Error).message}`);
  process.exitCode = 1;
}
