/**
 * archy-bitcoin-ui on its direct port: a page with "Block height" and the height while the bitcoin
 * node runs, a 503 "Bitcoin node unreachable" page (no height) while it does not, and its JSON
 * endpoint at `/rpc/v1` (sim/evidence.ts bitcoinUiRpcPath; on the direct port too only where the guess
 * bitcoin-ui-json says so).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SurfaceContext } from './types';
import { renderAppPage, sendHtml, sendJson } from './html-page';
import { EVIDENCE } from '../evidence';
import { guess } from '../guesses';
import { BodyTooLarge, readBody } from './http-surface';

const TITLE = 'Bitcoin UI';

function bitcoinRunning(ctx: SurfaceContext): boolean {
  const node = ctx.bitcoinNode();
  return node !== null && ctx.isUp(node);
}

export function createBitcoinUiHandler(ctx: SurfaceContext) {
  return (req: IncomingMessage, res: ServerResponse): Promise<void> =>
    serveBitcoinUi(
      ctx,
      req,
      res,
      new URL(req.url ?? '/', 'http://x').pathname,
      guess('bitcoin-ui-json') === 'direct-and-proxy',
    );
}

/** Serves one request; `path` is relative to the UI's root (the direct port's `/` or a proxy prefix). */
export async function serveBitcoinUi(
  ctx: SurfaceContext,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  json = true,
): Promise<void> {
  if (json && path === EVIDENCE.bitcoinUiRpcPath) {
    let id: unknown = null;
    if (req.method === 'POST') {
      try {
        const body = await readBody(req);
        const parsed = body ? (JSON.parse(body) as { id?: unknown }) : {};
        id = parsed && typeof parsed === 'object' ? (parsed.id ?? null) : null;
      } catch (error) {
        const status = error instanceof BodyTooLarge ? 413 : 400;
        sendJson(req, res, status, {
          jsonrpc: '2.0',
          id: null,
          result: null,
          error: { code: -32700, message: 'Parse error' },
        });
        return;
      }
    } else req.resume();
    if (!bitcoinRunning(ctx)) {
      sendJson(req, res, 503, {
        jsonrpc: '2.0',
        id,
        result: null,
        error: { code: -32603, message: 'Bitcoin node unreachable' },
      });
      return;
    }
    const chain = ctx.chain();
    sendJson(req, res, 200, { jsonrpc: '2.0', id, result: { ...chain }, error: null });
    return;
  }
  req.resume();
  if (path !== '/' && path !== '/index.html') {
    sendHtml(req, res, 404, renderAppPage({ title: TITLE, heading: 'Not found', values: [['Path', path]] }));
    return;
  }
  if (!bitcoinRunning(ctx)) {
    const html = renderAppPage({
      title: TITLE,
      heading: TITLE,
      note: 'Bitcoin node unreachable',
      values: [['Status', 'Bitcoin node unreachable']],
    });
    sendHtml(req, res, 503, html);
    return;
  }
  const chain = ctx.chain();
  const node = ctx.bitcoinNode() === 'bitcoin-core' ? 'Bitcoin Core' : 'Bitcoin Knots';
  const html = renderAppPage({
    title: TITLE,
    heading: TITLE,
    values: [
      ['Node', node],
      ['Chain', chain.chain],
      ['Block height', ctx.faultOn('ui-stale-height') ? Math.max(0, chain.blocks - 5) : chain.blocks], // fault ui-stale-height (evidence-suite)
      ['Headers', chain.headers],
      ['Best block', chain.bestblockhash],
      ['Sync progress', `${(chain.verificationprogress * 100).toFixed(2)} %`],
    ],
  });
  sendHtml(req, res, 200, html);
}
