/**
 * security-cookies (archy-surface §1.4; OWASP ASVS V3.4 where §1.4 marks the attributes a GUESS): the
 * Set-Cookie lines of one fresh password login. Only what the evidence or the standard requires is
 * checked: HttpOnly on session and remember, SameSite Strict or Lax (both meet ASVS), Secure over https,
 * a Path that reaches /rpc/v1. The csrf_token cookie's HttpOnly, Max-Age/Expires values and the exact
 * SameSite value are left to the node. Read-only: the logins are fresh sessions of their own.
 * Secure is judged only where the node is reached over https (§1.4: `secure_suffix` when served over
 * https): a node served over http is not covered, with that reason. No check fakes a transport with a
 * forwarded header: nginx in front of a real node overwrites X-Forwarded-Proto, so what the backend
 * does with it says nothing about the cookies a browser gets.
 */
import {
  test,
  expect,
  checkDetails,
  CHECKS,
  describeAnswer,
  issued,
  pathMatches,
  type RawAnswer,
} from '../fixtures/security';
import { policyNote, skipNotCovered } from '../fixtures';
import { LOGIN_LOCK } from '../lib/cells/locks';

const AUTH_COOKIES = ['session', 'csrf_token', 'remember'] as const;
const SECRET_COOKIES = ['session', 'remember'] as const;

test.describe('security: cookie attributes', { lock: [LOGIN_LOCK] }, () => {
  let login: RawAnswer | undefined;
  /** One login per worker for every attribute check. */
  async function loginAnswer(security: {
    attemptPassword: (
      alter: (p: string) => unknown,
      what: string,
      headers?: Record<string, string>,
    ) => Promise<RawAnswer>;
  }): Promise<RawAnswer> {
    login ??= await security.attemptPassword((p) => p, 'a fresh login to read its Set-Cookie lines');
    return login;
  }

  test(CHECKS.cookiesIssued.title, checkDetails('cookiesIssued'), async ({ security }) => {
    const answer = await loginAnswer(security);
    const where = security.where('cookies');
    expect(answer.status, `${where}: the login answered ${describeAnswer(answer)}`).toBe(200);
    for (const name of AUTH_COOKIES)
      expect(
        issued(answer, name),
        `${where}: the login did not set the ${name} cookie (${describeAnswer(answer)})`,
      ).toBeDefined();
  });

  test(CHECKS.cookiesHttpOnly.title, checkDetails('cookiesHttpOnly'), async ({ security }) => {
    const answer = await loginAnswer(security);
    const where = security.where('cookies');
    for (const name of SECRET_COOKIES)
      expect(
        issued(answer, name)?.attributes.httponly,
        `${where}: the ${name} cookie is not HttpOnly (a script on the page could read it)`,
      ).toBe(true);
  });

  test(CHECKS.cookiesSameSite.title, checkDetails('cookiesSameSite'), async ({ security }) => {
    const answer = await loginAnswer(security);
    const where = security.where('cookies');
    for (const name of SECRET_COOKIES) {
      const sameSite = issued(answer, name)?.attributes.samesite;
      expect(
        typeof sameSite === 'string' ? sameSite.toLowerCase() : String(sameSite),
        `${where}: the ${name} cookie has SameSite=${String(sameSite)}; ASVS V3.4.3 needs Strict or Lax`,
      ).toMatch(/^(strict|lax)$/);
    }
  });

  test(CHECKS.cookiesSecure.title, checkDetails('cookiesSecure'), async ({ security, nodeConfig }, testInfo) => {
    if (new URL(nodeConfig.baseUrl).protocol !== 'https:')
      skipNotCovered(testInfo, policyNote(nodeConfig.name, 'node served over http'));
    const answer = await loginAnswer(security);
    const where = security.where('cookies');
    expect(answer.status, `${where}: the login answered ${describeAnswer(answer)}`).toBe(200);
    for (const name of AUTH_COOKIES)
      expect(issued(answer, name)?.attributes.secure, `${where}: over https the ${name} cookie is not Secure`).toBe(
        true,
      );
  });

  test(CHECKS.cookiesPath.title, checkDetails('cookiesPath'), async ({ security }) => {
    const answer = await loginAnswer(security);
    const where = security.where('cookies');
    for (const name of AUTH_COOKIES) {
      const path = issued(answer, name)?.attributes.path;
      expect(
        pathMatches(path, '/rpc/v1'),
        `${where}: the ${name} cookie has Path=${String(path)}, so a browser does not send it to /rpc/v1`,
      ).toBe(true);
    }
  });
});
