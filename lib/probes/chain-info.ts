/** The chain fields the probes compare, read from `bitcoin.getinfo` / `getblockchaininfo`. */
import { z } from 'zod';

export const ChainInfoSchema = z.looseObject({
  chain: z.string().min(1),
  blocks: z.number().int().nonnegative(),
  headers: z.number().int().nonnegative(),
});
export type ChainFields = z.infer<typeof ChainInfoSchema>;

/** Parses, or returns a reason naming the offending fields. */
export function readChainInfo(value: unknown): { ok: true; info: ChainFields } | { ok: false; failure: string } {
  const parsed = ChainInfoSchema.safeParse(value);
  if (parsed.success) return { ok: true, info: parsed.data };
  const fields = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
  return { ok: false, failure: `unexpected shape (${fields}) in ${JSON.stringify(value).slice(0, 160)}` };
}
