import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nodeHttp } from '../../http/client';
import { APPS } from '../../../config/apps';
import { probeBitcoinGetinfo } from '../bitcoin-getinfo';
import type { BitcoinRpcAuth, ProbeContext } from '../probe-types';
import { httpServer } from './fake-surfaces';

const knots = APPS.find((a) => a.id === 'bitcoin-knots')!;
const auth: BitcoinRpcAuth = { user: 'archy', password: 's3cret' };
const basic = `Basic ${Buffer.from('archy:s3cret').toString('base64')}`;

async function bitcoind(chain: string) {
  return httpServer({
    'POST /': (req) =>
      req.headers.authorization === basic
        ? {
            status: 200,
            type: 'application/json',
            body: JSON.stringify({ result: { chain, blocks: 121, headers: 121 }, error: null, id: 'archy-e2e' }),
          }
        : { status: 401, body: '' },
  });
}

async function context(port: number, credentials: BitcoinRpcAuth | null, archyInfo: unknown): Promise<ProbeContext> {
  return {
    node: { name: 'unit', baseUrl: 'http://127.0.0.1:1', isSim: true, ports: { 'bitcoin-rpc': port } },
    profile: null,
    app: knots,
    request: nodeHttp({ name: 'unit', baseUrl: 'http://127.0.0.1' }),
    rpc: { bitcoinGetinfo: async () => archyInfo, containerList: async () => [] },
    bitcoinRpcAuth: credentials,
    timeoutMs: 1000,
  };
}

test('archy and bitcoind agree: passes, and anonymous JSON-RPC gets 401', async () => {
  const server = await bitcoind('regtest');
  const ctx = await context(server.port, auth, { chain: 'regtest', blocks: 120, headers: 121 });
  try {
    const result = await probeBitcoinGetinfo(ctx);
    assert.equal(result.skipped.length, 0);
    assert.deepEqual(
      result.checks.map((c) => c.split(':')[0]),
      ['bitcoin.getinfo', 'Bitcoin JSON-RPC ', 'Bitcoin JSON-RPC '],
    );
  } finally {
    await server.close();
  }
});

test('chains that disagree, or blocks above headers, fail', async () => {
  const server = await bitcoind('main');
  const wrongChain = await context(server.port, auth, { chain: 'regtest', blocks: 120, headers: 121 });
  const ahead = await context(server.port, auth, { chain: 'main', blocks: 130, headers: 121 });
  try {
    await assert.rejects(
      probeBitcoinGetinfo(wrongChain),
      /bitcoin-knots\/rpc: Bitcoin JSON-RPC says chain "main", bitcoin.getinfo says "regtest"/,
    );
    await assert.rejects(probeBitcoinGetinfo(ahead), /blocks 130 > headers 121/);
  } finally {
    await server.close();
  }
});

test('unknown credentials skip the JSON-RPC half with a reason', async () => {
  const ctx = await context(1, null, { chain: 'main', blocks: 1, headers: 1 });
  const result = await probeBitcoinGetinfo(ctx);
  assert.match(result.skipped[0], /credentials unknown/);
});
