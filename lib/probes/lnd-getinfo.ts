/**
 * `rpc` probe for lnd. Evidence: archy-TESTING checks LND's RPC with `lncli` inside the node, which a
 * client cannot do; what a client can see is that container-list lists the lnd container running and
 * not unhealthy (archy-surface §3.3 health values). LND REST on a direct port is a guess
 * (config/guesses.ts direct-ports: no evidence names :8080): where the node's profile saw the port,
 * `GET /v1/getinfo` (LND's REST API docs: lightning.engineering/api-docs/api/lnd/lightning/get-info)
 * must answer an identity_pubkey (66 hex) and a block_height — or 401, which is what upstream LND
 * answers a client without its macaroon (Grpc-Metadata-macaroon; the suite holds none): LND is
 * answering, and that is all a client without the macaroon can check.
 */
import { guessedCheck } from '../guesses/guessed-check';
import { ProbeError } from './probe-error';
import { emptyResult, type Probe, type ProbeContext, type ProbeResult } from './probe-types';
import { httpFetch, jsonBody } from './http-fetch';
import { appPortUrl, directPort } from './node-urls';
import { findContainer, listContainerRows, missingOrStopped } from './container-list';
import { tcpPortState } from './tcp-port';

async function lndRestGetinfo(ctx: ProbeContext, result: ProbeResult, port: number): Promise<void> {
  const where = { node: ctx.node.name, app: ctx.app.id, cell: 'rpc' as const };
  const url = appPortUrl(ctx.node, port, '/v1/getinfo', 'https:');
  const outcome = await httpFetch(ctx.request, url, { timeoutMs: ctx.timeoutMs });
  if (!outcome.ok) throw new ProbeError(where, `LND REST :${port} /v1/getinfo ${outcome.failure}`);
  if (outcome.answer.status === 401) {
    result.checks.push(
      `LND REST :${port} /v1/getinfo: 401 without a macaroon (LND's own answer; the suite holds no macaroon)`,
    );
    return;
  }
  if (outcome.answer.status !== 200)
    throw new ProbeError(where, `LND REST :${port} /v1/getinfo answered ${outcome.answer.status}`);
  const info = jsonBody(outcome.answer) as Record<string, unknown> | null;
  if (!info || typeof info !== 'object')
    throw new ProbeError(where, `LND REST /v1/getinfo answered non-JSON: ${outcome.answer.body.slice(0, 120)}`);
  const pubkey = info.identity_pubkey;
  const height = info.block_height;
  if (typeof pubkey !== 'string' || !/^[0-9a-f]{66}$/i.test(pubkey)) {
    throw new ProbeError(where, `LND getinfo has no valid identity_pubkey (${JSON.stringify(pubkey)})`);
  }
  if (typeof height !== 'number' || height < 0)
    throw new ProbeError(where, `LND getinfo has no block_height (${JSON.stringify(height)})`);
  result.checks.push(
    `LND REST :${port} getinfo: pubkey=${pubkey.slice(0, 12)}… block_height=${height} synced=${String(info.synced_to_chain)}`,
  );
  result.data.getinfo = info;
}

export const probeLndGetinfo: Probe = async (ctx) => {
  const where = { node: ctx.node.name, app: ctx.app.id, cell: 'rpc' as const };
  const result = emptyResult(ctx, 'rpc');
  const rows = await listContainerRows(ctx);
  const problems = missingOrStopped(rows, [ctx.app.id]);
  if (findContainer(rows, ctx.app.id)?.health === 'unhealthy')
    problems.push(`${ctx.app.id} is unhealthy in container-list`);
  if (problems.length > 0) throw new ProbeError(where, problems.join('; '));
  result.checks.push(`container-list: ${ctx.app.id} running`);

  await guessedCheck(
    result,
    ctx.profile,
    'direct-ports',
    async (seen) => {
      if (!seen.split(',').includes('lnd-rest')) return; // the profile saw no LND REST port on this node
      const port = directPort(ctx.node, 'lnd-rest', ctx.app.ports?.['lnd-rest']);
      if (port === undefined) throw new ProbeError(where, 'the profile saw an lnd-rest port, the node reports none');
      await lndRestGetinfo(ctx, result, port);
    },
    async () => {
      // The direct-ports observation, afresh, for the port this check needs.
      const seen = ctx.profile?.guesses['direct-ports']?.observed?.split(',') ?? [];
      const port = directPort(ctx.node, 'lnd-rest', ctx.app.ports?.['lnd-rest']);
      const host = new URL(ctx.node.baseUrl).hostname.replace(/^\[|\]$/g, '');
      const open = port !== undefined && (await tcpPortState(host, port, ctx.timeoutMs)) === 'open';
      return [...seen.filter((n) => n !== 'lnd-rest'), ...(open ? ['lnd-rest'] : [])].sort().join(',');
    },
  );
  return result;
};
