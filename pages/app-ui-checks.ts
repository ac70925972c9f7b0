/**
 * One "use" check per app family: something the app's UI shows, compared with what another layer
 * says (archy RPC, the app's own API or port). Each returns a one-line summary of what agreed.
 */
import { expect, type APIRequestContext } from '@playwright/test';
import { isAppId, type AppEntry, type AppId } from '../config/apps';
import { directPorts } from '../config/catalogue';
import { electrumCalls } from '../lib/probes/electrum-client';
import { directPort } from '../lib/probes/node-urls';
import type { AppUiPage } from './app-ui-page';

export interface UseCheckContext {
  ui: AppUiPage;
  app: AppEntry;
  node: { name: string; baseUrl: string; ports: Record<string, number>; isSim: boolean };
  rpc: { bitcoinGetinfo(): Promise<{ blocks: number }> };
  request: APIRequestContext;
  /** Reloads the page holding the UI (values move on; a stale page is reloaded, not waited on). */
  reload(): Promise<void>;
}

export interface UseCheck {
  family: string;
  /** What the check compares, for the step title. */
  describe: string;
  run(ctx: UseCheckContext): Promise<string>;
}

const AGREE_TIMEOUT_MS = 20_000;

/** The UI's "Block height" equals bitcoin.getinfo `blocks` (retried: blocks move on). */
function blockHeightCheck(family: string): UseCheck {
  return {
    family,
    describe: 'UI "Block height" == archy bitcoin.getinfo blocks',
    async run(ctx) {
      let summary = '';
      await expect(async () => {
        const shown = await ctx.ui.valueNumber('Block height').catch(async (error: Error) => {
          await ctx.reload();
          throw error;
        });
        const { blocks } = await ctx.rpc.bitcoinGetinfo();
        if (shown !== blocks) await ctx.reload();
        expect(
          shown,
          `${ctx.app.id} on ${ctx.node.name}: the UI's block height must equal bitcoin.getinfo blocks`,
        ).toBe(blocks);
        summary = `UI block height ${shown} == bitcoin.getinfo blocks ${blocks}`;
      }).toPass({ timeout: AGREE_TIMEOUT_MS, intervals: [500, 1000, 2000] });
      return summary;
    },
  };
}

const electrumCheck: UseCheck = {
  family: 'electrum',
  describe: 'UI "Server version" == Electrum server.version over TCP',
  async run(ctx) {
    const shown = await ctx.ui.valueText('Server version');
    const port = directPort(ctx.node, 'electrum', directPorts().electrum?.real);
    if (port === undefined) throw new Error(`${ctx.node.name} reports no "electrum" port`);
    const host = new URL(ctx.node.baseUrl).hostname;
    const [reply] = await electrumCalls({ host, port, timeoutMs: 10_000 }, [
      { method: 'server.version', params: ['archy-e2e', '1.4'] },
    ]);
    const software = Array.isArray(reply?.result) ? String(reply.result[0]) : String(reply?.result);
    expect(shown, `${ctx.app.id} on ${ctx.node.name}: the UI's server version must equal Electrum server.version`).toBe(
      software,
    );
    return `UI server version "${shown}" == Electrum server.version "${software}" (port ${port})`;
  },
};

const filebrowserCheck: UseCheck = {
  family: 'filebrowser',
  describe: 'UI "Version" == File Browser /api/version',
  async run(ctx) {
    const shown = await ctx.ui.valueText('Version');
    const url = new URL('/app/filebrowser/api/version', ctx.node.baseUrl).toString();
    const response = await ctx.request.get(url, { timeout: 10_000 });
    expect(response.status(), `${ctx.app.id} on ${ctx.node.name}: GET ${url}`).toBe(200);
    const body = (await response.json()) as { version?: unknown };
    expect(shown, `${ctx.app.id} on ${ctx.node.name}: the UI's version must equal the API's`).toBe(
      String(body.version),
    );
    return `UI version "${shown}" == /api/version "${String(body.version)}"`;
  },
};

/** App id → its family's check. Companions share their backend's. */
export const USE_CHECKS: Readonly<Record<AppId, UseCheck>> = {
  'bitcoin-knots': blockHeightCheck('bitcoin'),
  'bitcoin-core': blockHeightCheck('bitcoin'),
  'archy-bitcoin-ui': blockHeightCheck('bitcoin'),
  lnd: blockHeightCheck('lnd'),
  'archy-lnd-ui': blockHeightCheck('lnd'),
  electrumx: electrumCheck,
  'archy-electrs-ui': electrumCheck,
  'btcpay-server': blockHeightCheck('btcpay'),
  mempool: blockHeightCheck('mempool'),
  fedimint: blockHeightCheck('fedimint'),
  filebrowser: filebrowserCheck,
};

export function useCheckFor(appId: string): UseCheck {
  const check = isAppId(appId) ? USE_CHECKS[appId] : undefined;
  if (!check) throw new Error(`No "use" check for ${appId}: add one to pages/app-ui-checks.ts`);
  return check;
}
