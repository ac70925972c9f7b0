/**
 * The apps nginx serves under `/app/<path>/` on the main port: which containers must be up for the
 * upstream to answer, and what each upstream serves (a page with the app's title and live values,
 * plus a few API routes real probes use).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SurfaceContext } from './types';
import { renderAppPage, sendHtml, sendJson, sendText } from './html-page';
import { guess } from '../guesses';
import { lndInfo } from './lnd-rest';
import { serveBitcoinUi } from './bitcoin-ui';

export interface ProxyApp {
  /** Path segment: `/app/<path>/`. */
  path: string;
  /** The app id the path belongs to (faults `proxy-502:<appId>` name it). */
  appId: string;
  /** Every container that must be up for the upstream to answer (companion + its backend). */
  needs: string[];
  /** Serves a request; `rest` is the path below `/app/<path>` (starts with '/'). */
  serve(ctx: SurfaceContext, req: IncomingMessage, res: ServerResponse, rest: string): void | Promise<void>;
}

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

export const PROXY_APPS: readonly ProxyApp[] = [
  {
    // archy-bitcoin-ui behind nginx at /app/bitcoin-ui/: archy's mock backend serves /app/bitcoin-ui/rpc/v1 (§4.4)
    path: 'bitcoin-ui',
    appId: 'archy-bitcoin-ui',
    needs: ['archy-bitcoin-ui'],
    serve: (ctx, req, res, rest) => serveBitcoinUi(ctx, req, res, rest),
  },
  {
    path: 'lnd',
    appId: 'archy-lnd-ui',
    needs: ['archy-lnd-ui', 'lnd'],
    serve: pageOnly('Lightning Node', 'Lightning Node (LND)', (ctx) => {
      const info = lndInfo(ctx);
      return [
        ['Alias', info.alias],
        ['Block height', info.block_height],
        ['Synced to chain', info.synced_to_chain ? 'yes' : 'no'],
        ['Active channels', info.num_active_channels],
        ['Version', info.version],
      ];
    }),
  },
  {
    path: 'electrumx',
    appId: 'archy-electrs-ui',
    needs: ['archy-electrs-ui', 'electrumx'],
    serve: pageOnly('Electrum Server', 'Electrum Server', (ctx) => [
      ['Server version', guess('app-versions').electrumxVersion],
      ['Protocol', '1.4'],
      ['Block height', ctx.chain().blocks],
    ]),
  },
  {
    path: 'btcpay',
    appId: 'btcpay-server',
    needs: ['btcpay-server'],
    serve: pageOnly('BTCPay Server', 'BTCPay Server', (ctx) => [
      ['Version', guess('app-versions').btcpayVersion],
      ['Block height', ctx.chain().blocks],
      ['Bitcoin node', bitcoinUp(ctx) ? 'synced' : 'unreachable'],
    ]),
  },
  {
    path: 'mempool',
    appId: 'mempool',
    needs: ['mempool'],
    serve(ctx, req, res, rest) {
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
  },
  {
    path: 'fedimint',
    appId: 'fedimint',
    needs: ['fedimint'],
    serve: pageOnly('Fedimint Guardian', 'Fedimint Guardian', (ctx) => [
      ['Version', guess('app-versions').fedimintVersion],
      ['Block height', ctx.chain().blocks],
      ['Guardian status', bitcoinUp(ctx) ? 'online' : 'bitcoin node unreachable'],
    ]),
  },
  {
    path: 'filebrowser',
    appId: 'filebrowser',
    needs: ['filebrowser'],
    serve(ctx, req, res, rest) {
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
  },
];
