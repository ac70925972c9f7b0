/**
 * recordBrowserRpc (fixtures/journey.ts) listens on the page for the whole test. A response read after
 * the test closed the page must not surface as an unhandled rejection: that failed a lifecycle journey
 * that had passed ("request.response: Target page, context or browser has been closed", variant 7).
 */
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { test } from 'node:test';
import type { Page } from '@playwright/test';
import { recordBrowserRpc } from '../fixtures/journey';

function rpcRequest(method: string, response: () => Promise<{ status(): number } | null>) {
  return {
    url: () => 'https://node.test/rpc/v1',
    method: () => 'POST',
    postData: () => JSON.stringify({ method }),
    response,
  };
}

test('a response that can no longer be read (page closed) is recorded as failed, never thrown', async () => {
  const page = new EventEmitter();
  const calls = recordBrowserRpc(page as unknown as Page);
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  try {
    const closed = rpcRequest('package.stop', () =>
      Promise.reject(new Error('request.response: Target page, context or browser has been closed')),
    );
    const ok = rpcRequest('server.get-state', () => Promise.resolve({ status: () => 200 }));
    const asset = { url: () => 'https://node.test/assets/app.js', method: () => 'GET', postData: () => null };
    for (const r of [closed, ok]) page.emit('request', r);
    page.emit('request', asset);
    for (const r of [closed, ok, asset]) page.emit('requestfinished', r);
    await new Promise((resolve) => setTimeout(resolve, 50));
  } finally {
    process.off('unhandledRejection', onUnhandled);
  }
  assert.deepEqual(unhandled, []);
  assert.deepEqual(
    calls.map((c) => [c.method, c.status]),
    [
      ['package.stop', 'failed'],
      ['server.get-state', 200],
    ],
  );
});
