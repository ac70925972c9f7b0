/** Where the secrets-run specs leave the cookie values they saw, for tests/secrets.test.ts to grep for. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export function secretsProbeFile(baseUrl: string): string {
  return path.join(tmpdir(), `archy-secrets-probe-${new URL(baseUrl).port}.json`);
}

export function recordSecrets(baseUrl: string, values: string[]): void {
  const file = secretsProbeFile(baseUrl);
  const seen = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as string[]) : [];
  writeFileSync(file, JSON.stringify([...new Set([...seen, ...values])]), { mode: 0o600 });
}
