/**
 * For tests/identity-change.test.ts: after preflight pinned the sim's CA, another https sim with
 * another CA takes the sim's port, as a machine in the middle would. The RPC client (auth.login
 * with the password), the state feed (the session cookie), a raw security request (the password),
 * a probe of a proxy path (the session cookie) and the browser's login each stop at the handshake, naming the node and both fingerprints, and
 * nothing of the password, session, csrf_token or remember reaches the other sim (its request log).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Agent, request } from 'undici';
import { nodePassword, outputPaths, simReady } from '../../config/env';
import { expect, journeyTest as test, reportStep } from '../../fixtures';
import { targetFor } from '../../lib/http/client';
import { httpFetch } from '../../lib/probes/http-fetch';
import { proxyUrl } from '../../lib/probes/node-urls';
import { forgetStops, IdentityChangedError } from '../../lib/http/pin';
import { CraftedRpc } from '../../lib/security/crafted-rpc';
import { startSim } from '../../lib/start-sim';
import { closeStateFeeds, stateFeed } from '../../lib/state-feed';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

test('a machine in the middle after preflight gets no secret', async ({ nodeConfig, rpc, nodeHttp, page }) => {
  const ready = simReady();
  const stored = JSON.parse(readFileSync(outputPaths().authFile(nodeConfig.name), 'utf8')) as {
    cookies: { name: string; value: string }[];
  };
  const secrets: Record<string, string> = { password: nodePassword(nodeConfig.name) };
  for (const name of ['session', 'csrf_token', 'remember']) {
    const value = stored.cookies.find((c) => c.name === name)?.value;
    expect(value, `preflight stored a ${name} cookie`).toBeTruthy();
    secrets[name] = value!;
  }
  expect(await rpc.hostname(), 'the node answers through the pinned path before the swap').toBeTruthy();

  const port = new URL(ready.baseUrl).port;
  process.kill(ready.pid, 'SIGTERM');
  await expect.poll(() => alive(ready.pid), { message: 'the sim stops', timeout: 15_000 }).toBe(false);
  const mitm = await startSim({
    tls: true,
    flags: ['--port', port, '--request-log'],
    password: 'not-the-node-password',
    label: 'machine in the middle',
  });
  try {
    expect(mitm.ready.baseUrl).toBe(ready.baseUrl);
    const expected = nodeConfig.caSha256!;
    const seen = mitm.ready.caSha256!.replace(/:/g, '').toLowerCase();
    const isStop = (error: unknown, channel: string): void => {
      expect(error, `${channel}: a changed identity is a stop`).toBeInstanceOf(IdentityChangedError);
      const message = (error as Error).message;
      expect(message, `${channel}: names the node`).toMatch(/^sim: the node's identity changed/);
      expect(message, `${channel}: names the pinned fingerprint`).toContain(expected);
      expect(message, `${channel}: names the fingerprint it saw`).toContain(seen);
    };

    // The RPC client: auth.login would carry the password.
    forgetStops();
    isStop(await rpc.login().catch((e: unknown) => e), 'RPC client');
    // The run stops there: the next call sends nothing, not even a handshake.
    const before = readFileSync(path.join(mitm.ready.dataDir, 'requests.log'), 'utf8');
    isStop(await rpc.call('server.get-state').catch((e: unknown) => e), 'RPC client after the stop');
    expect(readFileSync(path.join(mitm.ready.dataDir, 'requests.log'), 'utf8'), 'no connection after the stop').toBe(
      before,
    );

    // The state feed: its handshake would carry the session cookie.
    forgetStops();
    closeStateFeeds();
    isStop(await stateFeed(rpc).catch((e: unknown) => e), 'state feed');

    // A raw security request: a fresh login with the password.
    forgetStops();
    const raw = new CraftedRpc(nodeConfig.baseUrl, reportStep, { timeoutMs: 10_000, target: targetFor(nodeConfig) });
    isStop(
      await raw.send('auth.login', { password: secrets.password }, { what: 'a fresh login' }).catch((e: unknown) => e),
      'raw security request',
    );

    // A probe of a proxy path: it would carry the session cookie (an app gate wants it).
    forgetStops();
    isStop(
      await httpFetch(nodeHttp, proxyUrl(nodeConfig, '/app/lnd/'), { timeoutMs: 10_000 }).catch((e: unknown) => e),
      'probe',
    );

    // The browser: the login page never loads, so the password is never typed.
    const navigation = await page.goto('/login').then(
      () => 'loaded',
      (e: Error) => e.message,
    );
    expect(navigation, 'the browser refuses the other chain').toMatch(/net::ERR_CERT_/);

    // What reached the machine in the middle: a request of its own first (its log works), then nothing of ours.
    const own = new Agent({ connect: { ca: readFileSync(mitm.ready.caCertPath!, 'utf8') } });
    const health = await request(`${mitm.ready.baseUrl}/health`, { dispatcher: own });
    await health.body.text();
    await own.close();
    const log = readFileSync(path.join(mitm.ready.dataDir, 'requests.log'), 'utf8');
    expect(log, 'the request log records what arrives').toContain('GET /health');
    expect(log, 'the handshakes were refused').toMatch(/tls-refused/);
    for (const [name, value] of Object.entries(secrets))
      expect(log.includes(value), `no byte of the ${name} reaches the machine in the middle`).toBe(false);
    expect(log, 'no RPC call reached it').not.toContain('/rpc/v1');
    expect(log, 'no state feed handshake reached it').not.toContain('/ws/db');
    expect(log, 'no probe reached it').not.toContain('/app/');
  } finally {
    forgetStops();
    await mitm.stop();
  }
});
