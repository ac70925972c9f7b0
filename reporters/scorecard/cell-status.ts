/**
 * What the scorecard says about one matrix cell, from the latest gate result of each node:
 *   ●  every run passed, in at least the required number of iterations (20), on every node
 *   ◐  some passes, or fewer runs than required
 *   ○  no passing run, or not covered (with the reason)
 *   a cell with blocked runs says so: "◐ 19/20 — 1 blocked (blocked by bitcoin-knots/reinstall (…))";
 *   blocked runs are not passes
 *   n/a the cell does not apply to the app (config/apps.ts)
 */
import { APPS, CELLS, cellsFor, type AppEntry, type CellId } from '../../config/apps';
import type { GateResult, RunCounts } from '../gate-model';
import { cellKey } from '../../config/tags';

export const REQUIRED_ITERATIONS = 20;

export type Mark = '●' | '◐' | '○' | 'n/a';

export interface NodeCell {
  node: string;
  counts: RunCounts;
  iterations: number;
}

export interface CellStatus {
  app: string;
  cell: CellId;
  mark: Mark;
  /** The text of the matrix cell, e.g. "● 20/20", "◐ 18/20 — 2 product failures", "○ not covered — …". */
  text: string;
  /** Passes / runs over all nodes (null when not covered or n/a), for the heat-map. */
  passRate: number | null;
  nodes: NodeCell[];
}

function nodeMark(c: NodeCell, required: number): Mark {
  if (c.counts.passed === c.iterations && c.iterations >= required) return '●';
  if (c.counts.passed > 0) return '◐';
  return '○';
}

const RANK: Record<Mark, number> = { '●': 0, '◐': 1, '○': 2, 'n/a': -1 };

function nodeDetail(c: NodeCell, required: number): string {
  const parts: string[] = [];
  if (c.counts.failed > 0) parts.push(`${c.counts.failed} product failure${c.counts.failed === 1 ? '' : 's'}`);
  if (c.counts.infra > 0) parts.push(`${c.counts.infra} infrastructure`);
  if ((c.counts.blocked ?? 0) > 0) parts.push(`${c.counts.blocked} blocked`);
  if (c.counts.skipped > 0) parts.push(`${c.counts.skipped} did not run`);
  if (c.iterations < required) parts.push(`only ${c.iterations} of ${required} iterations`);
  return parts.join(', ');
}

function skipReasonFor(results: GateResult[], app: string, cell: string): string | undefined {
  for (const r of results) {
    const t = r.tests.find((t) => t.app === app && t.cell === cell && t.skipReason);
    if (t?.skipReason) return t.skipReason;
  }
  return undefined;
}

function blockedByFor(results: GateResult[], app: string, cell: string): string | undefined {
  for (const r of results) {
    const t = r.tests.find((t) => t.app === app && t.cell === cell && t.blockedBy);
    if (t?.blockedBy) return t.blockedBy;
  }
  return undefined;
}

function notCoveredReason(results: GateResult[], app: AppEntry, cell: CellId): string {
  for (const r of results) {
    const nc = r.notCovered?.find((n) => n.app === app.id && n.cell === cell);
    if (nc) return nc.reason;
  }
  const layers = [...new Set(results.flatMap((r) => r.layers))].join('/') || 'the gated layers';
  return `no ${layers} test yet`;
}

export function cellStatus(
  app: AppEntry,
  cell: CellId,
  results: GateResult[],
  required = REQUIRED_ITERATIONS,
): CellStatus {
  if (!cellsFor(app).includes(cell)) return { app: app.id, cell, mark: 'n/a', text: 'n/a', passRate: null, nodes: [] };
  const key = cellKey(app.id, cell);
  // A node whose every run of the cell was skipped does not cover it (e.g. bitcoin-core on a node that
  // runs bitcoin-knots); the cell is judged on the nodes that ran it (issue 13's release verdict).
  const ran = (c: RunCounts): boolean => c.passed + c.failed + c.infra + (c.blocked ?? 0) > 0;
  const planned = results.filter((r) => r.cells[key]);
  const covering = results.length > 1 ? planned.filter((r) => ran(r.cells[key])) : planned;
  const nodes: NodeCell[] = covering.map((r) => ({ node: r.node, counts: r.cells[key], iterations: r.iterations }));
  if (nodes.length === 0) {
    const reason = skipReasonFor(planned, app.id, cell) ?? notCoveredReason(results, app, cell);
    // A reason of lib/not-covered.ts already says "not covered on <node>: …" / "not covered: set …".
    return {
      app: app.id,
      cell,
      mark: '○',
      text: reason.startsWith('not covered') ? `○ ${reason}` : `○ not covered — ${reason}`,
      passRate: null,
      nodes,
    };
  }
  const marks = nodes.map((n) => nodeMark(n, required));
  const mark = marks.reduce((worst, m) => (RANK[m] > RANK[worst] ? m : worst), '●' as Mark);
  const passed = nodes.reduce((s, n) => s + n.counts.passed, 0);
  const runs = nodes.reduce((s, n) => s + n.iterations, 0);
  const skipReason = nodes.some((n) => n.counts.skipped > 0) ? skipReasonFor(results, app.id, cell) : undefined;
  const blockedBy = nodes.some((n) => (n.counts.blocked ?? 0) > 0) ? blockedByFor(results, app.id, cell) : undefined;
  const describe = (n: NodeCell): string => {
    const detail = nodeDetail(n, required);
    return `${n.counts.passed}/${n.iterations}${detail ? ` — ${detail}` : ''}`;
  };
  const noneRan = nodes.every(
    (n) => n.counts.passed === 0 && n.counts.failed === 0 && n.counts.infra === 0 && !n.counts.blocked,
  );
  if (noneRan && skipReason?.startsWith('not covered'))
    return { app: app.id, cell, mark: '○', text: `○ ${skipReason}`, passRate: null, nodes };
  let body: string;
  if (nodes.length === 1) body = describe(nodes[0]);
  else body = nodes.map((n) => `${n.node} ${describe(n)}`).join('; ');
  if (blockedBy) body += ` (${blockedBy})`;
  if (skipReason) body += ` (${skipReason})`;
  return { app: app.id, cell, mark, text: `${mark} ${body}`, passRate: runs ? passed / runs : null, nodes };
}

/** Every cell of the matrix, app by app in catalogue order. */
export function matrixStatus(
  results: GateResult[],
  required = REQUIRED_ITERATIONS,
  apps: readonly AppEntry[] = APPS,
): CellStatus[][] {
  return apps.map((app) => CELLS.map((cell) => cellStatus(app, cell, results, required)));
}
