/**
 * A started sim addressed as a real node: a `.env.node-<name>` pointing at it (its ports, lnd-rest's
 * plain-http scheme, its time-scale) in a scratch env dir, and a scratch output root. Runs of
 * `playwright test --project=<name>` against it go through every real-node code path (isSim false).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { request } from '@playwright/test';
import { DEFAULT_SIM_PASSWORD } from '../../config/env';
import type { GateResult } from '../../reporters/gate-model';
import { RpcClient } from '../../lib/rpc';
import { startSim, type StartedSim } from '../../lib/start-sim';

type SimStartOptions = NonNullable<Parameters<typeof startSim>[0]>;

export interface SimAsNode {
  name: string;
  sim: StartedSim;
  envDir: string;
  outRoot: string;
  /** Environment for a Playwright run (or script) against it; `extra` wins. */
  env(extra?: Record<string, string>): Record<string, string>;
  /** package-data as ids → states. */
  states(): Promise<Record<string, string>>;
  /** One RPC call (logged in). */
  call(method: string, params?: unknown): Promise<unknown>;
  /** The pass-rate result of the last run of its project (reports/pass-rate/<name>.json). */
  passRate(): GateResult;
  stop(): Promise<void>;
}

export async function startSimAsNode(
  name: string,
  nodeLines: string[] = [],
  simOptions: SimStartOptions = {},
): Promise<SimAsNode> {
  const sim = await startSim(simOptions);
  const envDir = mkdtempSync(path.join(tmpdir(), `archy-${name}-env-`));
  const outRoot = mkdtempSync(path.join(tmpdir(), `archy-${name}-out-`));
  const ports = Object.entries(sim.ready.ports)
    .map(([n, port]) => `${n}=${port}`)
    .join(',');
  writeFileSync(
    path.join(envDir, `.env.${name}`),
    [
      `ARCHY_BASE_URL=${sim.ready.baseUrl}`,
      `ARCHY_PASSWORD=${DEFAULT_SIM_PASSWORD}`,
      `ARCHY_HOSTNAME=${sim.ready.hostname}`,
      `ARCHY_PORTS=${ports}`,
      'ARCHY_PORT_SCHEMES=lnd-rest=http',
      `ARCHY_TIME_SCALE=${sim.ready.timeScale}`,
      ...nodeLines,
      '',
    ].join('\n'),
  );
  const node = {
    name: 'sim',
    baseUrl: sim.ready.baseUrl,
    isSim: true,
    allowDestructive: true,
    allowChaos: true,
    timeScale: sim.ready.timeScale,
    ports: sim.ready.ports,
    protectedApps: [],
    hostname: sim.ready.hostname,
  };
  const call = async (method: string, params: unknown = {}): Promise<unknown> => {
    const context = await request.newContext();
    try {
      const rpc = new RpcClient({ node, request: context, password: () => DEFAULT_SIM_PASSWORD });
      await rpc.login();
      return await rpc.call(method, params);
    } finally {
      await context.dispose();
    }
  };
  return {
    name,
    sim,
    envDir,
    outRoot,
    env: (extra = {}) => ({
      ARCHY_ENV_DIR: envDir,
      ARCHY_OUTPUT_ROOT: outRoot,
      ARCHY_SIM_READY: '',
      ARCHY_RUN_ID: '',
      ARCHY_ALLOW_DESTRUCTIVE: '',
      ARCHY_ALLOW_CHAOS: '',
      ARCHY_UNPROTECT: '',
      ARCHY_READ_ONLY: '',
      ARCHY_GATE_LAYERS: '',
      ...extra,
    }),
    states: async () => {
      const state = (await call('server.get-state')) as { data: { 'package-data': Record<string, { state: string }> } };
      return Object.fromEntries(Object.entries(state.data['package-data']).map(([id, e]) => [id, e.state]));
    },
    call,
    passRate: () =>
      JSON.parse(readFileSync(path.join(outRoot, 'reports', 'pass-rate', `${name}.json`), 'utf8')) as GateResult,
    stop: () => sim.stop(),
  };
}

/** Tests of a pass-rate result that were skipped without a not-covered class (a failure of the run). */
export function unexplainedSkips(result: GateResult): string[] {
  return result.tests
    .filter((t) => t.skipped > 0 && !t.setting)
    .map((t) => `${t.file} › ${t.title}: ${t.skipReason ?? 'no reason'}`);
}

export function failures(result: GateResult): string[] {
  return result.tests
    .filter((t) => t.failed > 0 || t.infra > 0)
    .map((t) => `${t.file} › ${t.title}: ${t.failures.map((f) => f.message).join(' | ')}`);
}
