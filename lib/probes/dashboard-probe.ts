/**
 * L2 probe of the dashboard itself: `/` answers 200 with HTML that is not nginx's error page and
 * loads a script (a Vue SPA: archy-surface §4, index.html plus assets/), and every script and
 * stylesheet it references on the same origin answers 200 with a body — an SPA whose bundle 404s
 * is a blank page for the user even though `/` says 200. Whether the script is external or inline
 * and what <title> says are guesses (config/guesses.ts dashboard-script, dashboard-title): the probe
 * reports them (`script`, `title`) and the spec checks them only against the node's profile.
 */
import type { NodeHttp } from '../http/client';
import { httpFetch } from './http-fetch';
import { isNginxErrorPage } from './page-verdict';
import type { ProbeNode } from './probe-types';

/** The catalogue's guess of the dashboard's <title> (config/guesses.ts dashboard-title). */
export const DASHBOARD_TITLE_MARKER = 'Archipelago';

export interface DashboardProbeResult {
  node: string;
  checks: string[];
  assets: string[];
  /** How the page loads its script: 'external' (<script src>) or 'inline'. */
  script: 'external' | 'inline';
  title: string;
}

/** Bytes of inline script (a <script> without src) in a page. */
export function inlineScriptBytes(html: string): number {
  return [...html.matchAll(/<script\b(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi)].reduce(
    (n, m) => n + m[1]!.trim().length,
    0,
  );
}

export class DashboardProbeError extends Error {
  override name = 'DashboardProbeError';
  constructor(node: string, detail: string) {
    super(`[node ${node}] dashboard/ui: ${detail}`);
  }
}

/** Same-origin script and stylesheet URLs an HTML page loads. */
export function referencedAssets(html: string, pageUrl: string): string[] {
  const origin = new URL(pageUrl).origin;
  const refs = [
    ...html.matchAll(/<script\b[^>]*\bsrc=["']([^"']+)["']/gi),
    ...html.matchAll(/<link\b[^>]*\brel=["']?stylesheet["']?[^>]*\bhref=["']([^"']+)["']/gi),
  ].map((m) => m[1]);
  return [
    ...new Set(
      refs
        .map((ref) => new URL(ref, pageUrl))
        .filter((u) => u.origin === origin)
        .map((u) => u.toString()),
    ),
  ];
}

export async function probeDashboard(
  node: ProbeNode,
  http: NodeHttp,
  timeoutMs: number,
): Promise<DashboardProbeResult> {
  const url = new URL('/', node.baseUrl).toString();
  const page = await httpFetch(http, url, { timeoutMs });
  if (!page.ok) throw new DashboardProbeError(node.name, `/ ${page.failure}`);
  const { status, body } = page.answer;
  if (status !== 200)
    throw new DashboardProbeError(
      node.name,
      `/ answered ${status}${isNginxErrorPage(body) ? ' (nginx error page)' : ''}`,
    );
  if (body.trim().length === 0) throw new DashboardProbeError(node.name, '/ answered 200 with an empty body');
  if (isNginxErrorPage(body)) throw new DashboardProbeError(node.name, '/ answered an nginx error page');
  const title = (/<title>([^<]*)<\/title>/i.exec(body)?.[1] ?? '').trim();
  const assets = referencedAssets(body, url);
  const external = assets.some((a) => /\.m?js(\?|$)/.test(new URL(a).pathname));
  const inline = inlineScriptBytes(body);
  if (!external && inline === 0)
    throw new DashboardProbeError(
      node.name,
      '/ loads no script (neither <script src> nor an inline script): not the dashboard SPA',
    );
  const result: DashboardProbeResult = {
    node: node.name,
    checks: [`/: 200, title "${title}", script ${external ? 'external' : `inline (${inline} bytes)`}`],
    assets: [],
    script: external ? 'external' : 'inline',
    title,
  };
  for (const asset of assets) {
    const outcome = await httpFetch(http, asset, { timeoutMs });
    const path = new URL(asset).pathname;
    if (!outcome.ok) throw new DashboardProbeError(node.name, `${path} ${outcome.failure}`);
    if (outcome.answer.status !== 200 || outcome.answer.body.length === 0) {
      throw new DashboardProbeError(
        node.name,
        `${path} answered ${outcome.answer.status} with ${outcome.answer.body.length} bytes`,
      );
    }
    result.assets.push(path);
    result.checks.push(`${path}: 200, ${outcome.answer.body.length} bytes`);
  }
  return result;
}
