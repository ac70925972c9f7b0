/**
 * `<node>-setup`: preflight of the node under test, in the report and the trace.
 * No earlier run left the node changed (a leftover snapshot) → identity (TLS pin) → reachable and
 * `health` answers → session (reused while valid, else login) → the node's facts as report
 * environment info (attachment + reports/env/<node>.json) → a snapshot of its apps, which
 * `<node>-teardown` (node.teardown.ts) restores at the end of the run.
 */
import { nodePassword, outputPaths, realNodeEnv } from '../config/env';
import { SIM } from '../config/nodes';
import { describeFacts } from '../lib/control/ssh/host-facts';
import { sshPreflight } from '../lib/control/ssh/preflight';
import { RpcClient } from '../lib/rpc/client';
import { attachJson, expect, reportStep, test } from '../fixtures';
import { leftoverMessage, leftoverSnapshot, recordSnapshot, removeSnapshot } from './node-state';
import {
  describeLatency,
  latencyRpc,
  measureRpcLatency,
  RPC_GET_STATE_P50_ANNOTATION,
  type RpcLatency,
} from '../lib/rpc-latency';
import { RPC_LATENCY_KPI } from '../config/kpis';
import {
  checkIdentity,
  collectFacts,
  saveSession,
  sessionIsValid,
  storedSessionExists,
  writeFacts,
  type IdentityVerdict,
} from './preflight';

test.describe.configure({ mode: 'serial' });

let identity: IdentityVerdict | undefined;
let rpcLatency: RpcLatency | undefined;

test('preflight: no earlier run left the node changed', async ({ nodeConfig }, testInfo) => {
  const left = leftoverSnapshot(nodeConfig);
  if (left.kind === 'stale') {
    // The snapshot describes a node instance that is gone (a sim started fresh since): nothing to restore.
    testInfo.annotations.push({
      type: 'snapshot',
      description: `removed a snapshot of an earlier ${nodeConfig.name} instance (${left.snapshot.instance ?? 'unknown'}, taken ${left.snapshot.takenAt})`,
    });
    removeSnapshot(outputPaths().snapshotFile(nodeConfig.name));
  }
  if (left.kind === 'leftover') {
    const message = leftoverMessage(nodeConfig.name, left);
    console.error(`\n${message}\n`);
    throw new Error(message);
  }
});

test('preflight: the node is who it should be (TLS)', async ({ nodeConfig }, testInfo) => {
  identity = await test.step(`check the certificate chain of ${nodeConfig.baseUrl}`, () => checkIdentity(nodeConfig));
  if (identity.kind !== 'pinned') {
    testInfo.annotations.push({ type: 'warning', description: identity.warning });
    console.warn(`WARNING: ${identity.warning}`);
  }
  if (identity.kind === 'pinned') {
    testInfo.annotations.push({
      type: 'tls',
      description: `${nodeConfig.name}: CA ${identity.root.sha256} (${identity.root.source}) matches the pin; every connection of this run verifies against it`,
    });
  }
});

test('preflight: SSH control (settings, host key, login, sudo -n, host facts)', async ({ nodeConfig }, testInfo) => {
  const ssh = nodeConfig.name === SIM ? undefined : realNodeEnv(nodeConfig.name).ssh;
  test.skip(
    !ssh,
    `${nodeConfig.name}: no SSH control configured (L3/L5 cells will be not covered: set ARCHY_SSH_HOST in .env.${nodeConfig.name})`,
  );
  const result = await sshPreflight(ssh!);
  testInfo.annotations.push({
    type: 'ssh',
    description: `${nodeConfig.name}: ${result.user}@${ssh!.host}:${ssh!.port} logs in and may sudo -n (${result.ms} ms)`,
  });
  // What SSH control will use: each fact set (ARCHY_SSH_*) or discovered, or missing (its cells not covered).
  testInfo.annotations.push({ type: 'host facts', description: `${nodeConfig.name}: ${describeFacts(result.facts)}` });
});

test('preflight: the node is reachable and health answers', async ({ rpc }) => {
  const health = await rpc.health();
  expect(health, `${rpc.node.name}: health must answer a truthy result`).toBeTruthy();
});

