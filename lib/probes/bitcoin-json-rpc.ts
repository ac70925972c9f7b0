/**
 * Bitcoin JSON-RPC 1.0 over HTTP with basic auth (the bitcoin node's own port, 8332 on a real node).
 */
import type { NodeHttp } from '../http/client';
import { httpFetch, jsonBody, type HttpOutcome } from './http-fetch';
import type { BitcoinRpcAuth } from './probe-types';

export type BitcoinRpcOutcome = { ok: true; result: unknown } | { ok: false; failure: string; status?: number };

export async function bitcoinJsonRpc(
  http: NodeHttp,
  url: string,
  auth: BitcoinRpcAuth | null,
  method: string,
  timeoutMs: number,
): Promise<BitcoinRpcOutcome> {
  const headers: Record<string, string> = { 'content-type': 'text/plain' };
  if (auth) headers.authorization = `Basic ${Buffer.from(`${auth.user}:${auth.password}`).toString('base64')}`;
  const outcome: HttpOutcome = await httpFetch(http, url, {
    method: 'POST',
    timeoutMs,
    headers,
    data: JSON.stringify({ jsonrpc: '1.0', id: 'archy-e2e', method, params: [] }),
  });
  if (!outcome.ok) return { ok: false, failure: outcome.failure };
  const { status } = outcome.answer;
  const body = jsonBody(outcome.answer) as { result?: unknown; error?: { message?: string } | null } | null;
  if (status !== 200)
    return {
      ok: false,
      status,
      failure: `answered HTTP ${status}${body?.error?.message ? ` (${body.error.message})` : ''}`,
    };
  if (!body || body.error)
    return {
      ok: false,
      status,
      failure: `answered error ${JSON.stringify(body?.error ?? outcome.answer.body.slice(0, 120))}`,
    };
  return { ok: true, result: body.result };
}
