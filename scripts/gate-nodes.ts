/**
 * The nightly workflow's matrix, generated from the node registry (config/nodes.ts: node-228,
 * node-198 and every `.env.node-*`), or from `--nodes a,b` (the CI's repository variable
 * ARCHY_NIGHTLY_NODES, for a fleet whose env files live only in the CI store):
 *
 *   npx tsx scripts/gate-nodes.ts [--nodes node-a,node-b]
 *   → {"include":[{"node":"node-228","secret":"ENV_NODE_228"},…]}
 *
 * Each node's job reads its `.env.<node>` from the secret named here.
 */
import { parseArgs } from 'node:util';
import { nodeNames, SIM } from '../config/nodes';

export function secretName(node: string): string {
  return `ENV_${node.replace(/[^A-Za-z0-9]/g, '_').toUpperCase()}`;
}

export function nightlyMatrix(nodes: readonly string[]): { include: { node: string; secret: string }[] } {
  return { include: nodes.filter((n) => n !== SIM).map((node) => ({ node, secret: secretName(node) })) };
}

function main(argv: string[]): void {
  const { values } = parseArgs({ args: argv, options: { nodes: { type: 'string' } } });
  const given = (values.nodes ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const n of given)
    if (!/^node-[A-Za-z0-9_-]+$/.test(n)) throw new Error(`--nodes: "${n}" is not a node name (node-<name>)`);
  console.log(JSON.stringify(nightlyMatrix(given.length ? given : nodeNames())));
}

if (require.main === module) main(process.argv.slice(2));
