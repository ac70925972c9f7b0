/**
 * One bounded GET/POST through a Playwright request context, turning transport failures
 * (connection refused, timeout, TLS) into a short text instead of a stack trace.
 */
import type { APIRequestContext } from '@playwright/test';

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
  data?: unknown;
}

function shortTransportError(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const code =
    /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|socket hang up|Timeout \d+ms exceeded|self[- ]signed|certificate/i.exec(
      text,
    );
  return code ? `connection failed (${code[0]})` : `request failed (${text.split('\n')[0].slice(0, 160)})`;
}

export async function httpFetch(request: APIRequestContext, url: string, options: HttpOptions): Promise<HttpOutcome> {
  try {
    const response = await request.fetch(url, {
      method: options.method ?? 'GET',
      timeout: options.timeoutMs,
      headers: options.headers,
      data: options.data,
      maxRedirects: 5,
      failOnStatusCode: false,
    });
    return {
      ok: true,
      answer: { status: response.status(), body: await response.text(), headers: response.headers() },
    };
  } catch (error) {
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
