/**
 * Cookie parsing and the Set-Cookie lines of a login (archy-surface §1.4; attributes GUESS in sim/guesses.ts).
 */
import type { IncomingMessage } from 'node:http';
import { GUESSES } from './guesses';

export function parseCookies(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  const header = req.headers.cookie;
  if (!header) return out;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    if (!(name in out)) out[name] = decodeURIComponent(part.slice(eq + 1).trim());
  }
  return out;
}

export function sessionCookies(session: string, csrf: string, secure: boolean, ttlSeconds: number): string[] {
  const s = secure ? '; Secure' : '';
  return [`session=${session}; ${GUESSES.cookies.session}; Max-Age=${ttlSeconds}${s}`, `csrf_token=${csrf}; ${GUESSES.cookies.csrf}; Max-Age=${ttlSeconds}${s}`];
}

export function rememberCookie(token: string, secure: boolean): string {
  return `remember=${token}; ${GUESSES.cookies.remember}; Max-Age=${GUESSES.cookies.rememberTtlSeconds}${secure ? '; Secure' : ''}`;
}

export function clearedCookies(secure: boolean): string[] {
  const s = secure ? '; Secure' : '';
  return [`session=; ${GUESSES.cookies.session}; Max-Age=0${s}`, `csrf_token=; ${GUESSES.cookies.csrf}; Max-Age=0${s}`, `remember=; ${GUESSES.cookies.remember}; Max-Age=0${s}`];
}
