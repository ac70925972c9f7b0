/**
 * The JSON-RPC envelope, bad input, auth cookies, 401/403/429, remember-me, session TTL, /ws/db auth.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import WebSocket from 'ws';
import { PASSWORD, RpcClient, sleep, startSim, waitFor, type TestSim } from './helpers';

describe('rpc envelope and bad input', () => {
  let t: TestSim;
  before(async () => {
    t = await startSim();
  });
  after(() => t.stop());

  it('health without auth: {jsonrpc, id, result:"ok", error:null}; jsonrpc/id optional', async () => {
    const a = await t.rpc.call('health');
    assert.equal(a.status, 200);
    assert.deepEqual(a.body, { jsonrpc: '2.0', id: 7, result: 'ok', error: null });
    const bare = await t.rpc.raw('{"method":"health"}');
    assert.deepEqual(bare.body, { jsonrpc: '2.0', id: null, result: 'ok', error: null });
  });

  it('auth.isSetup and auth.isOnboardingComplete need no session', async () => {
    assert.equal(await t.rpc.result('auth.isSetup'), true);
    assert.equal(await t.rpc.result('auth.isOnboardingComplete'), true);
  });

  it('malformed JSON → 400 -32700; no method → 400 -32600; oversized → 413 JSON; GET → 405', async () => {
    const bad = await t.rpc.raw('{"method": "health"');
    assert.equal(bad.status, 400);
    assert.equal(bad.body?.error?.code, -32700);
    assert.match(bad.body?.error?.message ?? '', /^Invalid JSON/);
    const noMethod = await t.rpc.raw('{"params":{}}');
    assert.equal(noMethod.status, 400);
    assert.equal(noMethod.body?.error?.code, -32600);
    const arr = await t.rpc.raw('[1,2]');
    assert.equal(arr.status, 400);
    const big = await t.rpc.raw(JSON.stringify({ method: 'health', params: { pad: 'x'.repeat(1024 * 1024 + 10) } }));
    assert.equal(big.status, 413);
    assert.match(big.body?.error?.message ?? '', /larger than 1 MiB/);
    const get = await fetch(`${t.ready.baseUrl}/rpc/v1`);
    assert.equal(get.status, 405);
    assert.equal((await t.rpc.call('health')).body?.result, 'ok', 'still answering');
  });

  it('a protected method without a session is 401; unknown methods with a session are -32601 on HTTP 200', async () => {
    const a = await t.rpc.call('server.get-state');
    assert.equal(a.status, 401);
    assert.equal(a.body?.error?.message, 'Unauthorized');
    await t.rpc.login();
    const u = await t.rpc.call('system.get-version');
    assert.equal(u.status, 200);
    assert.deepEqual(u.body?.error, { code: -32601, message: 'Method not found: system.get-version' });
    assert.equal(await t.rpc.result('system.get-hostname'), 'archy-sim');
    const p = await t.rpc.call('package.install', [1, 2]);
    assert.match(p.body?.error?.message ?? '', /^Invalid params/);
  });
});

describe('auth', () => {
  let t: TestSim;
  before(async () => {
    t = await startSim();
  });
  after(() => t.stop());

  it('login sets session (HttpOnly, SameSite=Strict, Path=/), csrf_token (readable), remember (HttpOnly); no Secure over http', async () => {
    const c = new RpcClient(t.ready.baseUrl);
    const a = await c.call('auth.login', { password: `  ${PASSWORD} ` });
    assert.equal(a.status, 200);
    assert.deepEqual(a.body, { jsonrpc: '2.0', id: 7, result: null, error: null });
    const byName = Object.fromEntries(a.setCookies.map((l) => [l.split('=')[0], l]));
    assert.match(byName.session ?? '', /HttpOnly/);
    assert.match(byName.session ?? '', /SameSite=Strict/);
    assert.match(byName.session ?? '', /Path=\//);
    assert.doesNotMatch(byName.csrf_token ?? '', /HttpOnly/);
    assert.match(byName.remember ?? '', /HttpOnly/);
    for (const l of a.setCookies) assert.doesNotMatch(l, /Secure/);
    const stored = readFileSync(path.join(t.ready.dataDir, 'sessions.json'), 'utf8');
    assert.ok(!stored.includes(c.jar.session as string), 'sessions.json stores hashes only');
  });

  it('wrong password → HTTP 200 "Password Incorrect" without cookies', async () => {
    const c = new RpcClient(t.ready.baseUrl);
    const a = await c.call('auth.login', { password: 'nope' });
    assert.equal(a.status, 200);
    assert.equal(a.body?.error?.message, 'Password Incorrect');
    assert.equal(a.setCookies.length, 0);
    assert.equal((await c.call('auth.login', {})).body?.error?.message, 'Missing password');
  });

  it('mutating without X-CSRF-Token == csrf_token → 403; read-only methods skip CSRF', async () => {
    const c = new RpcClient(t.ready.baseUrl);
    await c.login();
    const no = await c.call('package.stop', { id: 'filebrowser' }, { csrf: false });
    assert.equal(no.status, 403);
    assert.equal(no.body?.error?.message, 'CSRF token mismatch');
    const wrong = await c.call(
      'package.stop',
      { id: 'filebrowser' },
      { csrf: false, headers: { 'X-CSRF-Token': 'forged' } },
    );
    assert.equal(wrong.status, 403);
    for (const m of ['server.get-state', 'system.get-hostname', 'container-list'])
      assert.equal((await c.call(m, {}, { csrf: false })).status, 200, m);
    const ok = await c.call('package.stop', { id: 'fedimint-clientd' });
    assert.equal(ok.status, 200);
    assert.equal(ok.body?.error, null);
  });

  it('the 6th login attempt within a minute from one IP is 429; a successful login clears the count', async () => {
    const c = new RpcClient(t.ready.baseUrl);
    await c.login();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await c.call('auth.login', { password: 'wrong' })).status);
    assert.deepEqual(statuses, [200, 200, 200, 200, 200, 429]);
    const blocked = await c.call('auth.login', { password: PASSWORD });
    assert.equal(blocked.status, 429, 'even the right password waits');
  });

  it('a forged session cookie is 401', async () => {
    const c = new RpcClient(t.ready.baseUrl);
    c.jar.session = 'forged-token';
    await assert.rejects(c.result('server.get-state'), /HTTP 401/);
  });
});

describe('sessions over time', () => {
  let t: TestSim;
  before(async () => {
    t = await startSim({ sessionTtlSeconds: 1 });
  });
  after(() => t.stop());

  it('expired session + remember → restored with new session and csrf cookies', async () => {
    const c = new RpcClient(t.ready.baseUrl);
    await c.login();
    const old = c.jar.session;
    await sleep(1100);
    const noRemember = new RpcClient(t.ready.baseUrl);
    noRemember.jar.session = old as string;
    assert.equal((await noRemember.call('server.get-state')).status, 401, 'expired');
    const a = await c.call('server.get-state');
    assert.equal(a.status, 200);
    assert.ok(
      a.setCookies.some((l) => l.startsWith('session=')) && a.setCookies.some((l) => l.startsWith('csrf_token=')),
    );
    assert.notEqual(c.jar.session, old);
    assert.equal(
      (await c.call('package.stop', { id: 'fedimint-clientd' })).status,
      200,
      'restored session passes CSRF with the new cookie',
    );
  });
});

// A default session TTL here: with the 1-s TTL above, a busy machine could let the session expire
// between the login and the websocket upgrade, and the upgrade would then be refused for it.
describe('the websocket and logout', () => {
  let t: TestSim;
  before(async () => {
    t = await startSim();
  });
  after(() => t.stop());

  it('/ws/db refuses a client without a session (401) and sends {rev,data} then {rev,patch}', async () => {
    const refused = await new Promise<number>((resolve) => {
      const ws = new WebSocket(t.ready.wsUrl);
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => resolve(101));
      ws.on('error', () => undefined);
    });
    assert.equal(refused, 401);
    const c = new RpcClient(t.ready.baseUrl);
    await c.login();
    const msgs: { rev: number; data?: unknown; patch?: { op: string; path: string }[] }[] = [];
    const ws = new WebSocket(t.ready.wsUrl, { headers: { Cookie: c.cookieHeader() } });
    ws.on('message', (m) => msgs.push(JSON.parse(String(m))));
    await waitFor('dump', async () => msgs.length > 0);
    assert.ok(msgs[0]?.data && typeof msgs[0].rev === 'number');
    await c.result('package.stop', { id: 'filebrowser' });
    await waitFor('patch', async () =>
      msgs.some((m) => m.patch?.some((op) => op.path === '/package-data/filebrowser/state')),
    );
    const p = msgs.find((m) => m.patch) as { rev: number };
    assert.ok(p.rev > (msgs[0]?.rev ?? 0));
    ws.terminate();
  });

  it('logout revokes the session and the remember token', async () => {
    const c = new RpcClient(t.ready.baseUrl);
    await c.login();
    const saved = { ...c.jar };
    await c.result('auth.logout');
    assert.equal(c.jar.session, undefined);
    const replay = new RpcClient(t.ready.baseUrl);
    Object.assign(replay.jar, saved);
    assert.equal((await replay.call('server.get-state')).status, 401);
  });
});
