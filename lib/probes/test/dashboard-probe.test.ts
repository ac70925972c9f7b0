import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nodeHttp } from '../../http/client';
import { probeDashboard, referencedAssets } from '../dashboard-probe';
import { httpServer } from './fake-surfaces';

const INDEX =
  '<!doctype html><html><head><title>Archipelago</title><link rel="stylesheet" href="/assets/app.css"><script type="module" src="/assets/app.js"></script><script src="https://cdn.example/x.js"></script></head><body><div id="app"></div></body></html>';

test('same-origin scripts and stylesheets are found, others ignored', () => {
  assert.deepEqual(referencedAssets(INDEX, 'http://127.0.0.1:9/'), [
    'http://127.0.0.1:9/assets/app.js',
    'http://127.0.0.1:9/assets/app.css',
  ]);
});

test('a dashboard whose bundle 404s fails naming the asset', async () => {
  const server = await httpServer({
    '/': { status: 200, body: INDEX },
    '/assets/app.css': { status: 200, body: 'body{}' },
  });
  const ctx = nodeHttp({ name: 'unit', baseUrl: 'http://127.0.0.1' });
  try {
    await assert.rejects(
      probeDashboard({ name: 'unit', baseUrl: `http://127.0.0.1:${server.port}`, isSim: true, ports: {} }, ctx, 1000),
      { message: '[node unit] dashboard/ui: /assets/app.js answered 404 with 9 bytes' },
    );
  } finally {
    await server.close();
  }
});

test('a dashboard that inlines its script is the SPA too; a page that loads no script is not', async () => {
  const inline = await httpServer({
    '/': {
      status: 200,
      body: '<!doctype html><html><head><title>Archy</title><script type="module">import("./x");document.body.dataset.app="1"</script></head><body><div id="app"></div></body></html>',
    },
  });
  const none = await httpServer({
    '/': {
      status: 200,
      body: '<!doctype html><html><head><title>Archy</title></head><body><p>hello</p></body></html>',
    },
  });
  const context = nodeHttp({ name: 'unit', baseUrl: 'http://127.0.0.1' });
  try {
    const result = await probeDashboard(
      { name: 'unit', baseUrl: `http://127.0.0.1:${inline.port}`, isSim: true, ports: {} },
      context,
      1000,
    );
    assert.equal(result.script, 'inline');
    assert.equal(result.title, 'Archy');
    await assert.rejects(
      probeDashboard({ name: 'unit', baseUrl: `http://127.0.0.1:${none.port}`, isSim: true, ports: {} }, context, 1000),
      /loads no script/,
    );
  } finally {
    await inline.close();
    await none.close();
  }
});
