/**
 * Playwright global setup, after the sim's (playwright.config.ts): the trust root of every selected
 * node, resolved before any worker starts (lib/http/trust-root.ts) and kept for the run. Their CAs
 * go into one bundle handed to the workers as NODE_EXTRA_CA_CERTS, so Playwright's own request
 * contexts (the RPC client, the snapshot) verify the node with ignoreHTTPSErrors off. A node whose
 * CA does not match its pin stops the run here, before a password is sent.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { exportExtraCaCerts, outputPaths } from '../config/env';
import { nodeConfig, selectedNodes } from '../config/nodes';
import { resolveTrustRoot, writeTrustRoot } from './http/trust-root';

export default async function resolveTrustRoots(): Promise<void> {
  const out = outputPaths();
  const pems: string[] = [];
  for (const name of selectedNodes(process.argv)) {
    const root = await resolveTrustRoot(nodeConfig(name));
    if (!root) {
      rmSync(out.trustFile(name), { force: true });
      continue;
    }
    writeTrustRoot(root);
    pems.push(root.pem);
  }
  if (!pems.length) return;
  mkdirSync(path.dirname(out.caBundle), { recursive: true, mode: 0o700 });
  writeFileSync(out.caBundle, pems.join('\n'));
  exportExtraCaCerts(out.caBundle);
}
