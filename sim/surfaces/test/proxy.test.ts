/**
 * nginx-like `/app/<path>/` proxies on the main port: pages with the app title and a live value
 * while up, nginx's exact 502 page while the app or its backend is down or proxy-502 is on,
 * 404 for unknown apps, 301 to the slashed path, the API routes probes use.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import { createSurfaces } from '../index';
import type { Surfaces } from '../types';
import { NGINX_502_PAGE } from '../nginx-pages';
import { fakeNode, type FakeNode } from './fake-context';
import { closeServer, mainServer, request } from './clients';

const EXACT_502 =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

/** path → [apps it needs, marker in title and h1, the app id a proxy-502 fault names] */
const PAGES: Array<{ path: string; needs: string[]; marker: string; faultApp: string }> = [
  { path: '/app/lnd/', needs: ['archy-lnd-ui', 'lnd'], marker: 'Lightning', faultApp: 'lnd' },
  { path: '/app/electrumx/', needs: ['archy-electrs-ui', 'electrumx'], marker: 'Electrum', faultApp: 'electrumx' },
  { path: '/app/btcpay/', needs: ['btcpay-server'], marker: 'BTCPay', faultApp: 'btcpay-server' },
  { path: '/app/mempool/', needs: ['mempool'], marker: 'mempool', faultApp: 'mempool' },
  { path: '/app/fedimint/', needs: ['fedimint'], marker: 'Fedimint', faultApp: 'fedimint' },
  { path: '/app/filebrowser/', needs: ['filebrowser'], marker: 'File Browser', faultApp: 'filebrowser' },
];

let node: FakeNode;
let surfaces: Surfaces;
let main: { server: Server; port: number };

before(async () => {
  node = await fakeNode();
  surfaces = createSurfaces(node);
  await surfaces.start();
  main = await mainServer(surfaces.handleProxy);
});
after(async () => {
  await closeServer(main.server);
  await surfaces.stop();
});

test("the 502 page is nginx's, byte for byte", () => {
  assert.equal(NGINX_502_PAGE, EXACT_502);
});

for (const page of PAGES) {
  test(`${page.path}: 200 page with "${page.marker}" in <title> and <h1> and a live value`, async () => {
    const answer = await request(main.port, page.path);
    assert.equal(answer.status, 200);
    assert.match(String(answer.headers['content-type']), /text\/html/);
    const title = /<title>([^<]*)<\/title>/.exec(answer.body)?.[1] ?? '';
    const h1 = /<h1>([^<]*)<\/h1>/.exec(answer.body)?.[1] ?? '';
    assert.ok(title.includes(page.marker), `title "${title}"`);
    assert.ok(h1.includes(page.marker), `h1 "${h1}"`);
    assert.match(answer.body, /<dd[^>]*>[^<]+<\/dd>/, 'at least one data value');
    assert.equal(answer.headers.server, 'nginx', 'nginx fronts every proxied answer');
  });

  for (const app of page.needs) {
    test(`${page.path}: exact nginx 502 while ${app} is down, back when it is up`, async () => {
      node.up.delete(app);
      try {
        const answer = await request(main.port, page.path);
        assert.equal(answer.status, 502);
        assert.equal(answer.body, EXACT_502);
        assert.equal(answer.headers['content-type'], 'text/html');
        assert.equal(answer.headers.server, 'nginx');
      } finally {
        node.up.add(app);
      }
      assert.equal((await request(main.port, page.path)).status, 200);
    });
  }

  test(`${page.path}: proxy-502:${page.faultApp} → 502 while the app runs`, async () => {
    node.faults.add(`proxy-502:${page.faultApp}`);
    try {
      const answer = await request(main.port, page.path);
      assert.equal(answer.status, 502);
      assert.equal(answer.body, EXACT_502);
      // the other apps are untouched
      const other = PAGES.find((p) => p.path !== page.path)!;
      assert.equal((await request(main.port, other.path)).status, 200);
    } finally {
      node.faults.delete(`proxy-502:${page.faultApp}`);
    }
  });
}

test('live values follow the chain (lnd page shows the current block height)', async () => {
  node.chainInfo = { ...node.chainInfo, blocks: 880_001 };
  const answer = await request(main.port, '/app/lnd/');
  assert.match(answer.body, /Block height<\/dt><dd[^>]*>880001</);
});

