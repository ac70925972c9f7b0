/**
 * `rpc` probe for mempool: `GET <proxy>/api/v1/backend-info` answers JSON naming the backend
 * (mempool's own fields: hostname, version, gitCommit, backend).
 */
import { ProbeError } from './probe-error';
import { emptyResult, type Probe } from './probe-types';
import { httpFetch, jsonBody } from './http-fetch';
import { proxyUrl } from './node-urls';

export const probeMempoolBackendInfo: Probe = async (ctx) => {
  const where = { node: ctx.node.name, app: ctx.app.id, cell: 'rpc' as const };
  const result = emptyResult(ctx, 'rpc');
  const base = ctx.app.ui?.proxyPath ?? '/app/mempool/';
  const path = `${base.replace(/\/$/, '')}/api/v1/backend-info`;
  const outcome = await httpFetch(ctx.request, proxyUrl(ctx.node, path), { timeoutMs: ctx.timeoutMs });
  if (!outcome.ok) throw new ProbeError(where, `${path} ${outcome.failure}`);
  if (outcome.answer.status !== 200) throw new ProbeError(where, `${path} answered ${outcome.answer.status}`);
  const info = jsonBody(outcome.answer) as Record<string, unknown> | null;
  if (!info || typeof info !== 'object' || Array.isArray(info)) {
    throw new ProbeError(where, `${path} answered non-JSON: ${outcome.answer.body.slice(0, 120)}`);
  }
  const version = info.version ?? info.gitCommit;
  if (typeof version !== 'string' || version.length === 0) {
    throw new ProbeError(where, `${path} names no version/gitCommit: ${JSON.stringify(info).slice(0, 160)}`);
  }
  result.checks.push(`${path}: version=${version} backend=${String(info.backend ?? '?')}`);
  result.data.backendInfo = info;
  return result;
};
