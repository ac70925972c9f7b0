/**
 * A journey phase: a `test.step` whose failure message names the app, the node and the phase,
 * e.g. `[L4 lnd on sim, step "wait"] lnd on sim did not reach running …`.
 */
import { test } from '../../fixtures';

export interface PhaseContext {
  app: string;
  node: string;
}

export function phaseLabel(ctx: PhaseContext, name: string): string {
  return `[L4 ${ctx.app} on ${ctx.node}, step "${name}"]`;
}

export async function phase<T>(ctx: PhaseContext, name: string, body: () => Promise<T>): Promise<T> {
  return test.step(`${name}: ${ctx.app} on ${ctx.node}`, async () => {
    try {
      return await body();
    } catch (error) {
      if (error instanceof Error && !error.message.startsWith('[L4 '))
        error.message = `${phaseLabel(ctx, name)} ${error.message}`;
      throw error;
    }
  });
}
