/**
 * A controllable SurfaceContext for the surfaces' own tests: apps up or down, faults, partition,
 * a chain that can be moved on, and a free block of ports on loopback.
 */
import net from 'node:net';
import type { ChainInfo, SurfaceContext } from '../types';
import { DIRECT_PORTS, SIM_APPS } from '../../apps';

export interface FakeNode extends SurfaceContext {
  up: Set<string>;
  faults: Set<string>;
  bitcoin: string | null;
  isPartitioned: boolean;
  chainInfo: ChainInfo;
  lines: string[];
}

/** Every app of sim/apps.ts that can run beside bitcoin-knots (the fake node's bitcoin node). */
export const ALL_APPS: readonly string[] = SIM_APPS.filter((a) => !a.conflicts.includes('bitcoin-knots')).map(
  (a) => a.id,
);

/** How many ports a node's block spans: up to the highest offset of sim/apps.ts. */
const PORT_SPAN = Math.max(...Object.values(DIRECT_PORTS).map((p) => p.offset)) + 1;

export const RPC_AUTH = { user: 'archy', password: 's3cret-rpc' };

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen({ host: '127.0.0.1', port, exclusive: true }, () => probe.close(() => resolve(true)));
  });
}

/** A base port whose next `count` ports are free right now. */
export async function freePortBlock(count = PORT_SPAN): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 35_000);
    let ok = true;
    for (let i = 0; i < count && ok; i++) ok = await portFree(base + i);
    if (ok) return base;
  }
  throw new Error('no free block of ports found');
}

export async function fakeNode(
  options: { up?: string[]; tls?: { key: string; cert: string } } = {},
): Promise<FakeNode> {
  const node: FakeNode = {
    host: '127.0.0.1',
    portBase: await freePortBlock(),
    tls: options.tls,
    up: new Set(options.up ?? ALL_APPS),
    faults: new Set(),
    bitcoin: 'bitcoin-knots',
    isPartitioned: false,
    lines: [],
    chainInfo: {
      chain: 'main',
      blocks: 870_123,
      headers: 870_123,
      bestblockhash: '00000000000000000001a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7',
      verificationprogress: 0.99999,
      mediantime: 1_732_000_000,
      difficulty: 102_289_407_543_323.8,
      size_on_disk: 690_000_000_000,
      pruned: false,
    },
    hasDashboardSession() {
      return false;
    },
    isUp(appId) {
      return node.up.has(appId);
    },
    bitcoinNode() {
      return node.bitcoin;
    },
    chain() {
      return { ...node.chainInfo };
    },
    faultOn(name) {
      return node.faults.has(name);
    },
    bitcoinRpcAuth() {
      return RPC_AUTH;
    },
    partitioned() {
      return node.isPartitioned;
    },
    log(line) {
      node.lines.push(line);
    },
  };
  return node;
}
