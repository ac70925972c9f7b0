/**
 * lib/state-feed StateFeed: a dump then RFC 6902 patches (archy-surface §6) give every state and
 * health change in order, however short, with marks to read "what came after my call".
 */
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { test } from 'node:test';
import type WebSocket from 'ws';
import { followHealth, POLLS_PER_S_PER_NODE, StateFeed } from '../lib/state-feed';

function fakeSocket(): EventEmitter & { terminate(): void } {
  return Object.assign(new EventEmitter(), { terminate: () => undefined });
}

test('state and health changes after a mark, in order; values as of a mark', () => {
  const ws = fakeSocket();
  const feed = new StateFeed(ws as unknown as WebSocket);
  const send = (msg: unknown): boolean => ws.emit('message', JSON.stringify(msg));
  send({ rev: 1, data: { 'package-data': { filebrowser: { state: 'running', health: 'healthy' } } } });
  const mark = feed.mark();
  send({ rev: 2, patch: [{ op: 'replace', path: '/package-data/filebrowser/state', value: 'restarting' }] });
  send({ rev: 3, patch: [{ op: 'remove', path: '/package-data/filebrowser/health' }] });
  send({ rev: 4, patch: [{ op: 'replace', path: '/package-data/filebrowser/state', value: 'running' }] });
  send({ rev: 5, patch: [{ op: 'add', path: '/package-data/filebrowser/health', value: 'starting' }] });
  send({ rev: 6, patch: [{ op: 'replace', path: '/package-data/filebrowser/health', value: 'healthy' }] });
  assert.deepEqual(
    feed.changesAfter('filebrowser', mark).map((c) => c.state),
    ['restarting', 'running'],
  );
  assert.deepEqual(
    feed.healthChangesAfter('filebrowser', mark).map((c) => c.health),
    ['absent', 'starting', 'healthy'],
  );
  const running = feed.changesAfter('filebrowser', mark).find((c) => c.state === 'running')!;
  assert.equal(feed.healthAt('filebrowser', running.seq), 'absent');
  assert.equal(feed.healthAt('filebrowser', mark), 'healthy');
  assert.equal(feed.stateAt('filebrowser', mark), 'running');
  send({ rev: 7, patch: [{ op: 'remove', path: '/package-data/filebrowser' }] });
  assert.equal(feed.stateOf('filebrowser'), 'absent');
  assert.equal(feed.healthChangesAfter('filebrowser', mark).at(-1)?.health, 'absent');
});

test('a health that comes in the same patch as a state is the health as of that state', () => {
  const ws = fakeSocket();
  const feed = new StateFeed(ws as unknown as WebSocket);
  ws.emit('message', JSON.stringify({ rev: 1, data: { 'package-data': { lnd: { state: 'restarting' } } } }));
  const mark = feed.mark();
  ws.emit(
    'message',
    JSON.stringify({
      rev: 2,
      patch: [
        { op: 'replace', path: '/package-data/lnd/state', value: 'running' },
        { op: 'add', path: '/package-data/lnd/health', value: 'starting' },
      ],
    }),
  );
  const running = feed.changesAfter('lnd', mark).find((c) => c.state === 'running')!;
  assert.equal(feed.healthAt('lnd', running.seq), 'starting');
  assert.deepEqual(
    feed.healthChangesAfter('lnd', running.seq).map((c) => c.health),
    [],
  );
});

test('a patch that does not apply closes the feed (the waiters poll instead)', () => {
  const ws = fakeSocket();
  const feed = new StateFeed(ws as unknown as WebSocket);
  ws.emit('message', JSON.stringify({ rev: 1, data: { 'package-data': {} } }));
  ws.emit('message', JSON.stringify({ rev: 2, patch: [{ op: 'replace', path: '/package-data/x/state', value: 'y' }] }));
  assert.equal(feed.alive, false);
});

test('followHealth: pushed health from the running state on, until healthy', async () => {
  const ws = fakeSocket();
  const feed = new StateFeed(ws as unknown as WebSocket);
  const send = (msg: unknown): boolean => ws.emit('message', JSON.stringify(msg));
  send({ rev: 1, data: { 'package-data': { lnd: { state: 'restarting' } } } });
  const mark = feed.mark();
  send({ rev: 2, patch: [{ op: 'replace', path: '/package-data/lnd/state', value: 'running' }] });
  const seq = feed.changesAfter('lnd', mark)[0]!.seq;
  setTimeout(() => send({ rev: 3, patch: [{ op: 'add', path: '/package-data/lnd/health', value: 'starting' }] }), 20);
  setTimeout(
    () => send({ rev: 4, patch: [{ op: 'replace', path: '/package-data/lnd/health', value: 'healthy' }] }),
    40,
  );
  let reads = 0;
  const health = await followHealth({ feed, app: 'lnd', seq }, async () => `read ${++reads}`, Date.now() + 5_000, {
    isSim: false,
  });
  assert.deepEqual(health, ['absent', 'starting', 'healthy']);
  assert.equal(reads, 0, 'a live feed needs no get-state');
});

test('followHealth without a socket: get-state at most POLLS_PER_S_PER_NODE a second, until settled or the deadline', async () => {
  const values = ['starting', 'starting', 'healthy'];
  const readsAt: number[] = [];
  const health = await followHealth(
    undefined,
    async () => {
      readsAt.push(Date.now());
      return values.shift() ?? 'healthy';
    },
    Date.now() + 5_000,
    { isSim: false },
  );
  assert.deepEqual(health, ['starting', 'healthy']);
  assert.equal(readsAt.length, 3);
  for (let i = 1; i < readsAt.length; i++)
    assert.ok(
      readsAt[i]! - readsAt[i - 1]! >= 1000 / POLLS_PER_S_PER_NODE - 5,
      `gap ${readsAt[i]! - readsAt[i - 1]!} ms`,
    );
  const started = Date.now();
  const never = await followHealth(undefined, async () => 'starting', Date.now() + 600, { isSim: false });
  assert.deepEqual(never, ['starting']);
  assert.ok(Date.now() - started < 1_500, 'stops at the deadline');
});
