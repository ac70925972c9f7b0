/**
 * lib/cli onChildEnd: a script waiting on a child it spawned (gate, fault matrix) learns of the
 * child's end even when a grandchild that outlives it keeps the inherited pipe open.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { onChildEnd } from '../lib/cli';

function ended(script: string): Promise<{ code: number | null; ms: number }> {
  const started = Date.now();
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve) => onChildEnd(child, (code) => resolve({ code, ms: Date.now() - started })));
}

test('a child that ends with its pipes: its code, at once', async () => {
  const { code, ms } = await ended('process.exit(3)');
  assert.equal(code, 3);
  assert.ok(ms < 1500, `${ms} ms`);
});

test('a child whose grandchild holds the pipe: its code, 2 s after it exits', async () => {
  // the grandchild inherits stdout and lives 9 s: 'close' would come only then
  const grandchild = `require('child_process').spawn(process.execPath, ['-e', 'setTimeout(() => {}, 9000)'], { stdio: 'inherit', detached: true }).unref(); process.exitCode = 4;`;
  const { code, ms } = await ended(grandchild);
  assert.equal(code, 4);
  assert.ok(ms >= 1900 && ms < 8000, `${ms} ms`);
});
