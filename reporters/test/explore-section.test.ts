/** The scorecard's exploration section: totals per node, one row per app, pairs under 20 runs marked. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderExploreSection, type ExploreCoverage } from '../scorecard/explore-section';
import { buildScorecard } from '../scorecard/scorecard';

const report: ExploreCoverage = {
  node: 'sim',
  generatedAt: '2026-12-01T00:00:00.000Z',
  sequences: 2,
  steps: 5,
  totals: { possible: 3, reached: 2, atLeast20: 1 },
  apps: {
    filebrowser: [
      { state: 'running', action: 'stop', runs: 25, failed: 0 },
      { state: 'stopped', action: 'start', runs: 3, failed: 1 },
      { state: 'absent', action: 'stop', runs: 0, failed: 0 },
    ],
  },
};

describe('scorecard exploration section', () => {
  it('shows reached and >= 20 per app and marks the pairs under 20 runs', () => {
    const md = renderExploreSection([report]);
    assert.match(md, /pairs 2\/3 reached, 1 run ≥ 20 times/);
    assert.match(md, /\| filebrowser \| 3 \| 2 \| 1 \| 1 \| ◐ start @ stopped \(3\) \|/);
  });

  it('appears in the scorecard only when coverage is given', () => {
    const perf = {} as Parameters<typeof buildScorecard>[0]['perf'];
    assert.doesNotMatch(buildScorecard({ results: [], perf }).markdown, /Exploration/);
    assert.match(
      buildScorecard({ results: [], perf, explore: [report] }).markdown,
      /### Exploration: \(state, action\) coverage/,
    );
  });
});
