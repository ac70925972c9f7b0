/** lib/security/limiter-memo.ts: this run's record that the login limiter did not release. */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeEach, describe, test } from 'node:test';
import { resetEnvCache } from '../config/env';
import { clearLimiterStuck, limiterStuck, markLimiterStuck } from '../lib/security/limiter-memo';

describe('the login limiter memo', () => {
  let root = '';
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'archy-limiter-'));
    process.env.ARCHY_OUTPUT_ROOT = root;
    process.env.ARCHY_RUN_ID = 'run-1';
    resetEnvCache();
  });

  test('marked by one check, read by the next of the same run, cleared by a login that got through', () => {
    assert.equal(limiterStuck('node-x'), undefined);
    markLimiterStuck('node-x', 'a fresh login', 66_000);
    const memo = limiterStuck('node-x');
    assert.equal(memo?.what, 'a fresh login');
    assert.equal(memo?.waitedMs, 66_000);
    assert.equal(limiterStuck('node-y'), undefined, 'per node');
    clearLimiterStuck('node-x');
    assert.equal(limiterStuck('node-x'), undefined);
  });

  test("another run's memo and a half-written file count as none", () => {
    markLimiterStuck('node-x', 'a fresh login', 66_000);
    process.env.ARCHY_RUN_ID = 'run-2';
    assert.equal(limiterStuck('node-x'), undefined);
    writeFileSync(path.join(root, '.auth', 'node-x.limiter.json'), '{"runId":"run-2","at":');
    assert.equal(limiterStuck('node-x'), undefined);
  });
});
