/**
 * `rpc` probe for electrumx: over TCP, `server.version` answers a server name and protocol, and
 * `blockchain.headers.subscribe` answers a tip whose height equals bitcoin's (read through archy's
 * `bitcoin.getinfo` just before and after, so a block mined in between does not count as a lie).
 */
import { ProbeError } from './probe-error';
import { emptyResult, type Probe } from './probe-types';
import { electrumCalls } from './electrum-client';
import { readChainInfo } from './chain-info';
import { directPort } from './node-urls';

async function bitcoinBlocks(read: () => Promise<unknown>): Promise<number | null> {
  try {
    const info = readChainInfo(await read());
    return info.ok ? info.info.blocks : null;
  } catch {
    return null;
  }
}

export const probeElectrum: Probe = async (ctx) => {
  const where = { node: ctx.node.name, app: ctx.app.id, cell: 'rpc' as const };
  const result = emptyResult(ctx, 'rpc');
  const port = directPort(ctx.node, 'electrum', ctx.app.ports?.electrum);
  if (port === undefined) throw new ProbeError(where, 'the node reports no electrum port');
  const host = new URL(ctx.node.baseUrl).hostname.replace(/^\[|\]$/g, '');

  const before = await bitcoinBlocks(() => ctx.rpc.bitcoinGetinfo());
  let replies;
  try {
    replies = await electrumCalls({ host, port, timeoutMs: ctx.timeoutMs }, [
      { method: 'server.version', params: ['archy-e2e', '1.4'] },
      { method: 'blockchain.headers.subscribe', params: [] },
    ]);
  } catch (error) {
    throw new ProbeError(where, `Electrum TCP :${port} ${(error as Error).message}`);
  }
  const after = await bitcoinBlocks(() => ctx.rpc.bitcoinGetinfo());

  const [version, tip] = replies;
  if (version.error || !Array.isArray(version.result) || typeof version.result[0] !== 'string') {
    throw new ProbeError(where, `Electrum server.version answered ${JSON.stringify(version.error ?? version.result)}`);
  }
  result.checks.push(
    `Electrum :${port} server.version: ${String(version.result[0])} protocol ${String(version.result[1])}`,
  );
  const height = (tip.result as { height?: unknown } | undefined)?.height;
  if (tip.error || typeof height !== 'number') {
    throw new ProbeError(
      where,
      `Electrum blockchain.headers.subscribe answered ${JSON.stringify(tip.error ?? tip.result)}`,
    );
  }
  if (before === null || after === null) {
    result.skipped.push('Electrum height vs bitcoin: bitcoin.getinfo unavailable');
  } else if (height < before || height > after) {
    throw new ProbeError(
      where,
      `Electrum tip height ${height} differs from bitcoin's ${before === after ? before : `${before}…${after}`}`,
    );
  } else {
    result.checks.push(`Electrum tip height ${height} equals bitcoin's`);
  }
  result.data.version = version.result;
  result.data.height = height;
  return result;
};
