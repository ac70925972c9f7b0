import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { appById } from '../config/apps';
import { blockedText, KnownBroken } from '../lib/known-broken';
import { knownSurfaceFault, recordStuck, recordSurfaceFault, stuckBlocker } from '../lib/cells/known-broken-cells';
import { ProbeError } from '../lib/probes/probe-error';

const dir = mkdtempSync(join(tmpdir(), 'known-broken-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const file = KnownBroken.fileFor(dir, 'run-1', 'sim');

test('a stuck uninstall blocks the app and what needs it, in this repetition only', () => {
  const rep0 = new KnownBroken(file, 0);
  recordStuck(rep0, 'bitcoin-knots', 'reinstall', 'removing', 120_000);
  const entries = { 'bitcoin-knots': { state: 'removing' }, lnd: { state: 'running' } };
  const own = stuckBlocker(rep0, appById('bitcoin-knots'), entries, undefined);
  assert.equal(own && blockedText(own), 'blocked by bitcoin-knots/reinstall (stuck `removing` for 120 s)');
  assert.equal(
    stuckBlocker(rep0, appById('lnd'), entries, undefined)?.app,
    'bitcoin-knots',
    'lnd needs the bitcoin node',
  );
  assert.equal(
    stuckBlocker(rep0, appById('filebrowser'), entries, undefined),
    undefined,
    'filebrowser needs no bitcoin',
  );
  const rep1 = new KnownBroken(file, 1);
  assert.equal(stuckBlocker(rep1, appById('lnd'), entries, undefined), undefined, 'the next repetition starts fresh');
});

test("a precondition that found another app stuck names the cell's app", () => {
  const kb = new KnownBroken(file, 2);
  recordStuck(kb, 'bitcoin-knots', 'present', 'installing', 300_000, 'lnd');
  assert.equal(
    blockedText(kb.stuck('bitcoin-knots')!),
    'blocked by lnd/present (bitcoin-knots stuck `installing` for 300 s)',
  );
});

test('a surface fault blocks the same fault on the same surface, whatever its numbers; another fault gets its budget', () => {
  const kb = new KnownBroken(file, 3);
  const electrumx = appById('electrumx');
  const where = { node: 'sim', app: 'electrumx', cell: 'rpc' as const };
  recordSurfaceFault(kb, electrumx, 'rpc', 'rpc', new ProbeError(where, 'tip 3 behind bitcoin (height 100 vs 103)'));
  const again = new ProbeError({ ...where, cell: 'restart' }, 'tip 2 behind bitcoin (height 101 vs 103)');
  assert.equal(knownSurfaceFault(kb, electrumx, 'rpc', again)?.cell, 'rpc');
  assert.equal(knownSurfaceFault(kb, electrumx, 'ui', again), undefined, 'another surface');
  assert.equal(knownSurfaceFault(kb, electrumx, 'rpc', new ProbeError(where, 'connection refused')), undefined);
});

test('any fault on a surface is known to a cell that cannot judge that surface; ARCHY_KNOWN_BROKEN=0 consults nothing', () => {
  const kb = new KnownBroken(file, 4);
  const electrumx = appById('electrumx');
  const where = { node: 'sim', app: 'electrumx', cell: 'ui' as const };
  recordSurfaceFault(kb, electrumx, 'ui', 'ui', new ProbeError(where, '/app/electrumx/ answered 502'));
  assert.equal(kb.surfaceFault('electrumx', 'ui')?.cell, 'ui');
  assert.equal(kb.surfaceFault('electrumx', 'rpc'), undefined, 'another surface');
  assert.equal(kb.surfaceFault('lnd', 'ui'), undefined, 'another app');
  recordStuck(kb, 'bitcoin-knots', 'reinstall', 'removing', 120_000);
  const off = new KnownBroken(file, 4, false);
  assert.equal(off.all().length, 2, 'still recorded');
  assert.equal(off.surfaceFault('electrumx', 'ui'), undefined);
  assert.equal(off.stuck('bitcoin-knots'), undefined);
  assert.equal(stuckBlocker(off, appById('lnd'), { 'bitcoin-knots': { state: 'removing' } }, undefined), undefined);
});
