/**
 * `rpc` probe for fedimint ("container-only" in archy-TESTING.md): every fedimint container is
 * listed by `container-list` as running (and not unhealthy when health is reported).
 */
import { ProbeError } from './probe-error';
import { emptyResult, type Probe } from './probe-types';
import { findContainer, listContainerRows, missingOrStopped } from './container-list';

export const probeFedimintContainer: Probe = async (ctx) => {
  const where = { node: ctx.node.name, app: ctx.app.id, cell: 'rpc' as const };
  const result = emptyResult(ctx, 'rpc');
  const rows = await listContainerRows(ctx);
  const problems = missingOrStopped(rows, ctx.app.containers);
  for (const name of ctx.app.containers) {
    const health = findContainer(rows, name)?.health;
    if (health === 'unhealthy') problems.push(`${name} is unhealthy`);
  }
  if (problems.length > 0) throw new ProbeError(where, problems.join('; '));
  result.checks.push(`container-list: ${ctx.app.containers.join(', ')} running`);
  return result;
};
