/**
 * README.md's commands are run by CI or by a test: the fresh-machine commands by .ci/run, every
 * `npx playwright test …` line here (with --list appended, against a node file pointing at loopback).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { REPO_ROOT } from '../config/env';

const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
const ci = readFileSync(path.join(REPO_ROOT, '.ci/run'), 'utf8');

/** Command lines of the ```bash blocks, comments and heredoc bodies removed. */
function readmeCommands(): string[] {
  const out: string[] = [];
  for (const block of readme.matchAll(/```bash\n([\s\S]*?)```/g)) {
    let heredoc: string | undefined;
    for (const raw of block[1]!.split('\n')) {
      if (heredoc) {
        if (raw.trim() === heredoc) heredoc = undefined;
        continue;
      }
      const line = raw.replace(/\s+#.*$/, '').trim();
      if (!line) continue;
      const marker = /<<'?(\w+)'?/.exec(line);
      if (marker) heredoc = marker[1];
      out.push(line);
    }
  }
  return out;
}

describe('README commands', () => {
  const commands = readmeCommands();

  test('the fresh-machine commands are what .ci/run runs', () => {
    assert.ok(commands.includes('npm ci && npm run main'));
    assert.ok(commands.includes('npm ci && npm test'));
    assert.match(ci, /^if ! npm ci /m);
    assert.match(ci, /^npm run -s main /m);
    assert.match(ci, /^npm test /m);
  });

  test('every `npx playwright test` line selects tests (run with --list)', () => {
    const envDir = mkdtempSync(path.join(tmpdir(), 'archy-readme-env-'));
    writeFileSync(
      path.join(envDir, '.env.node-228'),
      'ARCHY_BASE_URL=https://127.0.0.1:9\nARCHY_PASSWORD=readme-test-password\n',
    );
    const playwrightLines = commands.filter((c) => /(^|\s)npx playwright test /.test(c));
    assert.ok(playwrightLines.length >= 4, playwrightLines.join('\n'));
    for (const line of playwrightLines) {
      const words = line.split(/\s+/);
      const env: Record<string, string> = {};
      while (/^[A-Z_]+=/.test(words[0]!)) {
        const [k, v] = words.shift()!.split('=');
        env[k!] = v!;
      }
      const args = [...words.slice(1).filter((w) => w !== '--list'), '--list'];
      const run = spawnSync('npx', args, {
        cwd: REPO_ROOT,
        encoding: 'utf8',
        timeout: 120_000,
        env: {
          ...process.env,
          ...env,
          ARCHY_ENV_DIR: envDir,
          ARCHY_SIM_READY: '',
          ARCHY_OUTPUT_ROOT: mkdtempSync(path.join(tmpdir(), 'archy-readme-out-')),
        },
      }); // its reporters write there, not into reports/
      assert.equal(run.status, 0, `${line}\n${run.stdout}\n${run.stderr}`);
      assert.match(run.stdout, /Total: \d+ tests? in \d+ files?/, line);
      if (line.includes('@app:lnd'))
        assert.doesNotMatch(run.stdout, /› bitcoin-knots ›/, `${line} must list lnd tests only`);
    }
  });
});
