/**
 * The apps nginx serves under `/app/<path>/` on the main port. Which apps, their paths and the
 * containers that must be up for the upstream to answer come from sim/apps.ts; here is what each
 * upstream serves (a page with the app's title and live values, plus a few API routes real probes
 * use): one page per proxied app, a missing one fails typecheck.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SurfaceContext } from './types';
import type { RequestHandler } from './http-surface';
import { renderAppPage, sendHtml, sendJson, sendText } from './html-page';
import { guess } from '../guesses';
import { lndInfo } from './lnd-rest';
import { serveBitcoinUi } from './bitcoin-ui';
import { proxiedApps, type ProxiedAppId } from '../apps';

export interface ProxyApp {
  /** Path segment: `/app/<path>/`. */
  path: string;
  /** The app id the path belongs to (faults `proxy-502:<appId>` name it). */
  appId: string;
  /** Every container that must be up for the upstream to answer (companion + its backend). */
  needs: string[];
  /** Serves a request; `rest` is the path below `/app/<path>` (starts with '/'). */
  serve: Serve;
}

type Serve = (ctx: SurfaceContext, req: IncomingMessage, res: ServerResponse, rest: string) => void | Promise<void>;

function bitcoinUp(ctx: SurfaceContext): boolean {
  const node = ctx.bitcoinNode();
  return node !== null && ctx.isUp(node);
}

function stopServing(): boolean {
  return guess('dependants-while-bitcoin-stopped') === 'stop-serving';
}

function pageOnly(title: string, heading: string, values: (ctx: SurfaceContext) => Array<[string, string | number]>) {
  return (ctx: SurfaceContext, req: IncomingMessage, res: ServerResponse, rest: string): void => {
    if (rest !== '/' && rest !== '/index.html') {
      sendHtml(req, res, 404, renderAppPage({ title, heading: 'Not found', values: [['Path', rest]] }));
      return;
    }
    sendHtml(req, res, 200, renderAppPage({ title, heading, values: values(ctx) }));
  };
}

/** What each proxied app's upstream serves (its path and needs: sim/apps.ts). */
const PAGES: Record<ProxiedAppId, Serve> = {
  // archy-bitcoin-ui behind nginx at /app/bitcoin-ui/: archy's mock backend serves /app/bitcoin-ui/rpc/v1 (§4.4)
  'archy-bitcoin-ui': (ctx, req, res, rest) => serveBitcoinUi(ctx, req, res, rest),
  'archy-lnd-ui': pageOnly('Lightning Node', 'Lightning Node (LND)', (ctx) => {
    const info = lndInfo(ctx);
    return [
      ['Alias', info.alias],
      ['Block height', info.block_height],
      ['Synced to chain', info.synced_to_chain ? 'yes' : 'no'],
      ['Active channels', info.num_active_channels],
      ['Version', info.version],
    ];
  }),
  'archy-electrs-ui': pageOnly('Electrum Server', 'Electrum Server', (ctx) => [
    ['Server version', guess('app-versions').electrumxVersion],
    ['Protocol', '1.4'],
    ['Block height', ctx.chain().blocks],
  ]),
  'btcpay-server': pageOnly('BTCPay Server', 'BTCPay Server', (ctx) => [
    ['Version', guess('app-versions').btcpayVersion],
    ['Block height', ctx.chain().blocks],
    ['Bitcoin node', bitcoinUp(ctx) ? 'synced' : 'unreachable'],
  ]),
  mempool(ctx, req, res, rest) {
    if (rest === '/api/v1/backend-info') {
      sendJson(req, res, 200, {
        hostname: 'mempool',
        version: guess('app-versions').mempoolVersion,
        gitCommit: guess('app-versions').mempoolGitCommit,
        lightning: false,
        backend: guess('mempool-backend') === 'electrum-when-up' && ctx.isUp('electrumx') ? 'electrum' : 'none',
      });
      return;
    }
    if (rest === '/api/blocks/tip/height') {
      // while bitcoin is down: 503 or the last tip it saw (guess dependants-while-bitcoin-stopped)
      if (!bitcoinUp(ctx) && stopServing()) sendText(req, res, 503, 'Bitcoin node unreachable');
      else sendText(req, res, 200, String(ctx.chain().blocks));
      return;
    }
    if (rest === '/api/blocks/tip/hash') {
      if (!bitcoinUp(ctx) && stopServing()) sendText(req, res, 503, 'Bitcoin node unreachable');
      else sendText(req, res, 200, ctx.chain().bestblockhash);
      return;
    }
    pageOnly('mempool - Bitcoin Explorer', 'mempool', (c) => [
      ['Block height', c.chain().blocks],
      ['Version', guess('app-versions').mempoolVersion],
    ])(ctx, req, res, rest);
  },
  fedimint: pageOnly('Fedimint Guardian', 'Fedimint Guardian', (ctx) => [
    ['Version', guess('app-versions').fedimintVersion],
    ['Block height', ctx.chain().blocks],
    ['Guardian status', bitcoinUp(ctx) ? 'online' : 'bitcoin node unreachable'],
  ]),
  filebrowser(ctx, req, res, rest) {
    if (rest === '/health') {
      // File Browser's own health endpoint
      sendJson(req, res, 200, { status: 'OK' });
      return;
    }
    if (rest === '/api/version') {
      sendJson(req, res, 200, { version: guess('app-versions').filebrowserVersion });
      return;
    }
    pageOnly('File Browser', 'File Browser', () => [
      ['Version', guess('app-versions').filebrowserVersion],
      ['Root', '/srv'],
    ])(ctx, req, res, rest);
  },
};

/**
 * A proxied app's page as the handler of a port of its own: a direct port with no server of its own
 * (sim/surfaces/index.ts) serves its app's page there too. Undefined: the app has no page.
 */
export function pageHandlerOf(ctx: SurfaceContext, appId: string): RequestHandler | undefined {
  const page = (PAGES as Partial<Record<string, Serve>>)[appId];
  if (!page) return undefined;
  return (req, res) => page(ctx, req, res, new URL(req.url ?? '/', 'http://direct-port').pathname);
}

export const PROXY_APPS: readonly ProxyApp[] = proxiedApps().map(({ app, path, needs }) => ({
  path,
  appId: app.id,
  needs,
  serve: PAGES[app.id],
}));
