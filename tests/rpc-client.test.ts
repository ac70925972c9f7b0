import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { request, type APIRequestContext } from '@playwright/test';
import type { NodeConfig } from '../config/nodes';
import { HttpStatusError, NodeUnreachableError, RpcClient, RpcError, SchemaMismatchError } from '../lib/rpc';
import { startFakeNode, type FakeNode } from './support/fake-node';
import { RPC_METHODS_VARY } from '../lib/rpc/methods';

function nodeConfigFor(baseUrl: string): NodeConfig {
  return {
    name: 'fake',
    baseUrl,
    isSim: true,
    allowDestructive: true,
    allowChaos: true,
    timeScale: 1,
    ports: {},
    protectedApps: [],
    hostname: 'fake-node',
  };
}

describe('RpcClient against a fake node', () => {
  let node: FakeNode;
  let context: APIRequestContext;
  let rpc: RpcClient;
  const steps: string[] = [];

  before(async () => {
    node = await startFakeNode();
  });
  after(async () => {
    await node.close();
  });
  beforeEach(async () => {
    await context?.dispose();
    context = await request.newContext({ baseURL: node.baseUrl });
    steps.length = 0;
    node.calls.length = 0;
    rpc = new RpcClient({
      node: nodeConfigFor(node.baseUrl),
      request: context,
      password: () => node.password,
      newBareRequest: () => request.newContext({ baseURL: node.baseUrl }),
      step: (title, body) => {
        steps.push(title);
        return body();
      },
    });
  });
  after(async () => {
    await context?.dispose();
  });

  /** Another client logs in on the same context: the jar's csrf_token changes behind `rpc`. */
  const loginElsewhere = (): Promise<void> =>
    new RpcClient({
      node: nodeConfigFor(node.baseUrl),
      request: context,
      password: () => node.password,
      step: (_title, body) => body(),
    }).login();

  test('login stores the cookies and mutating calls carry the CSRF header', async () => {
    await rpc.login();
    const csrf = await rpc.csrfToken();
    assert.match(csrf ?? '', /^[0-9a-f]{32}$/);
    const result = await rpc.install('lnd');
    assert.deepEqual(result, { package_id: 'lnd', status: 'installing' });
    const install = node.calls.find((c) => c.method === 'package.install')!;
    assert.equal(install.csrfHeader, csrf);
    assert.match(install.cookie, /session=/);
    // With more than one archy version in lib/rpc/methods.ts the client reads the node's version once first.
    const version = RPC_METHODS_VARY ? ['rpc archy version'] : [];
    assert.deepEqual(steps, ['rpc auth.login', ...version, 'rpc package.install lnd']);
  });

  test('typed results are validated: getState, packageEntry, hostname', async () => {
    await rpc.login();
    const state = await rpc.getState();
    assert.equal(state.rev, 7);
    assert.equal((await rpc.packageEntry('filebrowser'))?.state, 'running');
    assert.equal(await rpc.packageEntry('lnd'), undefined);
    assert.equal(await rpc.hostname(), 'fake-node');
  });

  test('a 401 logs in again once, says so in a step, and repeats the call', async () => {
    await rpc.login();
    node.expireSessions();
    await rpc.stop('filebrowser');
    assert.deepEqual(
      node.calls.map((c) => `${c.method}:${c.status}`),
      ['auth.login:200', 'package.stop:401', 'auth.login:200', 'package.stop:200'],
    );
    assert.ok(
      steps.some((s) => s.startsWith('session expired on fake: logged in again and repeated package.stop')),
      steps.join(' | '),
    );
  });

  test('an RPC error becomes RpcError with the node and the message', async () => {
    await assert.rejects(rpc.login('wrong-password'), (error: unknown) => {
      assert.ok(error instanceof RpcError);
      assert.equal(error.rpcMessage, 'Password Incorrect');
      assert.match(error.message, /^fake: auth\.login failed: Password Incorrect/);
      return true;
    });
  });

  test('HTTP 429 becomes HttpStatusError naming method and status', async () => {
    node.failNext('auth.login', 429);
    await assert.rejects(
      rpc.login(),
      (error: unknown) =>
        error instanceof HttpStatusError && error.status === 429 && /rate limited/.test(error.message),
    );
  });

  test('a result of the wrong shape becomes SchemaMismatchError with the field path', async () => {
    await rpc.login();
    node.setResult('server.get-state', { data: { 'server-info': {}, 'package-data': { lnd: { state: 'flying' } } } });
    await assert.rejects(rpc.getState(), (error: unknown) => {
      assert.ok(error instanceof SchemaMismatchError);
      assert.equal(error.fieldPath, 'data.package-data.lnd.state');
      assert.match(error.message, /received "flying"/);
      return true;
    });
    node.setResult('server.get-state', { rev: 7, data: { 'server-info': {}, 'package-data': {} } });
  });

  test('raw() reports what the node answers without session or CSRF', async () => {
    await rpc.login();
    const noSession = await rpc.raw('server.get-state', {}, { session: false });
    assert.equal(noSession.status, 401);
    const noCsrf = await rpc.raw('package.stop', { id: 'filebrowser' }, { csrf: false });
    assert.equal(noCsrf.status, 403);
    const ok = await rpc.raw('package.stop', { id: 'filebrowser' });
    assert.equal(ok.status, 200);
    assert.deepEqual(steps.slice(1), [
      'rpc raw server.get-state (no session)',
      'rpc raw package.stop (no csrf)',
      'rpc raw package.stop',
    ]);
  });

  test('a closed port becomes NodeUnreachableError naming node and URL', async () => {
    const closed = new RpcClient({ node: nodeConfigFor('http://127.0.0.1:9'), request: context, password: () => 'x' });
    await assert.rejects(
      closed.health(),
      (error: unknown) =>
        error instanceof NodeUnreachableError &&
        /^fake is unreachable at http:\/\/127\.0\.0\.1:9\/rpc\/v1: .*ECONNREFUSED/.test(error.message),
    );
  });

  test('a token changed behind the client is read again: the 403 to the old one is repeated once', async () => {
    await rpc.login();
    await rpc.stop('filebrowser'); // caches the token
    // Another client logs in on the same context: the jar's csrf_token changes without this client seeing an answer.
    await loginElsewhere();
    node.calls.length = 0;
    await rpc.stop('filebrowser');
    assert.deepEqual(
      node.calls.map((c) => `${c.method}:${c.status}`),
      ['package.stop:403', 'package.stop:200'],
    );
    assert.equal(node.calls[1]?.csrfHeader, await rpc.csrfToken());
  });

  test("a 403 to the token the jar still holds is the node's answer: not repeated", async () => {
    await rpc.login();
    node.failNext('package.stop', 403);
    await assert.rejects(
      rpc.stop('filebrowser'),
      (error: unknown) => error instanceof HttpStatusError && error.status === 403,
    );
    assert.deepEqual(
      node.calls.filter((c) => c.method === 'package.stop').map((c) => c.status),
      [403],
    );
  });

  test('raw() sends the token the jar holds for that very request, and never repeats it', async () => {
    await rpc.login();
    await rpc.stop('filebrowser');
    await loginElsewhere();
    node.calls.length = 0;
    const answer = await rpc.raw('package.stop', { id: 'filebrowser' });
    assert.equal(answer.status, 200);
    assert.deepEqual(
      node.calls.map((c) => c.status),
      [200],
    );
  });

  test('the password never appears in a step title', async () => {
    await rpc.login();
    await rpc.call('auth.login', { password: node.password });
    assert.ok(
      steps.every((s) => !s.includes(node.password)),
      steps.join(' | '),
    );
  });
});
