/**
 * Electrum JSON-RPC over TCP: the calls a wallet makes, errors for garbage, batches, header
 * notifications, limits; the server survives whatever a client sends.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ELECTRUM_LIMITS } from '../electrum';
import { LineClient } from './clients';
import { startedSurface } from './started-surface';

const s = startedSurface('electrum');

type Reply = {
  jsonrpc?: string;
  id?: unknown;
  result?: unknown;
  error?: { code: number; message: string };
  method?: string;
  params?: unknown[];
};

async function ask(lines: string, count: number): Promise<{ replies: Reply[]; client: LineClient }> {
  const client = await LineClient.connect(s.port);
  client.send(lines);
  const replies = (await client.waitLines(count)) as Reply[];
  return { replies, client };
}

test('server.version → ["ElectrumX 1.16.0", "1.4"]', async () => {
  const { replies, client } = await ask(
    '{"jsonrpc":"2.0","id":1,"method":"server.version","params":["archy-e2e","1.4"]}\n',
    1,
  );
  client.close();
  assert.deepEqual(replies[0], { jsonrpc: '2.0', id: 1, result: ['ElectrumX 1.16.0', '1.4'] });
});

test('server.version with a protocol the server does not speak → error', async () => {
  const { replies, client } = await ask('{"id":1,"method":"server.version","params":["x","2.0"]}\n', 1);
  client.close();
  assert.equal(replies[0].error?.code, 1);
  assert.match(replies[0].error?.message ?? '', /unsupported protocol version/);
});

test('blockchain.headers.subscribe → {height, hex} with an 80-byte header', async () => {
  const { replies, client } = await ask('{"id":"h","method":"blockchain.headers.subscribe","params":[]}\n', 1);
  client.close();
  const result = replies[0].result as { height: number; hex: string };
  assert.equal(result.height, s.node.chainInfo.blocks);
  assert.match(result.hex, /^[0-9a-f]{160}$/);
  // nonce field carries the height; version is 0x20000000 little-endian
  assert.equal(result.hex.slice(0, 8), '00000020');
});

test('server.banner, server.ping, blockchain.estimatefee answer', async () => {
  const { replies, client } = await ask(
    '{"id":1,"method":"server.banner","params":[]}\n{"id":2,"method":"server.ping","params":[]}\n{"id":3,"method":"blockchain.estimatefee","params":[6]}\n',
    3,
  );
  client.close();
  assert.equal(typeof replies[0].result, 'string');
  assert.ok(replies[1] && 'result' in replies[1] && replies[1].result === null);
  assert.ok(typeof replies[2].result === 'number' && replies[2].result > 0);
});

test('estimatefee with a bad target → error, not a crash', async () => {
  const { replies, client } = await ask('{"id":1,"method":"blockchain.estimatefee","params":["soon"]}\n', 1);
  client.close();
  assert.equal(replies[0].error?.code, 1);
});

test('unknown method → -32601 naming the method', async () => {
  const { replies, client } = await ask('{"id":9,"method":"blockchain.transaction.broadcast.nope","params":[]}\n', 1);
  client.close();
  assert.equal(replies[0].id, 9);
  assert.equal(replies[0].error?.code, -32601);
  assert.match(replies[0].error?.message ?? '', /broadcast\.nope/);
});

test('garbage, non-objects and binary junk get JSON-RPC errors and the session keeps working', async () => {
  const client = await LineClient.connect(s.port);
  client.send('this is not json\n');
  client.send('42\n');
  client.send('{"id":5}\n');
  client.socket.write(Buffer.from([0x00, 0xff, 0xfe, 0x0a]));
  client.send('{"id":6,"method":"server.ping","params":{}}\n');
  const replies = (await client.waitLines(5)) as Reply[];
  client.close();
  assert.equal(replies[0].error?.code, -32700);
  assert.equal(replies[1].error?.code, -32600);
  assert.equal(replies[2].error?.code, -32600);
  assert.equal(replies[3].error?.code, -32700);
  assert.deepEqual(replies[4], { jsonrpc: '2.0', id: 6, result: null });
});

test('a batch is answered as one array; notifications (no id) get no reply', async () => {
  const { replies, client } = await ask(
    '{"method":"server.ping","params":[]}\n[{"id":1,"method":"server.ping"},{"id":2,"method":"nope"}]\n',
    1,
  );
  client.close();
  const batch = replies[0] as unknown as Reply[];
  assert.ok(Array.isArray(batch));
  assert.deepEqual(
    batch.map((r) => r.id),
    [1, 2],
  );
  assert.equal(batch[1].error?.code, -32601);
});

test('requests split across TCP packets and CRLF line ends are understood', async () => {
  const client = await LineClient.connect(s.port);
  client.send('{"id":1,"meth');
  await new Promise((r) => setTimeout(r, 30));
  client.send('od":"server.ping","params":[]}\r\n');
  const replies = (await client.waitLines(1)) as Reply[];
  client.close();
  assert.equal(replies[0].id, 1);
});

test('header subscribers are notified when the tip moves', async () => {
  const client = await LineClient.connect(s.port);
  client.send('{"id":1,"method":"blockchain.headers.subscribe","params":[]}\n');
  await client.waitLines(1);
  s.node.chainInfo = {
    ...s.node.chainInfo,
    blocks: s.node.chainInfo.blocks + 1,
    headers: s.node.chainInfo.headers + 1,
  };
  await s.surfaces.refresh();
  const [, note] = (await client.waitLines(2)) as Reply[];
  client.close();
  assert.equal(note?.method, 'blockchain.headers.subscribe');
  assert.equal((note?.params?.[0] as { height: number }).height, s.node.chainInfo.blocks);
});

test('a line over the size limit is refused and the connection closed; the server keeps serving', async () => {
  const client = await LineClient.connect(s.port);
  client.send('x'.repeat(ELECTRUM_LIMITS.maxLineBytes + 10));
  const replies = (await client.waitLines(1, 3_000)) as Reply[];
  await client.waitLines(2, 1_000);
  assert.equal(replies[0].error?.code, -32600);
  assert.equal(client.closed, true);
  const { replies: after, client: next } = await ask('{"id":1,"method":"server.ping"}\n', 1);
  next.close();
  assert.equal(after[0].id, 1);
});

test('a client that floods requests and reads late still gets every answer, in order', async () => {
  const client = await LineClient.connect(s.port);
  client.socket.pause();
  const count = 20_000;
  let batch = '';
  for (let i = 1; i <= count; i++) batch += `{"id":${i},"method":"server.ping","params":[]}\n`;
  client.send(batch);
  await new Promise((r) => setTimeout(r, 300));
  client.socket.resume();
  const replies = (await client.waitLines(count, 10_000)) as Reply[];
  client.close();
  assert.equal(replies.length, count);
  assert.equal(replies[count - 1].id, count);
  assert.ok(replies.every((r, i) => r.id === i + 1));
});

test('when the node cannot give its chain, the call gets an internal error and the session lives on', async () => {
  const chain = s.node.chain;
  s.node.chain = () => {
    throw new Error('chain unavailable');
  };
  const client = await LineClient.connect(s.port);
  try {
    client.send('{"id":1,"method":"blockchain.headers.subscribe","params":[]}\n');
    const [reply] = (await client.waitLines(1)) as Reply[];
    assert.equal(reply.error?.code, -32603);
    s.node.chain = chain;
    client.send('{"id":2,"method":"blockchain.headers.subscribe","params":[]}\n');
    const replies = (await client.waitLines(2)) as Reply[];
    assert.equal((replies[1].result as { height: number }).height, s.node.chainInfo.blocks);
  } finally {
    s.node.chain = chain;
    client.close();
  }
});
