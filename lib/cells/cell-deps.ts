/** What a cell check needs from the fixtures, passed as one object. */
import type { TestInfo } from '@playwright/test';
import type { AppEntry, CellId } from '../../config/apps';
import type { NodeConfig } from '../../config/nodes';
import type { NodeProfile } from '../../config/profiles';
import type { RpcClient } from '../rpc/client';
import { attachJson as attachTo } from '../attach';
import { probeLabel, type ProbeContext } from '../probes';
import type { KnownBroken } from '../known-broken';

export interface CellDeps {
  rpc: RpcClient;
  node: NodeConfig;
  /** The node's reviewed profile (config/profiles.ts), loaded once by the fixtures; null: none. */
  profile: NodeProfile | null;
  probeContext: (app: AppEntry) => ProbeContext;
  testInfo: TestInfo;
  /** What this repetition found broken so far (lib/known-broken.ts); absent: nothing is remembered. */
  knownBroken?: KnownBroken;
}

export function label(deps: CellDeps, app: AppEntry, cell: CellId): string {
  return probeLabel({ node: deps.node.name, app: app.id, cell });
}

/** Attach a probe's structured result to the report (small JSON, no secrets). */
export async function attachJson(deps: CellDeps, name: string, value: unknown): Promise<void> {
  await attachTo(deps.testInfo, name, value);
}
