/**
 * Issue 11 acceptance: against one variant of the sim, with the profile surveyed on another (the
 * committed profiles/sim.json of the default sim), the guesses the variant answers differently are
 * reported as "guess contradicted" annotations, not as failures of the apps; with the variant's own
 * profile (profiles/sim-variant-7.json, surveyed on it) the same guessed checks run and pass.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { REPO_ROOT } from '../config/env';
import { runPlaywright } from './support/run-playwright';

const GREP = 'lnd rpc|dashboard /|mempool present';

interface JsonTest {
  status: string;
  results: { annotations?: { type: string; description?: string }[] }[];
}

function outcomes(file: string): { statuses: Record<string, number>; annotations: string[] } {
  const report = JSON.parse(readFileSync(file, 'utf8')) as { suites: unknown[] };
  const statuses: Record<string, number> = {};
  const annotations: string[] = [];
  const walk = (suite: { specs?: { tests: JsonTest[] }[]; suites?: unknown[] }): void => {
    for (const spec of suite.specs ?? [])
      for (const t of spec.tests) {
        statuses[t.status] = (statuses[t.status] ?? 0) + 1;
        for (const a of t.results.at(-1)?.annotations ?? [])
          if (a.type.startsWith('guess')) annotations.push(`${a.type}: ${a.description ?? ''}`);
      }
    for (const child of suite.suites ?? []) walk(child as typeof suite);
  };
  for (const suite of report.suites) walk(suite as Parameters<typeof walk>[0]);
  return { statuses, annotations };
}

async function run(
  profile: string,
): Promise<{ statuses: Record<string, number>; annotations: string[]; output: string }> {
  const root = mkdtempSync(path.join(tmpdir(), 'archy-e2e-profile-'));
  const json = path.join(root, 'report.json');
  const result = await runPlaywright(['--project=sim', '--reporter=json', '--grep', GREP], {
    ARCHY_OUTPUT_ROOT: root,
    ARCHY_SIM_VARIANT: '7',
    ARCHY_SPEC_DIRS: 'api-specs',
    ARCHY_PROFILE: path.join(REPO_ROOT, 'profiles', profile),
    PLAYWRIGHT_JSON_OUTPUT_NAME: json,
  });
  return { ...outcomes(json), output: result.output };
}

describe('node profiles against sim variant 7', { timeout: 600_000 }, () => {
  test("the default sim's profile: contradicted guesses are annotations, nothing fails", async () => {
    const { statuses, annotations } = await run('sim.json');
    assert.equal(statuses.unexpected ?? 0, 0, `failed: ${JSON.stringify(statuses)}`);
    assert.ok((statuses.expected ?? 0) >= 3, JSON.stringify(statuses));
    const contradicted = annotations.filter((a) => a.startsWith('guess contradicted'));
    assert.ok(
      contradicted.some((a) => a.includes('direct-ports:')),
      contradicted.join('\n'),
    );
    assert.ok(
      contradicted.some((a) => a.includes('dashboard-script:')),
      contradicted.join('\n'),
    );
  });

  test("variant 7's own profile: the guessed checks run and pass, nothing is contradicted", async () => {
    const { statuses, annotations } = await run('sim-variant-7.json');
    assert.equal(statuses.unexpected ?? 0, 0, `failed: ${JSON.stringify(statuses)}`);
    assert.deepEqual(
      annotations.filter((a) => a.startsWith('guess contradicted')),
      [],
    );
    assert.deepEqual(
      annotations.filter((a) => a.startsWith('guess unchecked')),
      [],
    );
  });
});
