/**
 * What apps that need a bitcoin node say about it while it is stopped. archy-surface says nothing
 * about it (config/guesses.ts dependants-while-bitcoin-stopped): one node may keep serving cached data
 * (a real mempool serves its last tip from its database), another may stop claiming to be in sync.
 * Each check answers what the dependant still claims (a string), null when it no longer claims it,
 * or `UNSEEN` when this node offers no way to ask (e.g. no LND REST port).
 * LND: GET /v1/getinfo `synced_to_chain` (LND REST docs). mempool: GET /api/blocks/tip/height
 * (mempool REST API docs, mempool.space/docs/api/rest).
 */
import { httpFetch, jsonBody } from './http-fetch';
import { appPortUrl, directPort, proxyUrl } from './node-urls';
import type { ProbeContext } from './probe-types';

export const UNSEEN = 'unseen';

export interface DependantCheck {
  appId: string;
  what: string;
  stillClaims(ctx: ProbeContext): Promise<string | null | typeof UNSEEN>;
}

export const BITCOIN_DEPENDANT_CHECKS: readonly DependantCheck[] = [
  {
    appId: 'lnd',
    what: 'LND getinfo no longer synced_to_chain',
    async stillClaims(ctx) {
      const port = directPort(ctx.node, 'lnd-rest', ctx.app.ports?.['lnd-rest']); // ctx.app is lnd
      if (port === undefined) return UNSEEN;
      const outcome = await httpFetch(ctx.request, appPortUrl(ctx.node, port, '/v1/getinfo', 'https:'), {
        timeoutMs: ctx.timeoutMs,
      });
      if (!outcome.ok || outcome.answer.status === 401) return UNSEEN; // 401: LND wants its macaroon, the suite has none
      if (outcome.answer.status !== 200) return null; // answering an error also tells the user
      const info = jsonBody(outcome.answer) as { synced_to_chain?: unknown } | null;
      return info?.synced_to_chain === true ? 'LND getinfo still says synced_to_chain: true' : null;
    },
  },
  {
    appId: 'mempool',
    what: 'mempool tip height no longer answers 200',
    async stillClaims(ctx) {
      const outcome = await httpFetch(ctx.request, proxyUrl(ctx.node, '/app/mempool/api/blocks/tip/height'), {
        timeoutMs: ctx.timeoutMs,
      });
      if (!outcome.ok) return null;
      return outcome.answer.status === 200
        ? `mempool still answers tip height ${outcome.answer.body.slice(0, 20)}`
        : null;
    },
  },
];
