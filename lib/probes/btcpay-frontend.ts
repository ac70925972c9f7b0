/**
 * `rpc` probe for btcpay-server ("frontend-port" in archy-TESTING.md): BTCPay's frontend answers
 * under its proxy path (archy-TESTING `/app/btcpay/`) with a real page naming BTCPay (the frontend is
 * BTCPay Server's own, docs.btcpayserver.org), and its container is running (container-list). Its
 * database and NBXplorer containers' names are guesses: the present cell checks them per the profile.
 */
import { ProbeError } from './probe-error';
import { emptyResult, type Probe } from './probe-types';
import { httpFetch } from './http-fetch';
import { proxyUrl } from './node-urls';
import { pageProblem } from './page-verdict';
import { listContainerRows, missingOrStopped } from './container-list';

export const probeBtcpayFrontend: Probe = async (ctx) => {
  const where = { node: ctx.node.name, app: ctx.app.id, cell: 'rpc' as const };
  const result = emptyResult(ctx, 'rpc');
  const path = ctx.app.ui?.proxyPath ?? '/app/btcpay/';
  const outcome = await httpFetch(ctx.request, proxyUrl(ctx.node, path), { timeoutMs: ctx.timeoutMs });
  if (!outcome.ok) throw new ProbeError(where, `frontend ${path} ${outcome.failure}`);
  const problem = pageProblem(outcome.answer, 'BTCPay');
  if (problem) throw new ProbeError(where, `frontend ${path} ${problem}`);
  result.checks.push(`frontend ${path}: 200 naming BTCPay`);
  const rows = await listContainerRows(ctx);
  const problems = missingOrStopped(rows, [ctx.app.id]);
  if (problems.length > 0) throw new ProbeError(where, problems.join('; '));
  result.checks.push(`container running: ${ctx.app.id}`);
  return result;
};
