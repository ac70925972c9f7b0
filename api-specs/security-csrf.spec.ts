/**
 * security-csrf (archy-surface §1.5, §1.4): a mutating call with the session must carry the
 * X-CSRF-Token of that session — not missing, empty, wrong, altered, another session's, nor a forged
 * cookie+header pair — while the session probe (a CSRF-exempt read) needs none. Read-only: every
 * mutation is HARMLESS_MUTATION (an app that does not exist); the other session is a fresh login.
 */
import { randomBytes } from 'node:crypto';
import {
  test,
  expect,
  checkDetails,
  CHECKS,
  csrfHeader,
  describeAnswer,
  HARMLESS_MUTATION,
  type Credentials,
  type RawAnswer,
  type CraftedRpc,
} from '../fixtures/security';
import { LOGIN_LOCK } from '../lib/cells/locks';

const { method, params } = HARMLESS_MUTATION;

function expect403(answer: RawAnswer, where: string, what: string): void {
  expect(
    answer.status,
    `${where}: ${method} with the session and ${what} answered ${describeAnswer(answer)}; expected 403`,
  ).toBe(403);
}

/** A mutating request an attacker might craft: the cookies it carries and its X-CSRF-Token, if any. */
interface Forgery {
  /** The request's label in the exchange log. */
  what: string;
  /** What it carried, as the failure message says it. */
  carried: string;
  cookies: Record<string, string | undefined>;
  /** The X-CSRF-Token header's value; no header when absent. */
  token?: string;
}

/** Sends each forgery in turn (HARMLESS_MUTATION) and expects each to be refused with 403. */
async function expectRefused(raw: CraftedRpc, where: string, forgeries: Forgery[]): Promise<void> {
  for (const { what, carried, cookies, token } of forgeries) {
    const headers = token === undefined ? {} : { headers: csrfHeader(token) };
    expect403(await raw.send(method, params, { cookies, ...headers, what }), where, carried);
  }
}

function sessionOf(suite: Credentials, where: string): { session: string; csrf_token: string } {
  if (!suite.session || !suite.csrf)
    throw new Error(`${where}: the suite's stored session has no session or csrf_token cookie`);
  return { session: suite.session, csrf_token: suite.csrf };
}

test.describe('security: CSRF', { lock: [LOGIN_LOCK] }, () => {
  test(CHECKS.csrfMissing.title, checkDetails('csrfMissing'), async ({ raw, suite, security }) => {
    const where = security.where('csrf');
    const cookies = sessionOf(suite, where);
    // The browser sends the csrf_token cookie by itself; a forged request cannot add the header.
    await expectRefused(raw, where, [
      { what: 'cookies only, no header', carried: 'both cookies but no X-CSRF-Token', cookies },
      { what: 'session cookie only', carried: 'only the session cookie', cookies: { session: cookies.session } },
    ]);
  });

  test(CHECKS.csrfEmpty.title, checkDetails('csrfEmpty'), async ({ raw, suite, security }) => {
    const where = security.where('csrf');
    const cookies = sessionOf(suite, where);
    await expectRefused(raw, where, [
      { what: 'empty header', carried: 'an empty X-CSRF-Token', cookies, token: '' },
      {
        what: 'empty header and empty cookie',
        carried: 'an empty X-CSRF-Token and an empty csrf_token cookie',
        cookies: { ...cookies, csrf_token: '' },
        token: '',
      },
    ]);
  });

  test(CHECKS.csrfWrong.title, checkDetails('csrfWrong'), async ({ raw, suite, security }) => {
    const where = security.where('csrf');
    await expectRefused(raw, where, [
      {
        what: 'a random header',
        carried: 'a random X-CSRF-Token',
        cookies: sessionOf(suite, where),
        token: randomBytes(32).toString('base64url'),
      },
    ]);
  });

  test(CHECKS.csrfMalformed.title, checkDetails('csrfMalformed'), async ({ raw, suite, security }) => {
    const where = security.where('csrf');
    const cookies = sessionOf(suite, where);
    const token = cookies.csrf_token;
    const last = token.slice(-1);
    const variants: [string, string][] = [
      ['the token with its last character changed', token.slice(0, -1) + (last === 'A' ? 'B' : 'A')],
      ['the token without its last character', token.slice(0, -1)],
      ['the token with a character appended', `${token}A`],
      ['the token in upper case', token.toUpperCase() === token ? token.toLowerCase() : token.toUpperCase()],
    ];
    await expectRefused(
      raw,
      where,
      variants
        .filter(([, value]) => value !== token)
        .map(([what, value]) => ({ what, carried: what, cookies, token: value })),
    );
  });

  test(CHECKS.csrfOtherSession.title, checkDetails('csrfOtherSession'), async ({ raw, suite, security }) => {
    const where = security.where('csrf');
    const other = await security.freshLogin('a second session');
    const mine = sessionOf(suite, where);
    await expectRefused(raw, where, [
      // The attacker's own session's token, in the cookie and the header, beside the victim's session cookie.
      {
        what: "another session's csrf_token",
        carried: "another session's csrf_token as cookie and header",
        cookies: { session: mine.session, csrf_token: other.csrf },
        token: other.csrf!,
      },
      {
        what: "another session's token in the header",
        carried: "another session's token in the header",
        cookies: mine,
        token: other.csrf!,
      },
    ]);
  });

  test(CHECKS.csrfForgedPair.title, checkDetails('csrfForgedPair'), async ({ raw, suite, security }) => {
    const where = security.where('csrf');
    const forged = randomBytes(32).toString('base64url');
    await expectRefused(raw, where, [
      {
        what: 'a forged cookie with the same header',
        carried: 'a forged csrf_token cookie and the same value in the header',
        cookies: { session: sessionOf(suite, where).session, csrf_token: forged },
        token: forged,
      },
    ]);
  });

  test(CHECKS.csrfValid.title, checkDetails('csrfValid'), async ({ raw, suite, security }) => {
    const where = security.where('csrf');
    const cookies = sessionOf(suite, where);
    const answer = await raw.send(method, params, {
      cookies,
      headers: csrfHeader(cookies.csrf_token),
      what: 'the matching header',
    });
    expect(
      answer.status,
      `${where}: ${method} with the session and its X-CSRF-Token answered ${describeAnswer(answer)}; expected 200 with an RPC error`,
    ).toBe(200);
    expect(
      answer.hasError,
      `${where}: starting an app that does not exist must be an RPC error (${describeAnswer(answer)})`,
    ).toBe(true);
  });

  test(CHECKS.csrfExemptRead.title, checkDetails('csrfExemptRead'), async ({ raw, suite, security }) => {
    const where = security.where('csrf');
    const answer = await raw.send('system.get-hostname', {}, { cookies: sessionOf(suite, where), what: 'no header' });
    expect(
      answer.status,
      `${where}: system.get-hostname with the session and no X-CSRF-Token answered ${describeAnswer(answer)}; §1.5 exempts it`,
    ).toBe(200);
    expect(answer.hasError, `${where}: system.get-hostname answered ${describeAnswer(answer)}`).toBe(false);
  });
});
