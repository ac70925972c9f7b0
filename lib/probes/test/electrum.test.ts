import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nodeHttp } from '../../http/client';
import { APPS } from '../../../config/apps';
import { probeElectrum } from '../electrum';
import { ProbeError } from '../probe-error';
import type { ProbeContext } from '../probe-types';
import { electrumServer } from './fake-surfaces';

const electrumx = APPS.find((a) => a.id === 'electrumx')!;

async function context(port: number, blocks: number): Promise<ProbeContext> {
  return {
    node: { name: 'unit', baseUrl: 'http://127.0.0.1:1', isSim: true, ports: { electrum: port } },
    profile: null,
    app: electrumx,
    request: nodeHttp({ name: 'unit', baseUrl: 'http://127.0.0.1' }),
    rpc: {
      bitcoinGetinfo: async () => ({ chain: 'regtest', blocks, headers: blocks }),
      containerList: async () => [],
    },
    bitcoinRpcAuth: null,
    timeoutMs: 500,
  };
}

test('server.version and a tip at bitcoin height pass', async () => {
  const server = await electrumServer((m) =>
    m === 'server.version' ? ['ElectrumX 1.16.0', '1.4'] : { height: 120, hex: '00' },
  );
  const ctx = await context(server.port, 120);
  try {
    const result = await probeElectrum(ctx);
    assert.equal(result.data.height, 120);
    assert.equal(result.checks.length, 2);
  } finally {
    await server.close();
  }
});

test('a tip behind bitcoin fails naming app, node and cell', async () => {
  const server = await electrumServer((m) =>
    m === 'server.version' ? ['ElectrumX 1.16.0', '1.4'] : { height: 100, hex: '00' },
  );
  const ctx = await context(server.port, 120);
  try {
    await assert.rejects(
      probeElectrum(ctx),
      (e: unknown) =>
        e instanceof ProbeError &&
        /^\[node unit\] electrumx\/rpc: Electrum tip height 100 differs from bitcoin's 120/.test(e.message),
    );
  } finally {
    await server.close();
  }
});

test('a server that never answers fails within the bound; a closed port fails at once', async () => {
  const silent = await electrumServer(() => undefined);
  const ctx = await context(silent.port, 120);
  const started = Date.now();
  await assert.rejects(probeElectrum(ctx), /no complete answer within 500 ms/);
  assert.ok(Date.now() - started < 2000);
  await silent.close();
  await assert.rejects(probeElectrum(ctx), /connection failed \(ECONNREFUSED\)/);
});
