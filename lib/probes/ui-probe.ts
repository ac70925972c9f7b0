/**
 * The `ui` cell (L2): every URL of the app's surface answers 200 with a real page (archy-TESTING L2:
 * "return 200 with non-empty bodies"; not nginx's error page, not the "is starting…" placeholder of
 * archy-surface §4.4, not an empty SPA shell). The catalogue's marker text is a guess (config/guesses.ts
 * ui-markers): checked where the node's profile saw the app's page show it. A page that shows a live
 * value the API also gives (the Bitcoin UI's block height, archy-TESTING "UI URL 200 (port 8334)")
 * must agree with `bitcoin.getinfo` within one block. Honours the node's scheme/CA through the request
 * context it is given.
 */
import { GUESS_CATALOGUE } from '../../config/guesses';
import { guessedCheck } from '../guesses/guessed-check';
import { ProbeError } from './probe-error';
import { emptyResult, type ProbeContext, type ProbeResult } from './probe-types';
import { httpFetch, type HttpAnswer } from './http-fetch';
import { uiUrls } from './node-urls';
import { pageProblem, visibleText } from './page-verdict';
import { readChainInfo } from './chain-info';

/** A number shown right after a label in a page's visible text ("Block height 880,123"). */
export function numberAfterLabel(html: string, label: string): number | null {
  const text = visibleText(html);
  const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`${escaped}\\s*:?\\s*([0-9][0-9,\\s]*)`, 'i').exec(text);
  if (!match) return null;
  const n = Number(match[1]!.replace(/[,\s]/g, ''));
  return Number.isFinite(n) ? n : null;
}

/** Live values a UI shows that archy's API also gives: label on the page → read it from the API. */
const LIVE_VALUES: { label: string; apps: readonly string[]; read(ctx: ProbeContext): Promise<number> }[] = [
  {
    label: 'Block height',
    apps: ['bitcoin-knots', 'bitcoin-core', 'archy-bitcoin-ui'],
    async read(ctx) {
      const info = readChainInfo(await ctx.rpc.bitcoinGetinfo());
      if (!info.ok) throw new Error(`bitcoin.getinfo ${info.failure}`);
      return info.info.blocks;
    },
  },
];

async function checkLiveValues(
  ctx: ProbeContext,
  result: ProbeResult,
  label: string,
  answer: HttpAnswer,
): Promise<void> {
  const where = { node: ctx.node.name, app: ctx.app.id, cell: 'ui' as const };
  for (const live of LIVE_VALUES.filter((l) => l.apps.includes(ctx.app.id))) {
    const shown = numberAfterLabel(answer.body, live.label);
    if (shown === null) {
      result.skipped.push(`${label}: shows no number after "${live.label}" to compare with the API`);
      continue;
    }
    let api: number;
    try {
      api = await live.read(ctx);
    } catch (error) {
      throw new ProbeError(
        where,
        `${label} shows ${live.label} ${shown}, and the API to compare it with failed: ${(error as Error).message}`,
      );
    }
    if (Math.abs(shown - api) > 1)
      throw new ProbeError(
        where,
        `${label} shows ${live.label} ${shown}, the API says ${api} (more than one block apart)`,
      );
    result.checks.push(`${label}: ${live.label} ${shown} agrees with the API's ${api} (within one block)`);
  }
}

export async function probeUi(ctx: ProbeContext): Promise<ProbeResult> {
  const where = { node: ctx.node.name, app: ctx.app.id, cell: 'ui' as const };
  const ui = ctx.app.ui;
  if (!ui) throw new ProbeError(where, 'the catalogue lists no UI surface for this app');
  const result = emptyResult(ctx, 'ui');
  let urls: { label: string; url: string }[];
  try {
    urls = uiUrls(ctx.node, ui);
  } catch (error) {
    throw new ProbeError(where, (error as Error).message);
  }
  for (const { label, url } of urls) {
    const outcome = await httpFetch(ctx.request, url, { timeoutMs: ctx.timeoutMs });
    if (!outcome.ok) throw new ProbeError(where, `${label} ${outcome.failure}`);
    const problem = pageProblem(outcome.answer, null);
    if (problem) throw new ProbeError(where, `${label} ${problem}`);
    result.checks.push(`${label}: 200, ${outcome.answer.body.length} bytes, a real page`);
    await checkLiveValues(ctx, result, label, outcome.answer);
    await guessedCheck(
      result,
      ctx.profile,
      'ui-markers',
      async (seen) => {
        if (seen.split(' by ')[1]?.split(',').includes(ctx.app.id)) return; // the profile saw this app show no marker
        const missing = pageProblem(outcome.answer, ui.marker);
        if (missing) throw new ProbeError(where, `${label} ${missing}`);
        result.checks.push(`${label}: marker "${ui.marker}" (profile: ui-markers)`);
      },
      async () => {
        // The ui-markers observation of this one app, afresh (lib/survey/observers.ts words it the same way).
        const again = await httpFetch(ctx.request, url, { timeoutMs: ctx.timeoutMs });
        if (!again.ok || again.answer.status !== 200) return null;
        return pageProblem(again.answer, ui.marker) === null
          ? GUESS_CATALOGUE.find((g) => g.id === 'ui-markers')!.choice
          : `not shown by ${ctx.app.id}`;
      },
    );
  }
  result.data.urls = urls.map((u) => u.url);
  return result;
}
