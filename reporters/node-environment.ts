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
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) flatten(prefix ? `${prefix}.${k}` : k, v, out);
    return;
  }
  const leaf = prefix.split('.').pop() ?? prefix;
  if (SECRET_KEY.test(leaf)) return;
  out[prefix] = Array.isArray(value) ? value.map(String).join(', ') : String(value);
}

export function nodeEnvironment(node: string, envFile: string): Record<string, string> {
  const facts: Record<string, string> = { node };
  if (!existsSync(envFile)) return facts;
  try {
    flatten('', JSON.parse(readFileSync(envFile, 'utf8')), facts);
  } catch (error) {
    facts['env-file-error'] = `${envFile}: ${(error as Error).message}`;
  }
  return facts;
}
