/**
 * One release verdict from the gates of several nodes (issue 13: "Two nodes (and a fleet), one
 * release verdict"), written to `reports/release/release.{json,md}` by `npm run gate` with more than
 * one --project and by the nightly workflow's merging job (`npx tsx scripts/gate-release.ts`).
 *
 *   pass          every cell of the matrix (the cells any node planned, plus the catalogue's cells of
 *                 the gated layers with --require-all-cells) is covered by at least one node, and on
 *                 every node that covers it every run passed, in at least `required` iterations; and
 *                 no node has a failing test outside the matrix or a run error;
 *   inconclusive  nothing failed on the product, but some node had infrastructure failures;
 *   fail          anything else, each reason naming the node.
 * A node covers a cell when at least one of its runs of that cell ran (a cell whose every run a node
 * skipped, e.g. bitcoin-core on a node that runs bitcoin-knots, is not covered there).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GateResult, RunCounts, Verdict } from './gate-model';
import { REPORTS_DIR } from './gate-files';

export const RELEASE_DIR = join(REPORTS_DIR, 'release');

export interface ReleaseCell {
  /** Nodes that ran the cell at least once, with their counts. */
  coveredBy: { node: string; counts: RunCounts; iterations: number }[];
  /** Nodes on which the cell is not fully green (fewer passes than runs or iterations). */
  failingOn: string[];
}

export interface ReleaseResult {
  verdict: Verdict;
  generatedAt: string;
  required: number;
  nodes: { node: string; verdict: Verdict; iterations: number; generatedAt: string }[];
  cells: Record<string, ReleaseCell>;
  reasons: string[];
}

function ran(c: RunCounts): boolean {
  return c.passed + c.failed + c.infra > 0;
}

export function releaseVerdict(
  results: readonly GateResult[],
  options: { required: number; requiredCells?: readonly string[]; now?: Date },
): ReleaseResult {
  const product: string[] = [];
  const infra: string[] = [];
  const cells: Record<string, ReleaseCell> = {};
  const matrix = new Set<string>(options.requiredCells ?? []);
  for (const r of results) for (const key of Object.keys(r.cells)) matrix.add(key);

  for (const key of [...matrix].sort()) {
    const cell: ReleaseCell = { coveredBy: [], failingOn: [] };
    for (const r of results) {
      const counts = r.cells[key];
      if (!counts || !ran(counts)) continue;
      cell.coveredBy.push({ node: r.node, counts, iterations: r.iterations });
      const green = counts.passed === r.iterations && r.iterations >= options.required;
      if (green) continue;
      cell.failingOn.push(r.node);
      if (counts.failed > 0)
        product.push(`${key} on ${r.node}: ${counts.failed} of ${r.iterations} runs failed (product)`);
      else if (counts.infra > 0)
        infra.push(`${key} on ${r.node}: ${counts.infra} of ${r.iterations} runs failed on infrastructure`);
      else if (counts.skipped > 0)
        product.push(`${key} on ${r.node}: ${counts.skipped} of ${r.iterations} runs did not run`);
      else product.push(`${key} on ${r.node}: ${r.iterations} iterations, a release needs ${options.required}`);
    }
    if (cell.coveredBy.length === 0) {
      const why = results
        .map((r) => {
          const t = r.tests.find((t) => `${t.app}/${t.cell}` === key && t.skipReason);
          const nc = r.notCovered.find((n) => `${n.app}/${n.cell}` === key);
          return `${r.node}: ${t?.skipReason ?? nc?.reason ?? 'not planned'}`;
        })
        .join('; ');
      product.push(`${key}: covered by no node (${why})`);
    }
    cells[key] = cell;
  }

  for (const r of results) {
    for (const t of r.tests.filter((t) => !(t.app && t.cell))) {
      const name = `${t.file} › ${t.title}`;
      if (t.failed > 0) product.push(`${name} on ${r.node}: ${t.failed} of ${r.iterations} runs failed (product)`);
      if (t.infra > 0) infra.push(`${name} on ${r.node}: ${t.infra} of ${r.iterations} runs failed on infrastructure`);
    }
    for (const e of r.runErrors)
      (e.class === 'infrastructure' ? infra : product).push(`${r.node} ${e.where}: ${e.message}`);
  }
  if (results.length === 0) product.push('no node result to merge');

  const verdict: Verdict = product.length > 0 ? 'fail' : infra.length > 0 ? 'inconclusive' : 'pass';
  return {
    verdict,
    generatedAt: (options.now ?? new Date()).toISOString(),
    required: options.required,
    nodes: results.map((r) => ({
      node: r.node,
      verdict: r.verdict,
      iterations: r.iterations,
      generatedAt: r.generatedAt,
    })),
    cells,
    reasons: [...product, ...infra],
  };
}

/** The nodes a failing release names (those with a reason), for the one-line summary. */
export function failingNodes(release: ReleaseResult): string[] {
  return release.nodes
    .map((n) => n.node)
    .filter((node) => release.reasons.some((r) => r.includes(` on ${node}`) || r.startsWith(`${node} `)));
}

export function renderReleaseMarkdown(release: ReleaseResult): string {
  const lines = [
    `# Release verdict: ${release.verdict.toUpperCase()}`,
    '',
    `Generated ${release.generatedAt}; a cell must be ${release.required}/${release.required} on every node that covers it, and covered by at least one node.`,
    '',
    '| node | its own verdict | iterations | gate result |',
    '|---|---|---|---|',
    ...release.nodes.map((n) => `| ${n.node} | ${n.verdict} | ${n.iterations} | ${n.generatedAt} |`),
    '',
  ];
  if (release.reasons.length) lines.push('## Why', '', ...release.reasons.map((r) => `- ${r}`), '');
  const uncovered = Object.entries(release.cells)
    .filter(([, c]) => c.coveredBy.length === 0)
    .map(([k]) => k);
  lines.push(
    `Cells: ${Object.keys(release.cells).length}, covered by no node: ${uncovered.length ? uncovered.join(', ') : 'none'}.`,
    '',
  );
  return lines.join('\n');
}

export function writeRelease(root: string, release: ReleaseResult): { json: string; md: string } {
  const dir = join(root, RELEASE_DIR);
  mkdirSync(dir, { recursive: true });
  const json = join(dir, 'release.json');
  const md = join(dir, 'release.md');
  writeFileSync(json, `${JSON.stringify(release, null, 2)}\n`);
  writeFileSync(md, renderReleaseMarkdown(release));
  return { json, md };
}
