/**
 * Bitcoin JSON-RPC credentials of a node, when the suite can know them: on the sim, user `archy`
 * and the password the sim keeps in `<dataDir>/secrets/bitcoin-rpc-password` (sim/CONTRACT.md).
 * Real nodes: unknown (no setting for it yet), so the probe skips that half and says so.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { simReady } from '../../config/env';
import type { NodeConfig } from '../../config/nodes';
import type { BitcoinRpcAuth } from './index';

export function bitcoinRpcAuthFor(node: NodeConfig): BitcoinRpcAuth | null {
  if (!node.isSim) return null;
  try {
    const password = readFileSync(path.join(simReady().dataDir, 'secrets', 'bitcoin-rpc-password'), 'utf8').trim();
    return password ? { user: 'archy', password } : null;
  } catch {
    return null;
  }
}
