/**
 * Cookie parsing and the Set-Cookie lines of a login (archy-surface §1.4; attributes: guess cookie-attributes).
 */
import type { IncomingMessage } from 'node:http';
import { guess } from './guesses';

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

type FaultOn = (name: string) => boolean;
const noFault: FaultOn = () => false;

/** The cookie faults of sim/faults.ts (security block), applied to a finished Set-Cookie line. */
function withCookieFaults(line: string, fault: FaultOn): string {
  let out = line;
  const name = line.slice(0, line.indexOf('='));
  if (name === 'session' && fault('session-cookie-not-httponly')) out = out.replace(/;\s*HttpOnly/i, '');
  if ((name === 'session' || name === 'remember') && fault('cookies-samesite-none')) {
    out = /;\s*SameSite=/i.test(out) ? out.replace(/SameSite=\w+/i, 'SameSite=None') : `${out}; SameSite=None`;
  }
  if (fault('cookies-not-secure')) out = out.replace(/;\s*Secure\b/i, '');
  return out;
}

export function sessionCookies(
  session: string,
  csrf: string,
  secure: boolean,
  ttlSeconds: number,
  fault: FaultOn = noFault,
): string[] {
  const s = secure ? '; Secure' : '';
  const c = guess('cookie-attributes');
  const age = c.sessionMaxAge ? `; Max-Age=${ttlSeconds}` : '';
  return [`session=${session}; ${c.session}${age}${s}`, `csrf_token=${csrf}; ${c.csrf}${age}${s}`].map((l) =>
    withCookieFaults(l, fault),
  );
}

export function rememberCookie(token: string, secure: boolean, fault: FaultOn = noFault): string {
  const c = guess('cookie-attributes');
  return withCookieFaults(
    `remember=${token}; ${c.remember}; Max-Age=${c.rememberTtlSeconds}${secure ? '; Secure' : ''}`,
    fault,
  );
}

export function clearedCookies(secure: boolean): string[] {
  const s = secure ? '; Secure' : '';
  const c = guess('cookie-attributes');
  return [
    `session=; ${c.session}; Max-Age=0${s}`,
    `csrf_token=; ${c.csrf}; Max-Age=0${s}`,
    `remember=; ${c.remember}; Max-Age=0${s}`,
  ];
}
