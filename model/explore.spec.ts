/**
 * "Every state": model-based exploration of the package lifecycle (issue 15). Random sequences of
 * install / uninstall / stop / start / restart over a stack of apps, plus daemon restart, reboot and
 * kill -9 where the node has a control channel, each step judged against the model (model/lifecycle.ts).
 * A failure is shrunk to the shortest failing sequence, printed as steps and written as a replay file.
 * Runs with `npm run explore` (not part of the normal suite: model/ is not a default spec folder).
 */
import path from 'node:path';
import { exploreTest as test, expect, reportStep, DESTRUCTIVE, EXPLORE } from '../fixtures';
import { restoreBaseline } from './baseline';
import { writeCoverage } from './coverage';
import { explore, replaySequence } from './explore';
import {
  clearExploreRun,
  exploreDir,
  readReplay,
  writeExploreRun,
  writeReplay,
  type ExploreRunFile,
} from './replay-file';
import { exploreTimeoutMs, openSession } from './session';

test.describe('model-based exploration', () => {
  test(
    'explore the package lifecycle',
    { tag: [EXPLORE, DESTRUCTIVE] },
    async ({ explorer, exploreEnv: env, nodeConfig }, testInfo) => {
      test.skip(env.replay !== undefined, 'a replay run (ARCHY_EXPLORE_REPLAY) runs the replay test instead');
      test.setTimeout(exploreTimeoutMs(env, nodeConfig.isSim));
      // --faults a,b (ARCHY_EXPLORE_FAULTS): explore with those sim faults on (a failure's seed/path reproduce line says so).
      if (env.faults && env.faults.length > 0) {
        if (!explorer.control || !nodeConfig.isSim)
          throw new Error(
            `[node ${nodeConfig.name}] ARCHY_EXPLORE_FAULTS=${env.faults.join(',')}: only the sim can switch faults on`,
          );
        await explorer.control.faultsOn(...env.faults);
      }
      clearExploreRun(nodeConfig.name);
      const s = await openSession(explorer, env);
      const log = (line: string): void => console.log(line);
      log(
        `explore ${nodeConfig.name}: ${env.runs} sequences of up to ${env.steps} steps over ${s.deps.stack.ids.join(', ')}; seed ${env.seed}${s.base.faults.length ? `; faults on: ${s.base.faults.join(', ')}` : ''}`,
      );
      try {
        const result = await explore(s.deps, s.base, s.coverage, {
          runs: env.runs,
          maxSteps: env.steps,
          seed: env.seed,
          batchSize: 10,
          path: env.path,
          replayPath: env.replayPath,
          weights: env.weights,
          actions: s.actions,
          step: reportStep,
          log,
        });
        const report = s.coverage.report(nodeConfig.name);
        const files = writeCoverage(exploreDir(), report);
        await testInfo.attach('coverage', { path: files.md, contentType: 'text/markdown' });
        log(
          `explore ${nodeConfig.name}: ${result.sequences} sequences, ${result.steps} steps in ${Math.round(result.ms / 1000)} s; pairs ${report.totals.reached}/${report.totals.possible} reached, ${report.totals.atLeast20} run >= 20 times (${path.relative(process.cwd(), files.md)})`,
        );
        const run: ExploreRunFile = {
          node: nodeConfig.name,
          finishedAt: new Date().toISOString(),
          stack: [...s.deps.stack.ids],
          faults: s.base.faults,
          seed: env.seed,
          runs: env.runs,
          maxSteps: env.steps,
          sequences: result.sequences,
          steps: result.steps,
          ms: result.ms,
          coverage: { ...report.totals, file: path.relative(process.cwd(), files.md) },
          failure: null,
        };
        if (!result.failure) writeExploreRun(run);
        if (result.failure) {
          const f = result.failure;
          const { file, replay } = writeReplay(
            nodeConfig.name,
            { stack: [...s.deps.stack.ids], faults: s.base.faults, maxSteps: env.steps, failure: f },
            [...s.deps.stack.ids],
          );
          writeExploreRun({
            ...run,
            failure: {
              message: f.message,
              steps: f.steps,
              replayFile: path.relative(process.cwd(), file),
              reproduce: replay.reproduce,
              foundAtSequence: f.foundAtSequence,
              shrinks: f.shrinks,
            },
          });
          await testInfo.attach('replay', { path: file, contentType: 'application/json' });
          const text = [
            `[node ${nodeConfig.name}] exploration found a failing sequence (sequence ${f.foundAtSequence}, after ${Math.round(f.foundAfterMs / 1000)} s; shrunk ${f.shrinks} times to ${f.actions.length} steps):`,
            ...f.steps.map((l) => `  ${l}`),
            `replay file: ${path.relative(process.cwd(), file)}`,
            ...replay.reproduce.map((c) => `reproduce: ${c}`),
          ].join('\n');
          expect(result.failure, text).toBeNull();
        }
      } finally {
        if (!nodeConfig.isSim) await restoreBaseline(s.deps, s.base);
      }
    },
  );

  test(
    'replay a recorded sequence',
    { tag: [EXPLORE, DESTRUCTIVE] },
    async ({ explorer, exploreEnv: env, nodeConfig }) => {
      test.skip(env.replay === undefined, 'no replay file given (npm run explore -- --replay <file>)');
      const replay = readReplay(env.replay!);
      const faults = env.faults ?? replay.faults;
      if (explorer.control && nodeConfig.isSim) {
        await explorer.control.reset();
        if (faults.length > 0) await explorer.control.faultsOn(...faults);
      } else if (faults.length > 0) {
        throw new Error(
          `[node ${nodeConfig.name}] the replay needs faults ${faults.join(', ')}, which only the sim can switch on`,
        );
      }
      const s = await openSession(explorer, env, replay.stack);
      try {
        const outcome = await replaySequence(s.deps, s.base, replay.failure.actions, reportStep);
        const text = [
          `[node ${nodeConfig.name}] replay of ${env.replay} (${replay.failure.actions.length} steps${s.base.faults.length ? `, faults on: ${s.base.faults.join(', ')}` : ''}):`,
          ...outcome.steps.map((l) => `  ${l}`),
        ].join('\n');
        console.log(text);
        expect(outcome.ok, `${text}\n${outcome.message}`).toBe(true);
      } finally {
        if (!nodeConfig.isSim) await restoreBaseline(s.deps, s.base);
      }
    },
  );
});