test("/app/lnd (no slash) → 301 to /app/lnd/ with nginx's page, query kept", async () => {
  const answer = await request(main.port, '/app/lnd?x=1', { headers: { Host: `127.0.0.1:${main.port}` } });
  assert.equal(answer.status, 301);
  assert.equal(answer.headers.location, `http://127.0.0.1:${main.port}/app/lnd/?x=1`);
  assert.equal(answer.headers.server, 'nginx');
  assert.match(answer.body, /<title>301 Moved Permanently<\/title>/);
});

test('unknown /app/<x>/ → nginx 404 page', async () => {
  for (const path of ['/app/nope/', '/app/', '/app/nope']) {
    const answer = await request(main.port, path);
    assert.equal(answer.status, 404, path);
    assert.match(answer.body, /<center><h1>404 Not Found<\/h1><\/center>\r\n<hr><center>nginx<\/center>/);
    assert.equal(answer.headers.server, 'nginx');
  }
});

test('paths outside /app/ are left to the dashboard', async () => {
  for (const path of ['/', '/dashboard/apps', '/application', '/rpc/v1']) {
    const answer = await request(main.port, path);
    assert.equal(answer.body, 'dashboard', path);
  }
});

test('mempool: backend-info JSON names version, commit and backend; tip height is the chain height', async () => {
  const info = JSON.parse((await request(main.port, '/app/mempool/api/v1/backend-info')).body);
  assert.equal(typeof info.hostname, 'string');
  assert.equal(typeof info.version, 'string');
  assert.equal(typeof info.gitCommit, 'string');
  assert.equal(info.backend, 'electrum');
  node.up.delete('electrumx');
  try {
    assert.equal(JSON.parse((await request(main.port, '/app/mempool/api/v1/backend-info')).body).backend, 'none');
  } finally {
    node.up.add('electrumx');
  }
  const tip = await request(main.port, '/app/mempool/api/blocks/tip/height');
  assert.equal(tip.status, 200);
  assert.equal(tip.body, String(node.chainInfo.blocks));
});

test('mempool API while mempool is down → 502 like its page', async () => {
  node.up.delete('mempool');
  try {
    assert.equal((await request(main.port, '/app/mempool/api/v1/backend-info')).status, 502);
  } finally {
    node.up.add('mempool');
  }
});

test('filebrowser: /app/filebrowser/health → {"status":"OK"}', async () => {
  const answer = await request(main.port, '/app/filebrowser/health');
  assert.equal(answer.status, 200);
  assert.deepEqual(JSON.parse(answer.body), { status: 'OK' });
});

test('HEAD on a page answers headers without a body', async () => {
  const answer = await request(main.port, '/app/btcpay/', { method: 'HEAD' });
  assert.equal(answer.status, 200);
  assert.equal(answer.body, '');
});

test('/app/bitcoin-ui/ serves the bitcoin UI page and its JSON endpoint (the mock backend path)', async () => {
  const page = await request(main.port, '/app/bitcoin-ui/');
  assert.equal(page.status, 200);
  assert.match(page.body, /<title>Bitcoin UI<\/title>/);
  assert.match(page.body, /Block height/);
  const json = await request(main.port, '/app/bitcoin-ui/rpc/v1');
  assert.equal(JSON.parse(json.body).result.blocks, node.chainInfo.blocks);
  node.up.delete('archy-bitcoin-ui');
  try {
    assert.equal((await request(main.port, '/app/bitcoin-ui/')).status, 502);
  } finally {
    node.up.add('archy-bitcoin-ui');
  }
});

test('when the node cannot say what runs, the proxy answers 502 instead of failing the main server', async () => {
  const isUp = node.isUp;
  node.isUp = () => {
    throw new Error('state unavailable');
  };
  try {
    const answer = await request(main.port, '/app/fedimint/');
    assert.equal(answer.status, 502);
    assert.equal(answer.body, EXACT_502);
  } finally {
    node.isUp = isUp;
  }
  assert.equal((await request(main.port, '/app/fedimint/')).status, 200);
});
