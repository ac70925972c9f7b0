/**
 * `rpc` probe for fedimint ("container-only" in archy-TESTING.md): its container (named by the app
 * id, archy-surface §3.3) is listed by `container-list` as running and not unhealthy when health is
 * reported (§3.2 health values). Other fedimint container names are guesses (present cell, profile).
 */
import { ProbeError } from './probe-error';
import { emptyResult, type Probe } from './probe-types';
import { findContainer, listContainerRows, missingOrStopped } from './container-list';

export const probeFedimintContainer: Probe = async (ctx) => {
  const where = { node: ctx.node.name, app: ctx.app.id, cell: 'rpc' as const };
  const result = emptyResult(ctx, 'rpc');
  const rows = await listContainerRows(ctx);
  const problems = missingOrStopped(rows, [ctx.app.id]);
  for (const name of [ctx.app.id]) {
    const health = findContainer(rows, name)?.health;
    if (health === 'unhealthy') problems.push(`${name} is unhealthy`);
  }
  if (problems.length > 0) throw new ProbeError(where, problems.join('; '));
  result.checks.push(`container-list: ${ctx.app.id} running`);
  return result;
};
