/**
 * Run by tests/fixtures.test.ts only (ARCHY_SPEC_DIRS=tests/fixtures-run) against a sim: the fixture API
 * as specs use it — the stored session, anonymous and CSRF-less raw calls, control, waiters.
 */
import { appTag, DESTRUCTIVE, expect, RpcError, test, waitForAppState } from '../../fixtures';

test('rpc uses the session stored by the setup project', async ({ rpc, nodeConfig }) => {
  const answer = await rpc.raw('server.get-state', {});
  expect(answer.status, 'a protected read with the stored session').toBe(200);
  expect(await rpc.hostname()).toBe(nodeConfig.hostname);
});

test('raw() without session or CSRF gets what an attacker would get', async ({ rpc }) => {
  expect((await rpc.raw('server.get-state', {}, { session: false })).status).toBe(401);
  expect((await rpc.raw('package.stop', { id: 'filebrowser' }, { csrf: false })).status).toBe(403);
});

test('an unknown app is an RpcError naming the node', async ({ rpc }) => {
  const error = await rpc.start('no-such-app').catch((e: unknown) => e);
  expect(error).toBeInstanceOf(RpcError);
  expect((error as RpcError).message).toMatch(/^sim: package\.start failed: /);
});

test('control reaches the sim and sees the calls', async ({ control, rpc }) => {
  expect(control, 'the sim has a control channel').toBeDefined();
  expect((await control!.status()).daemon).toBe('up');
  const before = (await control!.calls()).at(-1)?.seq ?? 0;
  await rpc.getState();
  const calls = await control!.calls(before);
  expect(calls.map((c) => c.method)).toContain('server.get-state');
});

test(
  'stop and start filebrowser, waiting on its state',
  { tag: [DESTRUCTIVE, appTag('filebrowser')] },
  async ({ rpc }) => {
    await rpc.stop('filebrowser');
    await waitForAppState(rpc, 'filebrowser', 'stopped', { budget: 'action', cell: 'stop' });
    await rpc.start('filebrowser');
    const entry = await waitForAppState(rpc, 'filebrowser', 'running-healthy', { budget: 'action', cell: 'start' });
    expect(entry?.state).toBe('running');
  },
);
