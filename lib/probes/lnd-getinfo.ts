/**
 * `rpc` probe for lnd: `GET /v1/getinfo` on LND's REST port answers JSON with an identity key and
 * a block height. A real LND wants its macaroon; the sim answers without one (GUESS for real nodes:
 * a 401 there is reported as such, naming the missing macaroon).
 */
import { ProbeError } from './probe-error';
import { emptyResult, type Probe } from './probe-types';
import { httpFetch, jsonBody } from './http-fetch';
import { appPortUrl, directPort } from './node-urls';

export const probeLndGetinfo: Probe = async (ctx) => {
  const where = { node: ctx.node.name, app: ctx.app.id, cell: 'rpc' as const };
  const result = emptyResult(ctx, 'rpc');
  const port = directPort(ctx.node, 'lnd-rest', ctx.app.ports?.['lnd-rest']);
  if (port === undefined) throw new ProbeError(where, 'the node reports no lnd-rest port');
  const url = appPortUrl(ctx.node, port, '/v1/getinfo', 'https:');
  const outcome = await httpFetch(ctx.request, url, { timeoutMs: ctx.timeoutMs });
  if (!outcome.ok) throw new ProbeError(where, `LND REST :${port} /v1/getinfo ${outcome.failure}`);
  if (outcome.answer.status !== 200) {
    const hint = outcome.answer.status === 401 ? ' (LND wants a macaroon)' : '';
    throw new ProbeError(where, `LND REST :${port} /v1/getinfo answered ${outcome.answer.status}${hint}`);
  }
  const info = jsonBody(outcome.answer) as Record<string, unknown> | null;
  if (!info || typeof info !== 'object') throw new ProbeError(where, `LND REST /v1/getinfo answered non-JSON: ${outcome.answer.body.slice(0, 120)}`);
  const pubkey = info.identity_pubkey;
  const height = info.block_height;
  if (typeof pubkey !== 'string' || !/^[0-9a-f]{66}$/i.test(pubkey)) {
    throw new ProbeError(where, `LND getinfo has no valid identity_pubkey (${JSON.stringify(pubkey)})`);
  }
  if (typeof height !== 'number' || height < 0) throw new ProbeError(where, `LND getinfo has no block_height (${JSON.stringify(height)})`);
  result.checks.push(`LND REST :${port} getinfo: pubkey=${pubkey.slice(0, 12)}… block_height=${height} synced=${String(info.synced_to_chain)}`);
  result.data.getinfo = info;
  return result;
};
