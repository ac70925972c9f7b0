/**
 * lib/cli removeTree: a script's cleanup of a run's scratch directory never ends the script (the
 * variants script crashed with ENOTEMPTY, its results unprinted, when a run cut short by its global
 * timeout left a worker still writing trace files).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { removeTree } from '../lib/cli';

test('removes a tree, and a missing one is no error', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'archy-remove-tree-'));
  mkdirSync(path.join(root, 'a/b'), { recursive: true });
  writeFileSync(path.join(root, 'a/b/trace.zip'), 'x');
  removeTree(root);
  assert.equal(existsSync(root), false);
  removeTree(root);
});

test('a tree that keeps growing while it is removed: no throw, any leftover named on stderr', async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'archy-remove-tree-'));
  const dir = path.join(root, 'traces/resources');
  // another process recreating files as fast as they go, as a worker still flushing traces does
  const writer = spawn(
    process.execPath,
    [
      '-e',
      `const fs=require('fs');let n=0;const end=Date.now()+3000;while(Date.now()<end){try{fs.mkdirSync(${JSON.stringify(dir)},{recursive:true});fs.writeFileSync(${JSON.stringify(dir)}+'/r'+(n++),'x')}catch{}}`,
    ],
    { stdio: 'ignore' },
  );
  await new Promise((resolve) => setTimeout(resolve, 300));
  const errors: string[] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => void errors.push(args.join(' '));
  try {
    assert.doesNotThrow(() => removeTree(root));
  } finally {
    console.error = original;
  }
  await new Promise((resolve) => writer.once('exit', resolve));
  assert.ok(
    errors.every((e) => e.includes(root) && e.includes('remove it by hand')),
    errors.join('\n'),
  );
  removeTree(root);
  assert.equal(existsSync(root), false);
});
