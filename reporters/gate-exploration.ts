/**
 * The exploration in a gate (`npm run gate -- --layers L1,L2,L3,explore`): scripts/gate.ts runs the
 * model-based exploration (model/) once per node after the gated layers and folds what it found into
 * the node's gate result. A failing sequence, or an exploration that did not run to its end, is a
 * product error of the run (`runErrors`, so the release verdict sees it too) and fails the verdict;
 * the shrunk steps, the replay file and the commands that reproduce it go into the JSON and Markdown
 * (the replay file is also attached to the exploration test in Allure).
 */
import type { GateExploration, GateResult } from './gate-model';

/** The gated-layers name that asks for the exploration: `--layers L1,L2,L3,explore`. */
export const EXPLORE_LAYER = 'explore';

function failureLine(e: GateExploration): string | null {
  if (e.outcome === 'pass') return null;
  if (e.failure)
    return `exploration found a failing sequence (${e.failure.steps.length} steps, replay ${e.failure.replayFile}): ${e.failure.message.split('\n')[0]}`;
  return `exploration did not finish: ${e.error ?? `playwright exit ${e.playwrightExit}`}`;
}

export function withExploration(result: GateResult, e: GateExploration): GateResult {
  const line = failureLine(e);
  if (line === null) return { ...result, exploration: e };
  return {
    ...result,
    exploration: e,
    verdict: 'fail',
    reasons: [...result.reasons, line],
    runErrors: [...result.runErrors, { class: 'product', message: line, where: 'exploration' }],
  };
}

function seconds(ms: number): string {
  return `${Math.round(ms / 1000)} s`;
}

export function explorationMarkdown(e: GateExploration): string[] {
  const lines = ['## Exploration', ''];
  lines.push(
    `${e.outcome === 'pass' ? '✅ **pass**' : '❌ **fail**'} · wall ${seconds(e.wallMs)}` +
      (e.sequences !== undefined
        ? ` · ${e.sequences} of ${e.runs} sequences, ${e.steps} steps (up to ${e.maxSteps} each), seed ${e.seed}`
        : ''),
    '',
  );
  if (e.stack) lines.push(`Stack: ${e.stack.join(', ')}`, '');
  if (e.coverage)
    lines.push(
      `(state, action) pairs: ${e.coverage.reached} of ${e.coverage.possible} reached, ${e.coverage.atLeast20} run ≥ 20 times (${e.coverage.file})`,
      '',
    );
  if (e.error) lines.push(`Did not finish: ${e.error}`, '');
  if (e.failure) {
    lines.push(
      `Failing sequence found at sequence ${e.failure.foundAtSequence}, shrunk ${e.failure.shrinks} times to ${e.failure.steps.length} steps:`,
      '',
      '```',
      ...e.failure.steps,
      '```',
      '',
      `Replay file: \`${e.failure.replayFile}\``,
      '',
      ...e.failure.reproduce.map((c) => `- \`${c}\``),
      '',
    );
  }
  return lines;
}
