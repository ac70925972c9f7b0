/**
 * No circle between files (eslint.config.mjs, import-x/no-cycle): a temp copy of the lint config
 * gets two planted files that import each other. A value-import circle fails the lint, naming the
 * rule; the same pair with one side importing only types passes (types are erased at run time).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { REPO_ROOT } from '../config/env';

function lintPair(a: string, b: string): { code: number | null; output: string } {
  const root = mkdtempSync(path.join(tmpdir(), 'archy-cycles-'));
  copyFileSync(path.join(REPO_ROOT, 'eslint.config.mjs'), path.join(root, 'eslint.config.mjs'));
  symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  mkdirSync(path.join(root, 'reporters'));
  writeFileSync(path.join(root, 'reporters', 'planted-a.ts'), a);
  writeFileSync(path.join(root, 'reporters', 'planted-b.ts'), b);
  const eslint = path.join(REPO_ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js');
  const run = spawnSync(process.execPath, [eslint, 'reporters'], { cwd: root, encoding: 'utf8' });
  return { code: run.status, output: run.stdout + run.stderr };
}

const A = "import { b } from './planted-b';\nexport interface A { n: number }\nexport const a = (): number => b + 1;\n";

describe('the no-cycle rule', () => {
  test('fails when two files import values from each other', () => {
    const run = lintPair(A, "import { a } from './planted-a';\nexport const b = 1;\nexport const c = a;\n");
    assert.equal(run.code, 1, run.output);
    assert.match(run.output, /import-x\/no-cycle/);
    assert.match(run.output, /planted-a\.ts/);
    assert.match(run.output, /planted-b\.ts/);
  });

  test('passes when one side imports only types', () => {
    const run = lintPair(
      A,
      "import type { A } from './planted-a';\nexport const b = 1;\nexport const c: A = { n: b };\n",
    );
    assert.equal(run.code, 0, run.output);
  });
});
