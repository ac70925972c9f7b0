/**
 * For a script that talks to pinned nodes through Playwright's request context outside the test
 * runner (scripts/restore.ts): resolves each node's trust root as preflight does and keeps it for
 * the pinned client; and since Node reads NODE_EXTRA_CA_CERTS only when a process starts, runs the
 * script once more with the nodes' CAs as that bundle. Returns the rerun's exit code, or null when
 * this process already trusts them (or no node is pinned) and should go on.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { envWithExtraCaCerts, extraCaCerts, outputPaths } from '../../config/env';
import type { NodeConfig } from '../../config/nodes';
import { resolveTrustRoot, writeTrustRoot, type TrustRoot } from './trust-root';

export async function rerunTrustingNodes(nodes: NodeConfig[]): Promise<number | null> {
  const roots: TrustRoot[] = [];
  for (const node of nodes) {
    const root = await resolveTrustRoot(node);
    if (root) roots.push(root);
  }
  for (const root of roots) writeTrustRoot(root);
  const bundle = outputPaths().caBundle;
  if (!roots.length || extraCaCerts() === bundle) return null;
  mkdirSync(path.dirname(bundle), { recursive: true, mode: 0o700 });
  writeFileSync(bundle, roots.map((r) => r.pem).join('\n'));
  const rerun = spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: envWithExtraCaCerts(bundle),
  });
  return rerun.status ?? 1;
}
