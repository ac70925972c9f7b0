/**
 * L5 chaos: what every scenario shares — its tags and cell id, waiting for the daemon to come back,
 * and podman's view of an app next to what the daemon says about it.
 */
import {
  appTag,
  CHAOS,
  controlNote,
  DESTRUCTIVE,
  expect,
  layer,
  scenarioTag,
  skipNotCovered,
  test,
  type NodeConfig,
  type NodeControl,
  type RpcClient,
} from '../../fixtures';
import type { HostFactName } from '../../lib/control/types';
import { ensureAppRunning } from '../../lib/ensure-app';

export type ChaosCell =
  'chaos-kill9-install' | 'chaos-oom' | 'chaos-corrupt-config' | 'chaos-delete-state-db' | 'chaos-partition';

/**
 * Every L5 scenario: its expected recovery and its budget at time-scale 1 (the scorecard's L5 table
 * shows both), and the host facts its control actions need over SSH (lib/control/ssh/host-facts.ts).
 */
export const SCENARIOS: Record<
  ChaosCell,
  { title: string; recovery: string; budgetMs: number; needs: readonly HostFactName[] }
> = {
  'chaos-kill9-install': {
    title: 'kill -9 of the daemon mid-install',
    recovery:
      'the install completes, or is cleanly undone (entry and containers gone, or stopped with the reason) — never half-installed',
    budgetMs: 60_000 + 120_000,
    needs: ['unit', 'podmanUser'],
  },
  'chaos-oom': {
    title: 'OOM kill of an app container',
    recovery:
      'the node brings the container back (Restart=always) or says the app is stopped — never "running" with no container',
    budgetMs: 60_000,
    needs: ['podmanUser'],
  },
  'chaos-corrupt-config': {
    title: 'corrupt config',
    recovery:
      'the daemon starts with a log line about the config (defaults) or refuses with one; the apps keep running',
    budgetMs: 60_000,
    needs: ['unit', 'configFile', 'journalUnit', 'podmanUser'],
  },
  'chaos-delete-state-db': {
    title: 'deleted state DB',
    recovery: 'the daemon rebuilds package-data from what runs: no app lost',
    budgetMs: 60_000,
    needs: ['unit', 'stateDb'],
  },
  'chaos-partition': {
    title: 'network partition between runner and node',
    recovery: 'calls fail as infrastructure during it; it heals by itself; the node and its apps are unharmed',
    budgetMs: 30_000,
    needs: ['unit'],
  },
};

/** The test title the scorecard's L5 table reads: "<app> <cell>: <scenario> — <recovery> (budget …)". */
export function chaosTitle(app: string, cell: ChaosCell): string {
  const s = SCENARIOS[cell];
  return `${app} ${cell}: ${s.title} — ${s.recovery} (budget ${Math.round(s.budgetMs / 1000)} s on a real node)`;
}

export function chaosTags(app: string, cell: ChaosCell): string[] {
  return [layer(5), CHAOS, DESTRUCTIVE, appTag(app), scenarioTag(cell)];
}

/** `[node sim] lnd/chaos-oom` — the prefix of every failure message. */
export function where(node: NodeConfig, app: string, cell: ChaosCell): string {
  return `[node ${node.name}] ${app}/${cell}`;
}

/** A budget of the scenario, scaled by the node's time-scale, with a floor that leaves room to poll. */
export function scaled(node: NodeConfig, ms: number, floorMs = 10_000): number {
  return Math.max(floorMs, Math.round(ms * node.timeScale));
}

/** The daemon is up again, started after `since` (its uptime is shorter), and answers `health`. */
export async function daemonBack(
  control: NodeControl,
  rpc: RpcClient,
  since: number,
  timeoutMs: number,
  label: string,
): Promise<void> {
  await expect
    .poll(
      async () => {
        const s = await control.status().catch(() => undefined);
        return s?.daemon === 'up' && s.uptimeMs <= Date.now() - since;
      },
      {
        message: `${label}: the daemon did not come back within ${timeoutMs} ms`,
        timeout: timeoutMs,
        intervals: [100, 250, 500, 1000],
      },
    )
    .toBe(true);
  await expect
    .poll(async () => rpc.health().then(Boolean, () => false), {
      message: `${label}: health did not answer within ${timeoutMs} ms`,
      timeout: timeoutMs,
      intervals: [100, 250, 500, 1000],
    })
    .toBe(true);
}

/** What the daemon says and what podman sees, for one app (its main container has the app's id). */
export interface AppView {
  state: string;
  container: string;
}

export async function viewOf(rpc: RpcClient, control: NodeControl, app: string): Promise<AppView> {
  const [entry, containers] = await Promise.all([rpc.packageEntry(app), control.containers()]);
  const c = containers.find((x) => x.name === app);
  return { state: entry?.state ?? 'absent', container: c?.state ?? 'none' };
}

export function describeView(v: AppView): string {
  return `entry ${v.state}, container ${v.container}`;
}

/** Apps the daemon reports running right now (ids). */
export async function runningApps(rpc: RpcClient): Promise<string[]> {
  const data = (await rpc.call('server.get-state', {})) as {
    data?: { 'package-data'?: Record<string, { state?: string }> };
  };
  return Object.entries(data?.data?.['package-data'] ?? {})
    .filter(([, e]) => e?.state === 'running')
    .map(([id]) => id)
    .sort();
}

/** Skips the cell as not covered when the node has no control channel, or a host fact the scenario needs is neither set nor discovered. */
export async function requireControl(
  nodeConfig: NodeConfig,
  control: NodeControl | undefined,
  app: string,
  cell: ChaosCell,
): Promise<NodeControl> {
  if (!control) skipNotCovered(test.info(), controlNote(nodeConfig.name, `${app} ${cell}`));
  const missing = await control.uncovered(SCENARIOS[cell].needs);
  if (missing) skipNotCovered(test.info(), { ...missing, reason: `${missing.reason} [${app}/${cell}]` });
  return control;
}

/**
 * Every scenario's start: skipped (not covered) without a control channel or a host fact it needs,
 * the app brought to running (or skipped with the reason). Returns the failure prefix and the control channel.
 */
export async function chaosStart(
  deps: { rpc: RpcClient; nodeConfig: NodeConfig; control: NodeControl | undefined },
  app: string,
  cell: ChaosCell,
): Promise<{ at: string; control: NodeControl }> {
  const at = where(deps.nodeConfig, app, cell);
  const control = await requireControl(deps.nodeConfig, deps.control, app, cell);
  const ready = await ensureAppRunning(deps.rpc, deps.nodeConfig, app);
  test.skip(!ready.ready, `${at}: ${ready.ready ? '' : ready.reason}`);
  return { at, control };
}
