/**
 * The `ui` cell (L2): every URL of the app's surface answers 200 with a real page showing the
 * catalogue's marker. Honours the node's scheme/CA through the request context it is given.
 */
import { ProbeError } from './probe-error';
import { emptyResult, type ProbeContext, type ProbeResult } from './probe-types';
import { httpFetch } from './http-fetch';
import { uiUrls } from './node-urls';
import { pageProblem } from './page-verdict';

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
    const problem = pageProblem(outcome.answer, ui.marker);
    if (problem) throw new ProbeError(where, `${label} ${problem}`);
    result.checks.push(`${label}: 200, ${outcome.answer.body.length} bytes, marker "${ui.marker}"`);
  }
  result.data.urls = urls.map((u) => u.url);
  return result;
}
