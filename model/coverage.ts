/**
 * (state, action) coverage of an exploration: per app, how often each pair was exercised and how it
 * ended (accepted as the model expected, refused as the model allowed, or failed). The table drives
 * the choice of actions (least-run pairs first) and is written next to the gate's results:
 * reports/explore/coverage-<node>.json and .md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ActionKind } from './lifecycle';
import { possibleLabels } from './labels';
import type { Stack } from './stack';

export type Outcome = 'ok' | 'refused' | 'failed';
export interface PairCount {
  runs: number;
  ok: number;
  refused: number;
  failed: number;
}

/** Pairs with fewer runs than this are marked (the owner's "20+ times in every state"). */
export const ENOUGH_RUNS = 20;

export interface CoverageReport {
  node: string;
  generatedAt: string;
  sequences: number;
  steps: number;
  actions: ActionKind[];
  totals: { possible: number; reached: number; atLeast20: number };
  apps: Record<
    string,
    { state: string; action: ActionKind; runs: number; ok: number; refused: number; failed: number }[]
  >;
}

export class Coverage {
  private readonly table = new Map<string, PairCount>();
  sequences = 0;
  steps = 0;

  constructor(
    readonly stack: Stack,
    readonly actions: readonly ActionKind[],
  ) {}

  private key(app: string, label: string, action: ActionKind): string {
    return `${app}\u0000${label}\u0000${action}`;
  }

  record(app: string, label: string, action: ActionKind, outcome: Outcome): void {
    const k = this.key(app, label, action);
    const c = this.table.get(k) ?? { runs: 0, ok: 0, refused: 0, failed: 0 };
    c.runs++;
    c[outcome]++;
    this.table.set(k, c);
  }

  count(app: string, label: string, action: ActionKind): PairCount {
    return this.table.get(this.key(app, label, action)) ?? { runs: 0, ok: 0, refused: 0, failed: 0 };
  }

  /** Runs of an action on an app, over all its states. */
  runsOf(app: string, action: ActionKind): number {
    let n = 0;
    for (const label of possibleLabels(this.stack, app)) n += this.count(app, label, action).runs;
    return n;
  }

  /** The fewest runs of any reachable-so-far or possible pair of (app, action): the least covered state. */
  leastRuns(app: string, action: ActionKind): number {
    return Math.min(...possibleLabels(this.stack, app).map((l) => this.count(app, l, action).runs));
  }

  report(node: string): CoverageReport {
    const apps: CoverageReport['apps'] = {};
    let possible = 0;
    let reached = 0;
    let atLeast20 = 0;
    for (const id of this.stack.ids) {
      const rows: CoverageReport['apps'][string] = [];
      for (const state of possibleLabels(this.stack, id)) {
        for (const action of this.actions) {
          const c = this.count(id, state, action);
          possible++;
          if (c.runs > 0) reached++;
          if (c.runs >= ENOUGH_RUNS) atLeast20++;
          rows.push({ state, action, ...c });
        }
      }
      apps[id] = rows;
    }
    return {
      node,
      generatedAt: new Date().toISOString(),
      sequences: this.sequences,
      steps: this.steps,
      actions: [...this.actions],
      totals: { possible, reached, atLeast20 },
      apps,
    };
  }
}

function cell(c: { runs: number; ok: number; refused: number; failed: number }): string {
  if (c.runs === 0) return '· 0';
  const ended = [c.ok ? `${c.ok} ok` : '', c.refused ? `${c.refused} ref` : '', c.failed ? `**${c.failed} FAIL**` : '']
    .filter(Boolean)
    .join(', ');
  return `${c.runs < ENOUGH_RUNS ? '◐ ' : ''}${c.runs} (${ended})`;
}

export function coverageMarkdown(r: CoverageReport): string {
  const lines = [
    `# (state, action) coverage — ${r.node}`,
    '',
    `${r.sequences} sequences, ${r.steps} steps, ${r.generatedAt}. Pairs: ${r.totals.possible} possible, ${r.totals.reached} reached, ${r.totals.atLeast20} run ≥ ${ENOUGH_RUNS} times. ◐ = fewer than ${ENOUGH_RUNS} runs; "ref" = refused as the model allows.`,
  ];
  for (const [id, rows] of Object.entries(r.apps)) {
    const states = [...new Set(rows.map((x) => x.state))];
    lines.push(
      '',
      `## ${id}`,
      '',
      `| state | ${r.actions.join(' | ')} |`,
      `|---|${r.actions.map(() => '---').join('|')}|`,
    );
    for (const s of states)
      lines.push(
        `| ${s} | ${r.actions.map((a) => cell(rows.find((x) => x.state === s && x.action === a)!)).join(' | ')} |`,
      );
  }
  return `${lines.join('\n')}\n`;
}

export function writeCoverage(dir: string, r: CoverageReport): { json: string; md: string } {
  mkdirSync(dir, { recursive: true });
  const json = path.join(dir, `coverage-${r.node}.json`);
  const md = path.join(dir, `coverage-${r.node}.md`);
  writeFileSync(json, `${JSON.stringify(r, null, 2)}\n`);
  writeFileSync(md, coverageMarkdown(r));
  return { json, md };
}
