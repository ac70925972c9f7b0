import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from '@playwright/test';
import { APPS, type AppEntry } from '../../../config/apps';
import { probeUi } from '../ui-probe';
import type { ProbeContext } from '../probe-types';
import { httpServer, NGINX_502 } from './fake-surfaces';

const app = (id: string): AppEntry => APPS.find((a) => a.id === id)!;

async function context(entry: AppEntry, port: number, ports: Record<string, number> = {}): Promise<ProbeContext> {
  return {
    node: { name: 'unit', baseUrl: `http://127.0.0.1:${port}`, isSim: true, ports },
    app: entry,
    request: await request.newContext(),
    rpc: { bitcoinGetinfo: async () => ({}), containerList: async () => [] },
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
    await assert.rejects(probeUi(fedimint), { message: '[node unit] fedimint/ui: /app/fedimint/ answered 502 (nginx error page)' });
  } finally {
    await lnd.request.dispose();
    await fedimint.request.dispose();
    await server.close();
  }
});

test('a direct port is probed on the node host; a closed port is named', async () => {
  const direct = await httpServer({ '/': { status: 200, body: '<h1>Bitcoin</h1><p>Block height 812</p>' } });
  const ctx = await context(app('archy-bitcoin-ui'), 1, { 'archy-bitcoin-ui': direct.port });
  try {
    const result = await probeUi(ctx);
    assert.match(result.checks[0], /port archy-bitcoin-ui/);
    await direct.close();
    await assert.rejects(probeUi(ctx), /archy-bitcoin-ui\/ui: port archy-bitcoin-ui \(\d+\) connection failed \(ECONNREFUSED\)/);
  } finally {
    await ctx.request.dispose();
  }
});