test('preflight: how fast the node answers (health, server.get-state: p50/p95)', async ({ rpc }, testInfo) => {
  rpcLatency = await measureRpcLatency(latencyRpc(rpc));
  const text = `${rpc.node.name}: ${describeLatency(rpcLatency)}`;
  testInfo.annotations.push({ type: 'rpc-latency', description: text });
  // the gate's ETA reads it (reporters/pass-rate-reporter.ts): every call and poll of the run pays it
  testInfo.annotations.push({ type: RPC_GET_STATE_P50_ANNOTATION, description: String(rpcLatency.getState.p50Ms) });
  if (rpcLatency.getStateOwn.p95Ms > RPC_LATENCY_KPI.budget) {
    // Named here, judged by L6 (perf/kpis.spec.ts): a slow node is not a broken one, but every wait crawls.
    const warning = `${rpc.node.name} is slow: server.get-state p95 ${Math.round(rpcLatency.getState.p95Ms)} ms (its own ${Math.round(rpcLatency.getStateOwn.p95Ms)} ms) is over the ${RPC_LATENCY_KPI.budget} ms budget of the L6 ${RPC_LATENCY_KPI.id} KPI (${text})`;
    testInfo.annotations.push({ type: 'warning', description: warning });
    console.warn(`WARNING: ${warning}`);
  }
});

test('preflight: a session (stored one while valid, else login)', async ({
  nodeConfig,
  playwright,
  ignoreHTTPSErrors,
}, testInfo) => {
  const file = outputPaths().authFile(nodeConfig.name);
  const stored = storedSessionExists(file);
  const request = await playwright.request.newContext({
    baseURL: nodeConfig.baseUrl,
    ignoreHTTPSErrors,
    storageState: stored ? file : undefined,
  });
  try {
    const rpc = new RpcClient({
      node: nodeConfig,
      request,
      password: () => nodePassword(nodeConfig.name),
      step: reportStep,
    });
    const reuse = stored && (await test.step('is the stored session still valid?', () => sessionIsValid(rpc)));
    if (!reuse) await rpc.login();
    expect(await sessionIsValid(rpc), `${nodeConfig.name}: after login, a protected method must answer`).toBe(true);
    await saveSession(request, file);
    testInfo.annotations.push({ type: 'session', description: reuse ? 'stored session reused' : 'logged in' });
  } finally {
    await request.dispose();
  }
});

test('preflight: the node facts go into the report', async ({
  nodeConfig,
  playwright,
  ignoreHTTPSErrors,
}, testInfo) => {
  const request = await playwright.request.newContext({
    baseURL: nodeConfig.baseUrl,
    ignoreHTTPSErrors,
    storageState: outputPaths().authFile(nodeConfig.name),
  });
  try {
    const rpc = new RpcClient({
      node: nodeConfig,
      request,
      password: () => nodePassword(nodeConfig.name),
      step: reportStep,
    });
    const facts = await collectFacts(rpc, nodeConfig, identity ?? (await checkIdentity(nodeConfig)), rpcLatency);
    writeFacts(outputPaths().envFacts(nodeConfig.name), facts);
    await attachJson(testInfo, 'node-environment', facts);
    testInfo.annotations.push({
      type: 'node',
      description: `${facts.hostname} ${facts.version ?? '(version not exposed)'}, ${Object.keys(facts.apps).length} apps`,
    });
  } finally {
    await request.dispose();
  }
});

test('preflight: a snapshot of the node before the run (restored by the teardown)', async ({
  nodeConfig,
  rpc,
}, testInfo) => {
  const snapshot = await recordSnapshot(rpc, nodeConfig);
  await testInfo.attach('snapshot before the run', {
    body: JSON.stringify(snapshot, null, 2),
    contentType: 'application/json',
  });
  testInfo.annotations.push({
    type: 'snapshot',
    description: `${Object.keys(snapshot.packages).length} packages: ${Object.entries(snapshot.packages)
      .map(([id, p]) => `${id} ${p.state}`)
      .join(', ')}`,
  });
});
