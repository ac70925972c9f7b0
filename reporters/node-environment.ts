/**
 * The node's facts (written by the suite's setup project to `reports/env/<node>.json`) as flat
 * string pairs for Allure's environment widget. Secrets never get there: the setup project writes
 * only public facts, and keys that look secret are dropped here as a second guard.
 */
import { existsSync, readFileSync } from 'node:fs';

const SECRET_KEY = /pass(word)?|secret|token|cookie|csrf|session|key$/i;

function flatten(prefix: string, value: unknown, out: Record<string, string>): void {
  if (value === null || value === undefined) return;
  if (typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value as Record<string, unknown>))
      flatten(prefix ? `${prefix}.${k}` : k, v, out);
    return;
  }
  const leaf = prefix.split('.').pop() ?? prefix;
  if (SECRET_KEY.test(leaf)) return;
  out[prefix] = Array.isArray(value) ? value.map(String).join(', ') : String(value);
}

/** The sim's variant and each choice (guess ids such as cookie-attributes are not secrets: no key filter). */
function variantFacts(v: unknown): Record<string, string> {
  if (v === null || typeof v !== 'object') return {};
  const { spec, choices, differs } = v as { spec?: unknown; choices?: unknown; differs?: unknown };
  const out: Record<string, string> = {};
  if (typeof spec === 'string') out['sim.variant'] = spec;
  if (Array.isArray(differs))
    out['sim.variant.differs'] = differs.length ? differs.map(String).join(', ') : '(none: the default sim)';
  if (choices && typeof choices === 'object')
    for (const [id, c] of Object.entries(choices as Record<string, unknown>)) out[`sim.guess.${id}`] = String(c);
  return out;
}

export function nodeEnvironment(node: string, envFile: string): Record<string, string> {
  const facts: Record<string, string> = { node };
  if (!existsSync(envFile)) return facts;
  try {
    const parsed = JSON.parse(readFileSync(envFile, 'utf8')) as Record<string, unknown>;
    const { simVariant, ...rest } = parsed;
    flatten('', rest, facts);
    Object.assign(facts, variantFacts(simVariant));
  } catch (error) {
    facts['env-file-error'] = `${envFile}: ${(error as Error).message}`;
  }
  return facts;
}
