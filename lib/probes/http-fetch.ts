/**
 * One bounded GET/POST of a probe through the suite's one client (lib/http/client.ts: the node's
 * pinned root, keep-alive), with the node's session cookies, following up to 5 redirects on the
 * node's own host. Transport failures (connection refused, timeout) become a short text instead of a
 * stack trace; a changed identity is not a probe's failure but the run's stop, and is thrown.
 */
import { nodeRequest, type NodeHttp } from '../http/client';
import { identityErrorIn } from '../http/pin';

export interface HttpAnswer {
  status: number;
  body: string;
  headers: Record<string, string>;
}

export type HttpOutcome = { ok: true; answer: HttpAnswer } | { ok: false; failure: string };

export interface HttpOptions {
  method?: 'GET' | 'POST';
  timeoutMs: number;
  headers?: Record<string, string>;
  /** A body: a string as it is, anything else as JSON (with Content-Type: application/json unless set). */
  data?: unknown;
}

const MAX_REDIRECTS = 5;

function shortTransportError(error: unknown): string {
  const parts: string[] = [];
  for (let e = error as { code?: unknown; message?: unknown; cause?: unknown } | undefined, i = 0; e && i < 4; i++) {
    parts.push(`${typeof e.code === 'string' ? e.code : ''} ${String(e.message ?? e)}`);
    e = e.cause as typeof e;
  }
  const text = parts.join(' | ');
  const code =
    /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|UND_ERR_[A-Z_]+|other side closed|socket hang up|no answer within \d+ ms|self[- ]signed|certificate/i.exec(
      text,
    );
  return code ? `connection failed (${code[0]})` : `request failed (${text.trim().split('\n')[0].slice(0, 160)})`;
}

/** Joined headers: one entry per name, repeated values comma-separated (set-cookie by newline), as Playwright's headers(). */
function headerRecord(lines: [string, string][]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of lines) {
    const key = name.toLowerCase();
    out[key] = key in out ? `${out[key]}${key === 'set-cookie' ? '\n' : ', '}${value}` : value;
  }
  return out;
}

function redirectTarget(from: string, answer: HttpAnswer): string | null {
  if (![301, 302, 303, 307, 308].includes(answer.status) || !answer.headers.location) return null;
  const next = new URL(answer.headers.location, from);
  // only on the node's own host: the node's client and session are for it alone
  return next.hostname === new URL(from).hostname ? next.toString() : null;
}

export async function httpFetch(http: NodeHttp, url: string, options: HttpOptions): Promise<HttpOutcome> {
  let method = options.method ?? 'GET';
  const json = options.data !== undefined && typeof options.data !== 'string';
  let body = json ? JSON.stringify(options.data) : (options.data as string | undefined);
  const deadline = Date.now() + options.timeoutMs;
  try {
    for (let hop = 0; ; hop++) {
      const headers: Record<string, string> = { ...options.headers };
      if (json && body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type'))
        headers['content-type'] = 'application/json';
      const cookie = await http.cookieHeader(url);
      if (cookie) headers.cookie = cookie;
      const raw = await nodeRequest(http.target, url, {
        method,
        headers,
        body,
        timeoutMs: Math.max(1, deadline - Date.now()),
      });
      const answer = { status: raw.status, body: raw.text, headers: headerRecord(raw.headers) };
      const next = hop < MAX_REDIRECTS ? redirectTarget(url, answer) : null;
      if (!next) return { ok: true, answer };
      url = next;
      if (answer.status === 303 || ((answer.status === 301 || answer.status === 302) && method === 'POST')) {
        method = 'GET';
        body = undefined;
      }
    }
  } catch (error) {
    const stop = identityErrorIn(error);
    if (stop) throw stop;
    return { ok: false, failure: shortTransportError(error) };
  }
}

/** Parses a JSON body or returns null. */
export function jsonBody(answer: HttpAnswer): unknown {
  try {
    return JSON.parse(answer.body) as unknown;
  } catch {
    return null;
  }
}
