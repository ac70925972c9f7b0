/**
 * globalTeardown of playwright.config.ts: the last pass over test-results/ that does not depend on
 * the reporters a user picks. It runs in the runner after every worker stopped — after the trace of a
 * failed test, which Playwright writes only after that worker's fixtures were torn down — and before
 * the reporters' onEnd (so an HTML report copies traces that are already clean).
 */
import { outputPaths } from '../config/env';
import { sweepDirs } from './redact-files';
import { runRedactor } from './redact-run';

export default function redactGlobalTeardown(): void {
  const changed = sweepDirs([outputPaths().testResults], runRedactor());
  if (changed.length > 0) console.log(`redact: removed secrets from ${changed.length} file(s) under test-results/`);
}
