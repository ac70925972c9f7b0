/**
 * One JSON-RPC request exactly as an attacker would craft it: the cookies and headers given and
 * nothing else (lib/security/raw-transport.ts: no cookie jar adds or keeps anything),
 * with the answer's status, envelope and Set-Cookie lines parsed. Cookie and token values never go
 * into step titles or messages: callers describe requests by what they are, not by their values.
 */
import { CSRF_HEADER, RPC_PATH, type StepRunner } from '../rpc/client';
import { postRaw, type WireOptions } from './raw-transport';
import { parseSetCookie, type SetCookie } from './set-cookie';

/** The three cookies of a login (archy-surface §1.4). */
export interface Credentials {
  session?: string;
  csrf?: string;
  remember?: string;
}

export interface CraftedRequest {
  /** Cookies sent, by name (`session`, `csrf_token`, `remember` or any other). An empty string is sent as `name=`. */
  cookies?: Record<string, string | undefined>;
  /** Extra headers, e.g. X-CSRF-Token, Origin, Host, X-Forwarded-For. */
  headers?: Record<string, string>;
  /** A description for the step title (no secret values). */
  what?: string;
}

export interface RawAnswer {
  status: number;
  body: unknown;
  result: unknown;
  /** `error.message` of the envelope, or null. */
  errorMessage: string | null;
  /** `error.code` of the envelope, or null. */
  errorCode: number | null;
  hasError: boolean;
  setCookies: SetCookie[];
}

export function cookieHeader(cookies: Record<string, string | undefined>): string {
  return Object.entries(cookies)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([name, value]) => `${name}=${value}`)
    .join('; ');
}

/** Cookies of a credential set, as sent by a browser that holds them. */
export function credentialCookies(c: Credentials): Record<string, string | undefined> {
  return { session: c.session, csrf_token: c.csrf, remember: c.remember };
}

/** The suite's way of sending the CSRF header (archy-surface §1.5). */
export function csrfHeader(token: string): Record<string, string> {
  return { [CSRF_HEADER]: token };
}

/** Sends JSON-RPC requests crafted exactly as given (no session, cookie jar or re-login of its own): what an attacker can send. */
export class CraftedRpc {
  constructor(
    private readonly baseUrl: string,
    private readonly step: StepRunner,
    private readonly options: WireOptions,
  ) {}

  async send(method: string, params: unknown, request: CraftedRequest = {}): Promise<RawAnswer> {
    const title = `raw ${method}${request.what ? ` (${request.what})` : ''}`;
    return this.step(title, async () => {
      const headers: Record<string, string> = { 'Content-Type': 'application/json', ...(request.headers ?? {}) };
      const cookie = cookieHeader(request.cookies ?? {});
      if (cookie) headers.Cookie = cookie;
      const data: Record<string, unknown> = { jsonrpc: '2.0', id: 1, method };
      if (params !== undefined) data.params = params;
      const response = await postRaw(this.baseUrl + RPC_PATH, JSON.stringify(data), headers, this.options);
      let body: unknown = response.text;
      try {
        body = JSON.parse(response.text) as unknown;
      } catch {
        // not JSON: keep the text
      }
      const envelope = (typeof body === 'object' && body !== null ? body : {}) as {
        result?: unknown;
        error?: { message?: unknown; code?: unknown } | null;
      };
      return {
        status: response.status,
        body,
        result: envelope.result,
        errorMessage: typeof envelope.error?.message === 'string' ? envelope.error.message : null,
        errorCode: typeof envelope.error?.code === 'number' ? envelope.error.code : null,
        hasError: envelope.error !== undefined && envelope.error !== null,
        setCookies: response.headers
          .filter(([name]) => name.toLowerCase() === 'set-cookie')
          .flatMap(([, value]) => value.split('\n'))
          .map(parseSetCookie),
      };
    });
  }
}

/** The cookie a response sets under a name, unless it clears it (empty value or Max-Age=0). */
export function issued(answer: RawAnswer, name: string): SetCookie | undefined {
  return answer.setCookies.find((c) => c.name === name && c.value !== '' && c.attributes['max-age'] !== '0');
}

/** The credentials a response hands out (login or remember-me restore). */
export function credentialsFrom(answer: RawAnswer): Credentials {
  return {
    session: issued(answer, 'session')?.value,
    csrf: issued(answer, 'csrf_token')?.value,
    remember: issued(answer, 'remember')?.value,
  };
}

/** A short, value-free account of an answer for failure messages. */
export function describeAnswer(answer: RawAnswer): string {
  const cookies = answer.setCookies.map((c) => c.name).join(', ');
  const body =
    answer.errorMessage !== null
      ? `error "${answer.errorMessage.slice(0, 120)}"`
      : answer.hasError
        ? 'an error without message'
        : `result ${JSON.stringify(answer.result ?? null).slice(0, 80)}`;
  return `HTTP ${answer.status}, ${body}${cookies ? `, Set-Cookie: ${cookies}` : ''}`;
}
