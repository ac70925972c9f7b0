/**
 * L5: a network partition of N seconds between the runner and the node. During it a call to the
 * node fails as infrastructure (the gate's classifier says so, never a product failure); it heals
 * by itself (the sim's own timer, or the firewall rule's timer on a real node); afterwards the node
 * answers and the apps that ran still run. Red against the sim fault `partition-never-heals`.
 */
import { expect, NodeUnreachableError, RpcClient, test } from '../fixtures';
import { ALL_APP_LOCKS } from '../lib/cells/locks';
import { chaosStart, chaosTags, chaosTitle, SCENARIOS, scaled, runningApps } from './support/chaos';

const APP = 'filebrowser';
const CELL = 'chaos-partition';
const PROBE_TIMEOUT_MS = 2_000;

test.describe(`L5 ${CELL}`, { lock: [...ALL_APP_LOCKS] }, () => {
  test(chaosTitle(APP, CELL), { tag: chaosTags(APP, CELL) }, async ({ rpc, nodeConfig, control, request }) => {
    const { at, control: ctl } = await chaosStart({ rpc, nodeConfig, control }, APP, CELL);
    const before = await runningApps(rpc);
    const seconds = Math.max(4, Math.round(60 * nodeConfig.timeScale));
    // A client that gives up quickly (the fixture's waits 30 s per call): what a cell would meet during the partition.
    const probe = new RpcClient({
      node: nodeConfig,
      request,
      timeoutMs: PROBE_TIMEOUT_MS,
      password: () => {
        throw new Error(`${at}: the partition probe never logs in`);
      },
    });

    await ctl.partition(seconds);
    const t0 = Date.now();
    const during = await probe.health().then(
      () => undefined,
      (error: Error) => error,
    );
    expect(during, `${at}: health answered during a ${seconds} s partition`).toBeInstanceOf(Error);
    // reporters/classify.ts counts NodeUnreachableError as infrastructure (never a product failure).
    expect(
      during,
      `${at}: a call during the partition must fail as NodeUnreachableError (infrastructure); it failed with: ${String(during)}`,
    ).toBeInstanceOf(NodeUnreachableError);

    const budget = seconds * 1000 + scaled(nodeConfig, SCENARIOS[CELL].budgetMs);
    await expect
      .poll(async () => probe.health().then(Boolean, () => false), {
        timeout: budget,
        intervals: [500, 1000],
        message: `${at}: the node did not answer again within ${budget} ms of a ${seconds} s partition (it must heal by itself)`,
      })
      .toBe(true);
    const healedMs = Date.now() - t0;
    expect((await ctl.status()).daemon, `${at}: the daemon after the partition`).toBe('up');
    expect(await runningApps(rpc), `${at}: the apps that ran before the partition still run`).toEqual(
      expect.arrayContaining(before),
    );
    test.info().annotations.push({
      type: 'recovery',
      description: `${at}: healed ${healedMs} ms after a ${seconds} s partition; ${before.length} apps still running`,
    });
  });
});
