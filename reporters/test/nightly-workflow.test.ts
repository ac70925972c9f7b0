/**
 * The nightly workflow's shape: a matrix of real nodes generated from the registry, one job per node
 * on a self-hosted runner with its own secret, artifacts on both CI systems, and one merging release
 * job that is red unless the release verdict is pass.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { nightlyMatrix, secretName } from '../../scripts/gate-nodes';

const repo = join(__dirname, '..', '..');
const text = readFileSync(join(repo, '.github', 'workflows', 'nightly.yml'), 'utf8');

interface Step {
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, string>;
  env?: Record<string, string>;
}
interface Job {
  'runs-on': string[];
  env?: Record<string, string>;
  steps: Step[];
  needs?: string | string[];
  if?: string;
  strategy?: { matrix: unknown };
}

function parseWorkflow(): { on: Record<string, unknown>; jobs: Record<string, Job> } | undefined {
  try {
    // `yaml` comes with the Allure CLI; the workflow text checks below run without it
    return (require('yaml') as { parse(s: string): { on: Record<string, unknown>; jobs: Record<string, Job> } }).parse(
      text,
    );
  } catch {
    return undefined;
  }
}

test('the matrix comes from the registry: node-228 and node-198 with their secrets, never the sim', () => {
  const m = nightlyMatrix(['sim', 'node-228', 'node-198', 'node-lab']);
  assert.deepEqual(m.include, [
    { node: 'node-228', secret: 'ENV_NODE_228' },
    { node: 'node-198', secret: 'ENV_NODE_198' },
    { node: 'node-lab', secret: 'ENV_NODE_LAB' },
  ]);
  assert.equal(secretName('node-a'), 'ENV_NODE_A');
  assert.ok(text.includes('npx tsx scripts/gate-nodes.ts'));
  assert.ok(text.includes('secrets[matrix.secret]'));
  assert.ok(text.includes('bash scripts/nightly-node.sh "$ARCHY_NODE"'));
  assert.ok(text.includes('npx tsx scripts/gate-release.ts --required 20'));
  assert.ok(!/\t/.test(text), 'no tabs in YAML');
});

test('the workflow parses: plan → one gate job per node → release, artifacts on GitHub and Gitea', (t) => {
  const wf = parseWorkflow();
  if (!wf) {
    t.skip('no YAML parser installed');
    return;
  }
  assert.ok('schedule' in wf.on && 'workflow_dispatch' in wf.on);
  assert.deepEqual(Object.keys(wf.jobs).sort(), ['gate', 'plan', 'release']);
  const gate = wf.jobs.gate;
  assert.ok(gate['runs-on'].includes('self-hosted'));
  assert.equal(gate.env?.ARCHY_ALLOW_DESTRUCTIVE, '1');
  assert.match(JSON.stringify(gate.strategy?.matrix), /fromJSON\(needs\.plan\.outputs\.matrix\)/);
  const uploads = gate.steps.filter((s) => s.uses?.startsWith('actions/upload-artifact@'));
  assert.deepEqual(uploads.map((s) => s.uses).sort(), ['actions/upload-artifact@v3', 'actions/upload-artifact@v4']);
  for (const u of uploads) {
    assert.match(u.with?.path ?? '', /reports\/allure-report\//);
    assert.match(u.with?.path ?? '', /reports\/gate\//);
    assert.match(u.with?.path ?? '', /trace\.zip/);
    assert.match(u.if ?? '', /!cancelled\(\)/);
  }
  assert.ok(
    gate.steps.some((s) => s.if?.includes('always()') && s.run?.includes('rm -f')),
    'the .env file is removed',
  );

  const release = wf.jobs.release;
  assert.deepEqual(release.needs, ['plan', 'gate']);
  assert.match(release.if ?? '', /!cancelled\(\)/, 'the release job runs when a node job failed');
  const run = release.steps.map((s) => s.run ?? '').join('\n');
  assert.match(run, /gate-release\.ts/);
  assert.match(run, /exit "\$code"/, 'red unless the release verdict passes');
});
