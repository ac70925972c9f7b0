/**
 * LND's REST API on the `lnd-rest` port: `GET /v1/getinfo`. Errors look like LND's grpc-gateway
 * ({code, message, details}). Macaroon handling is a GUESS (guesses.ts lndMacaroonRequiredByDefault).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SurfaceContext } from './types';
import { sendJson } from './html-page';
import { SURFACE_GUESSES } from './guesses';
import { lndNetwork, stablePubkey } from './chain-facts';

export const LND_MACAROON_HEADER = 'grpc-metadata-macaroon';

export function lndInfo(ctx: SurfaceContext) {
  const chain = ctx.chain();
  const node = ctx.bitcoinNode();
  const bitcoinUp = node !== null && ctx.isUp(node);
  return {
    version: SURFACE_GUESSES.lndVersion,
    commit_hash: SURFACE_GUESSES.lndVersion.split('commit=')[1] ?? '',
    identity_pubkey: stablePubkey(`lnd ${ctx.portBase}`),
    alias: SURFACE_GUESSES.lndAlias,
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
    return !(SURFACE_GUESSES.lndMacaroonRequiredByDefault || ctx.faultOn('lnd-macaroon-required'));
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
