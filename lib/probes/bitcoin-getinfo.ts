/**
 * `rpc` probe for bitcoin-knots / bitcoin-core: archy's `bitcoin.getinfo` (blocks ≤ headers, a chain
 * name), then the node's own Bitcoin JSON-RPC port with basic auth (`getblockchaininfo` agrees on
 * the chain; no credentials → 401). The JSON-RPC half is skipped with a reason when the credentials
 * are unknown.
 */
import { ProbeError } from './probe-error';
import { emptyResult, type Probe } from './probe-types';
import { bitcoinJsonRpc } from './bitcoin-json-rpc';
import { readChainInfo } from './chain-info';
import { appPortUrl, directPort } from './node-urls';

export const probeBitcoinGetinfo: Probe = async (ctx) => {
  const where = { node: ctx.node.name, app: ctx.app.id, cell: 'rpc' as const };
  const result = emptyResult(ctx, 'rpc');

  let raw: unknown;
  try {
    raw = await ctx.rpc.bitcoinGetinfo();
  } catch (error) {
    throw new ProbeError(where, `bitcoin.getinfo failed: ${(error as Error).message}`);
  }
  const archy = readChainInfo(raw);
  if (!archy.ok) throw new ProbeError(where, `bitcoin.getinfo ${archy.failure}`);
  const { chain, blocks, headers } = archy.info;
  if (blocks > headers) throw new ProbeError(where, `bitcoin.getinfo reports blocks ${blocks} > headers ${headers}`);
  result.checks.push(`bitcoin.getinfo: chain=${chain} blocks=${blocks} headers=${headers}`);
  result.data.archy = archy.info;

  const port = directPort(ctx.node, 'bitcoin-rpc', ctx.app.ports?.['bitcoin-rpc']);
  if (port === undefined) {
    result.skipped.push('Bitcoin JSON-RPC: the node reports no bitcoin-rpc port');
    return result;
  }
  const url = appPortUrl(ctx.node, port, '/', 'http:'); // bitcoind speaks plain HTTP
  if (!ctx.bitcoinRpcAuth) {
    result.skipped.push('Bitcoin JSON-RPC: credentials unknown for this node (set them in the node config)');
    return result;
  }
  const anonymous = await bitcoinJsonRpc(ctx.request, url, null, 'getblockchaininfo', ctx.timeoutMs);
  if (anonymous.ok || anonymous.status !== 401) {
    throw new ProbeError(
      where,
      `Bitcoin JSON-RPC on port ${port} without credentials ${anonymous.ok ? 'answered a result' : anonymous.failure}, expected 401`,
    );
  }
  result.checks.push(`Bitcoin JSON-RPC :${port} without credentials: 401`);
  const authed = await bitcoinJsonRpc(ctx.request, url, ctx.bitcoinRpcAuth, 'getblockchaininfo', ctx.timeoutMs);
  if (!authed.ok) throw new ProbeError(where, `Bitcoin JSON-RPC getblockchaininfo on port ${port} ${authed.failure}`);
  const own = readChainInfo(authed.result);
  if (!own.ok) throw new ProbeError(where, `Bitcoin JSON-RPC getblockchaininfo ${own.failure}`);
  if (own.info.chain !== chain) {
    throw new ProbeError(where, `Bitcoin JSON-RPC says chain "${own.info.chain}", bitcoin.getinfo says "${chain}"`);
  }
  if (own.info.blocks < blocks) {
    throw new ProbeError(where, `Bitcoin JSON-RPC is at block ${own.info.blocks}, behind bitcoin.getinfo's ${blocks}`);
  }
  result.checks.push(`Bitcoin JSON-RPC :${port} getblockchaininfo: chain=${own.info.chain} blocks=${own.info.blocks}`);
  result.data.bitcoind = own.info;
  return result;
};
