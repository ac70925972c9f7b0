/**
 * How apps that need a bitcoin node show that it is gone (what archy documents and the reference
 * node implements): LND's getinfo stops saying `synced_to_chain`, mempool's tip-height API stops
 * answering 200. Each check returns null when the dependant noticed, else what it still claims.
 */
import { httpFetch, jsonBody } from './http-fetch';
import { appPortUrl, directPort, proxyUrl } from './node-urls';
import type { ProbeContext } from './probe-types';

export interface DependantCheck {
  appId: string;
  what: string;
  stillClaims(ctx: ProbeContext): Promise<string | null>;
}

export const BITCOIN_DEPENDANT_CHECKS: readonly DependantCheck[] = [
  {
    appId: 'lnd',
    what: 'LND getinfo no longer synced_to_chain',
    async stillClaims(ctx) {
      const port = directPort(ctx.node, 'lnd-rest', 8080);
      if (port === undefined) return 'the node reports no lnd-rest port';
      const outcome = await httpFetch(ctx.request, appPortUrl(ctx.node, port, '/v1/getinfo', 'https:'), { timeoutMs: ctx.timeoutMs });
      if (!outcome.ok || outcome.answer.status !== 200) return null; // not answering at all also tells the user
      const info = jsonBody(outcome.answer) as { synced_to_chain?: unknown } | null;
      return info?.synced_to_chain === true ? 'LND getinfo still says synced_to_chain: true' : null;
    },
  },
  {
    appId: 'mempool',
    what: 'mempool tip height no longer answers 200',
    async stillClaims(ctx) {
      const outcome = await httpFetch(ctx.request, proxyUrl(ctx.node, '/app/mempool/api/blocks/tip/height'), { timeoutMs: ctx.timeoutMs });
      return outcome.ok && outcome.answer.status === 200 ? `mempool still answers tip height ${outcome.answer.body.slice(0, 20)}` : null;
    },
  },
];
