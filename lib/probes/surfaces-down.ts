/**
 * After a stop or an uninstall: the app's surfaces must no longer serve it. Every UI URL answers
 * something other than the app's page (proxy 502, a 503 page, a closed port, a page without the
 * app's marker), and each direct port the app owns is closed: the ports the evidence names (§5.2
 * bitcoin 8332, TESTING Electrum TCP 50001) always, a guessed one (LND REST) only where the node's
 * profile saw it (config/guesses.ts direct-ports) — another service may listen on 8080 of a real node.
 */
import { ProbeError } from './probe-error';
import { emptyResult, type ProbeContext, type ProbeResult } from './probe-types';
import type { CellId } from '../../config/apps';
import { httpFetch } from './http-fetch';
import { directPort, uiUrls } from './node-urls';
import { pageProblem } from './page-verdict';
import { tcpPortState } from './tcp-port';

const EVIDENCE_PORTS: readonly string[] = ['bitcoin-rpc', 'archy-bitcoin-ui', 'electrum'];

export async function probeSurfacesDown(ctx: ProbeContext, cell: CellId): Promise<ProbeResult> {
  const where = { node: ctx.node.name, app: ctx.app.id, cell };
  const result = emptyResult(ctx, cell);
  if (ctx.app.ui) {
    for (const { label, url } of uiUrls(ctx.node, ctx.app.ui)) {
      const outcome = await httpFetch(ctx.request, url, { timeoutMs: ctx.timeoutMs });
      if (!outcome.ok) {
        result.checks.push(`${label} down: ${outcome.failure}`);
        continue;
      }
      const problem = pageProblem(outcome.answer, ctx.app.ui.marker);
      if (problem === null)
        throw new ProbeError(
          where,
          `${label} still serves the app page (200 with "${ctx.app.ui.marker}") after ${cell}`,
        );
      result.checks.push(`${label} down: ${problem}`);
    }
  }
  const host = new URL(ctx.node.baseUrl).hostname.replace(/^\[|\]$/g, '');
  for (const [name, real] of Object.entries(ctx.app.ports ?? {})) {
    const port = directPort(ctx.node, name, real);
    if (port === undefined) continue;
    const profiled = ctx.profile?.guesses['direct-ports']?.observed?.split(',') ?? [];
    if (!EVIDENCE_PORTS.includes(name) && !profiled.includes(name)) {
      result.skipped.push(`port ${name} (${port}): a guessed port the node's profile did not see`);
      continue;
    }
    const state = await tcpPortState(host, port, ctx.timeoutMs);
    if (state === 'open') throw new ProbeError(where, `port ${name} (${port}) still accepts connections after ${cell}`);
    result.checks.push(`port ${name} (${port}) ${state}`);
  }
  return result;
}
