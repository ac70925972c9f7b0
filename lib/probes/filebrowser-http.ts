/**
 * `rpc` probe for filebrowser: its own health endpoint under the proxy path answers
 * `{"status":"OK"}` (File Browser's `GET /health`).
 */
import { ProbeError } from './probe-error';
import { emptyResult, type Probe } from './probe-types';
import { httpFetch, jsonBody } from './http-fetch';
import { proxyUrl } from './node-urls';

export const probeFilebrowserHttp: Probe = async (ctx) => {
  const where = { node: ctx.node.name, app: ctx.app.id, cell: 'rpc' as const };
  const result = emptyResult(ctx, 'rpc');
  const base = ctx.app.ui?.proxyPath ?? '/app/filebrowser/';
  const path = `${base.replace(/\/$/, '')}/health`;
  const outcome = await httpFetch(ctx.request, proxyUrl(ctx.node, path), { timeoutMs: ctx.timeoutMs });
  if (!outcome.ok) throw new ProbeError(where, `${path} ${outcome.failure}`);
  if (outcome.answer.status !== 200) throw new ProbeError(where, `${path} answered ${outcome.answer.status}`);
  const body = jsonBody(outcome.answer) as { status?: unknown } | null;
  if (!body || typeof body.status !== 'string' || body.status.toUpperCase() !== 'OK') {
    throw new ProbeError(where, `${path} answered ${outcome.answer.body.slice(0, 120)}, expected {"status":"OK"}`);
  }
  result.checks.push(`${path}: status OK`);
  return result;
};
