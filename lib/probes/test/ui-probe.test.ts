import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nodeHttp } from '../../http/client';
import { APPS, type AppEntry } from '../../../config/apps';
import { probeUi } from '../ui-probe';
import type { ProbeContext } from '../probe-types';
import type { NodeProfile } from '../../../config/profiles';
import { httpServer, NGINX_502 } from './fake-surfaces';

const app = (id: string): AppEntry => APPS.find((a) => a.id === id)!;

async function context(entry: AppEntry, port: number, ports: Record<string, number> = {}): Promise<ProbeContext> {
  return {
    node: { name: 'unit', baseUrl: `http://127.0.0.1:${port}`, isSim: true, ports },
    profile: null,
    app: entry,
    request: nodeHttp({ name: 'unit', baseUrl: 'http://127.0.0.1' }),
    rpc: { bitcoinGetinfo: async () => ({ chain: 'main', blocks: 812, headers: 812 }), containerList: async () => [] },
    bitcoinRpcAuth: null,
    timeoutMs: 1000,
  };
}

test('proxy path with marker passes; 502 names the path and the nginx page', async () => {
  const server = await httpServer({
    '/app/lnd/': { status: 200, body: '<title>LND</title><h1>Lightning</h1><p>height 10</p>' },
    '/app/fedimint/': { status: 502, body: NGINX_502 },
  });
  const lnd = await context(app('lnd'), server.port);
  const fedimint = await context(app('fedimint'), server.port);
  try {
    const result = await probeUi(lnd);
    assert.match(result.checks[0], /^\/app\/lnd\/: 200/);
    await assert.rejects(probeUi(fedimint), {
      message: '[node unit] fedimint/ui: /app/fedimint/ answered 502 (nginx error page)',
    });
  } finally {
    await server.close();
  }
});

test('a direct port is probed on the node host; a closed port is named', async () => {
  const direct = await httpServer({ '/': { status: 200, body: '<h1>Bitcoin</h1><p>Block height 812</p>' } });
  const ctx = await context(app('archy-bitcoin-ui'), 1, { 'archy-bitcoin-ui': direct.port });
  const result = await probeUi(ctx);
  assert.match(result.checks[0], /port archy-bitcoin-ui/);
  await direct.close();
  await assert.rejects(
    probeUi(ctx),
    /archy-bitcoin-ui\/ui: port archy-bitcoin-ui \(\d+\) connection failed \(ECONNREFUSED\)/,
  );
});

test('the Bitcoin UI block height must agree with bitcoin.getinfo within one block', async () => {
  const direct = await httpServer({
    '/': { status: 200, body: '<h1>Bitcoin</h1><dl><dt>Block height</dt><dd>807</dd></dl>' },
  });
  const ctx = await context(app('archy-bitcoin-ui'), 1, { 'archy-bitcoin-ui': direct.port });
  try {
    await assert.rejects(probeUi(ctx), /shows Block height 807, the API says 812 \(more than one block apart\)/);
    ctx.rpc.bitcoinGetinfo = async () => ({ chain: 'main', blocks: 808, headers: 808 });
    const result = await probeUi(ctx);
    assert.ok(
      result.checks.some((c) => /Block height 807 agrees with the API's 808/.test(c)),
      result.checks.join('\n'),
    );
  } finally {
    await direct.close();
  }
});

test('without a profile the marker is not required; a real page is', async () => {
  const server = await httpServer({ '/app/lnd/': { status: 200, body: '<h1>Some other wording</h1><p>node ok</p>' } });
  const lnd = await context(app('lnd'), server.port);
  try {
    const result = await probeUi(lnd);
    assert.ok(result.annotations.some((a) => a.type === 'guess unchecked' && a.description?.startsWith('ui-markers')));
  } finally {
    await server.close();
  }
});

test('the profile the context carries decides the marker check: seen, it is checked; gone, the guess is contradicted', async () => {
  const sawMarkers: NodeProfile = {
    node: 'unit',
    surveyedAt: '2026-01-01T00:00:00Z',
    destructive: false,
    guesses: {
      'ui-markers': {
        observed: 'as config/apps.ts ui.marker',
        expected: 'as config/apps.ts ui.marker',
        status: 'confirmed',
      },
    },
  };
  const lndMarker = app('lnd').ui!.marker;
  const server = await httpServer({
    '/app/lnd/': { status: 200, body: `<h1>${lndMarker}</h1><p>node ok</p>` },
    '/app/fedimint/': { status: 200, body: '<h1>Some other wording</h1><p>node ok</p>' },
  });
  const lnd = { ...(await context(app('lnd'), server.port)), profile: sawMarkers };
  const fedimint = { ...(await context(app('fedimint'), server.port)), profile: sawMarkers };
  try {
    const shown = await probeUi(lnd);
    assert.ok(shown.checks.some((c) => c.includes(`marker "${lndMarker}" (profile: ui-markers)`)));
    const gone = await probeUi(fedimint);
    assert.ok(gone.annotations.some((a) => a.type === 'guess contradicted' && a.description?.startsWith('ui-markers')));
  } finally {
    await server.close();
  }
});
