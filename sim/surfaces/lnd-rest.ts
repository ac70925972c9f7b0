/**
 * LND's REST API on the `lnd-rest` port: `GET /v1/getinfo`. Errors look like LND's grpc-gateway
 * ({code, message, details}). Whether a macaroon is required: guess lnd-rest-macaroon.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SurfaceContext } from './types';
import { sendJson } from './html-page';
import { guess } from '../guesses';
import { lndNetwork, stablePubkey } from './chain-facts';

export const LND_MACAROON_HEADER = 'grpc-metadata-macaroon';

export function lndInfo(ctx: SurfaceContext) {
  const chain = ctx.chain();
  const node = ctx.bitcoinNode();
  const bitcoinUp = node !== null && ctx.isUp(node);
  return {
    version: guess('app-versions').lndVersion,
    commit_hash: guess('app-versions').lndVersion.split('commit=')[1] ?? '',
    identity_pubkey: stablePubkey(`lnd ${ctx.portBase}`),
    alias: guess('app-versions').lndAlias,
    color: '#3399ff',
    num_pending_channels: 0,
    num_active_channels: 0,
    num_inactive_channels: 0,
    num_peers: 0,
    block_height: chain.blocks,
    block_hash: chain.bestblockhash,
    best_header_timestamp: String(chain.mediantime + 600),
    synced_to_chain: bitcoinUp,
    synced_to_graph: bitcoinUp,
    testnet: chain.chain === 'test',
    chains: [{ chain: 'bitcoin', network: lndNetwork(chain.chain) }],
    uris: [],
    features: {},
    require_htlc_interceptor: false,
    store_final_htlc_resolutions: false,
  };
}

function macaroonAccepted(ctx: SurfaceContext, header: string | string[] | undefined): boolean {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value === '') {
    return !(guess('lnd-rest-macaroon') || ctx.faultOn('lnd-macaroon-required'));
  }
  return /^[0-9a-fA-F]+$/.test(value) && value.length % 2 === 0;
}

export function createLndRestHandler(ctx: SurfaceContext) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    req.resume();
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (!macaroonAccepted(ctx, req.headers[LND_MACAROON_HEADER])) {
      sendJson(req, res, 401, { code: 2, message: 'expected 1 macaroon, got 0', details: [] });
      return;
    }
    if (path === '/v1/getinfo' && (req.method === 'GET' || req.method === 'HEAD')) {
      sendJson(req, res, 200, lndInfo(ctx));
      return;
    }
    if (path === '/v1/getinfo') {
      sendJson(req, res, 405, { code: 12, message: 'Method Not Allowed', details: [] });
      return;
    }
    sendJson(req, res, 404, { code: 5, message: 'Not Found', details: [] });
  };
}
