/** The nightly workflow's shape: one job per real node on a self-hosted runner, secrets to .env, gate, artifacts on both CI systems. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const repo = join(__dirname, '..', '..');
const text = readFileSync(join(repo, '.github', 'workflows', 'nightly.yml'), 'utf8');

interface Step { uses?: string; run?: string; if?: string; with?: Record<string, string>; env?: Record<string, string> }
interface Job { 'runs-on': string[]; env: Record<string, string>; steps: Step[] }

function parseWorkflow(): { on: Record<string, unknown>; jobs: Record<string, Job> } | undefined {
  try {
    // `yaml` comes with the Allure CLI; the workflow text checks below run without it
    return (require('yaml') as { parse(s: string): { on: Record<string, unknown>; jobs: Record<string, Job> } }).parse(text);
  } catch {
    return undefined;
  }
}

test('one job per real node, each on a self-hosted runner, with its own secret and the gate', () => {
  for (const node of ['node-228', 'node-198']) {
    const secret = `ENV_${node.replace('-', '_').toUpperCase()}`;
    assert.ok(text.includes(`secrets.${secret}`), secret);
    assert.ok(text.includes(`ARCHY_NODE: ${node}`), node);
  }
  assert.ok(text.includes('bash scripts/nightly-node.sh "$ARCHY_NODE"'));
  assert.ok(!/\t/.test(text), 'no tabs in YAML');
});

test('the workflow parses, runs nightly and by hand, and uploads report and traces on GitHub and Gitea', (t) => {
  const wf = parseWorkflow();
  if (!wf) {
    t.skip('no YAML parser installed');
    return;
  }
  assert.ok('schedule' in wf.on && 'workflow_dispatch' in wf.on);
  const jobs = Object.values(wf.jobs);
  assert.equal(jobs.length, 2);
  for (const job of jobs) {
    assert.ok(job['runs-on'].includes('self-hosted'));
    assert.equal(job.env.ARCHY_ALLOW_DESTRUCTIVE, '1');
    const uploads = job.steps.filter((s) => s.uses?.startsWith('actions/upload-artifact@'));
    assert.deepEqual(uploads.map((s) => s.uses).sort(), ['actions/upload-artifact@v3', 'actions/upload-artifact@v4']);
    for (const u of uploads) {
      assert.match(u.with?.path ?? '', /reports\/allure-report\//);
      assert.match(u.with?.path ?? '', /trace\.zip/);
      assert.match(u.if ?? '', /!cancelled\(\)/);
    }
    assert.ok(job.steps.some((s) => s.if?.includes('always()') && s.run?.includes('rm -f')), 'the .env file is removed');
  }
});
