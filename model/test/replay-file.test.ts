/** Replay files: written with both reproduce commands, read back, refused when malformed. */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { readReplay, reproduceCommands } from '../replay-file';
import type { ExploreFailure } from '../explore';

const failure: ExploreFailure = {
  message: 'm',
  seed: 7,
  path: '10:2',
  replayPath: 'AB',
  weights: [3, 1],
  actions: [{ kind: 'uninstall', app: 'filebrowser' }, { kind: 'reboot' }],
  steps: ['1. uninstall filebrowser (running) → accepted: absent', '2. reboot (…) → failed: …'],
  shrinks: 2,
  foundAfterMs: 100,
  totalMs: 200,
  foundAtSequence: 3,
};

describe('replay files', () => {
  it('say how to reproduce: the file, or seed + path + weights', () => {
    const [byFile, bySeed] = reproduceCommands(
      path.join(process.cwd(), 'reports/explore/sim-x.json'),
      'sim',
      failure,
      12,
      ['filebrowser'],
    );
    assert.equal(byFile, 'npm run explore -- --replay reports/explore/sim-x.json');
    assert.equal(
      bySeed,
      'npm run explore -- --seed 7 --path 10:2 --replay-path AB --weights 3,1 --steps 12 --apps filebrowser',
    );
  });

  it('are read back, and a file that is not one is refused naming it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'archy-replay-'));
    const good = path.join(dir, 'good.json');
    writeFileSync(
      good,
      JSON.stringify({
        node: 'sim',
        createdAt: 'x',
        stack: ['filebrowser'],
        faults: [],
        maxSteps: 12,
        failure,
        reproduce: [],
      }),
    );
    assert.deepEqual(readReplay(good).failure.actions, failure.actions);
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ failure: { actions: [{ kind: 'explode' }] }, stack: [] }));
    assert.throws(() => readReplay(bad), /bad\.json: not a replay file/);
  });
});
