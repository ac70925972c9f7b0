/** Test data for the gate summary: the planned runs of one test, one per repetition. */
import { parseTags } from '../../config/tags';
import type { RunCounts } from '../gate-model';
import type { PlannedRun } from '../gate-summary';

/** `iterations` planned runs (repetitions 0…n−1) of the test `key` with `tags`; its title is the key unless given. */
export function plannedRuns(
  key: string,
  tags: string[],
  iterations: number,
  { title = key, file = 'x.spec.ts' }: { title?: string; file?: string } = {},
): PlannedRun[] {
  return Array.from({ length: iterations }, (_, repetition) => ({
    key,
    title,
    file,
    tags: parseTags(tags),
    repetition,
  }));
}

/** The counts of one test's runs, in the order a test reads them: passed, failed, infra, skipped, blocked. */
export const runCounts = (passed: number, failed = 0, infra = 0, skipped = 0, blocked = 0): RunCounts => ({
  passed,
  failed,
  infra,
  blocked,
  skipped,
});
