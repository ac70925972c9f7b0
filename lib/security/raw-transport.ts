/**
 * The wire under lib/security/raw-rpc.ts: one HTTP(S) POST through node:http, with exactly the
 * headers given — Host and Cookie included, which fetch() would not let a caller set — and no cookie
 * jar, redirect following or retry. Each request gets a connection of its own (no keep-alive), as a
 * fresh client's would be. Not traced by Playwright: the crafted requests show in a test as its steps
 * (their titles name what was sent, never a secret value).
 */
import http from 'node:http';
import https from 'node:https';

export interface WireAnswer {
  status: number;
  /** Response headers as sent, one entry per line (several Set-Cookie lines stay apart). */
  headers: [string, string][];
  text: string;
}

export interface WireOptions {
  timeoutMs: number;
  /** Accept a certificate no CA vouches for (real nodes use a per-node CA; the preflight pins it). */
  ignoreHTTPSErrors: boolean;
}

export class WireError extends Error {
  override name = 'WireError';
}

export function postRaw(
  url: string,
  body: string,
  headers: Record<string, string>,
  options: WireOptions,
): Promise<WireAnswer> {
  const target = new URL(url);
  const client = target.protocol === 'https:' ? https : http;
  return new Promise<WireAnswer>((resolve, reject) => {
    const request = client.request(
      target,
      {
        method: 'POST',
        headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) },
        agent: false,
        rejectUnauthorized: !options.ignoreHTTPSErrors,
        timeout: options.timeoutMs,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', (error) => reject(new WireError(`POST ${url}: the answer broke off (${error.message})`)));
        response.on('end', () => {
          const raw = response.rawHeaders;
          const pairs: [string, string][] = [];
          for (let i = 0; i + 1 < raw.length; i += 2) pairs.push([raw[i]!, raw[i + 1]!]);
          resolve({ status: response.statusCode ?? 0, headers: pairs, text: Buffer.concat(chunks).toString('utf8') });
        });
      },
    );
    request.on('timeout', () =>
      request.destroy(new WireError(`POST ${url}: no answer within ${options.timeoutMs} ms`)),
    );
    request.on('error', (error) =>
      reject(error instanceof WireError ? error : new WireError(`POST ${url}: ${error.message}`)),
    );
    request.end(body);
  });
}
