/**
 * security-remember (archy-surface §1.4): a request with no session, or a stale one, but a valid
 * remember cookie is let through and gets new session and csrf_token cookies on that response; those
 * work like a login's (the new token is bound to the new session). A forged remember cookie restores
 * nothing. Read-only: it uses the remember token of a fresh login of its own and a harmless mutation.
 */
import { randomBytes } from 'node:crypto';
import {
  test,
  expect,
  checkDetails,
  CHECKS,
  credentialsFrom,
  csrfHeader,
  describeAnswer,
  issued,
  DASHBOARD_ONLY_READ,
  HARMLESS_MUTATION,
  type Credentials,
  type RawAnswer,
  type CraftedRpc,
} from '../fixtures/security';
import { LOGIN_LOCK } from '../lib/cells/locks';

/** The session probe: authenticated, CSRF-exempt (§1.5), so a restored request can call it. */
const PROBE = 'system.get-hostname';

let remember: string | undefined;

async function rememberToken(security: { freshLogin: (what?: string) => Promise<Credentials> }): Promise<string> {
  remember ??= (await security.freshLogin('a fresh login for its remember token')).remember;
  if (!remember) throw new Error('security-remember: the fresh login set no remember cookie');
  return remember;
}

/** The restore worked: the request answered, new cookies came, and they act as a session with its CSRF token. */
async function expectRestored(raw: CraftedRpc, answer: RawAnswer, where: string, what: string): Promise<void> {
  expect(
    answer.status,
    `${where}: ${PROBE} with ${what} answered ${describeAnswer(answer)}; §1.4 restores the session`,
  ).toBe(200);
  expect(answer.hasError, `${where}: ${PROBE} with ${what} answered ${describeAnswer(answer)}`).toBe(false);
  const fresh = credentialsFrom(answer);
  expect(
    fresh.session && fresh.csrf,
    `${where}: the restore with ${what} set no new session and csrf_token cookies (${describeAnswer(answer)})`,
  ).toBeTruthy();
  // A node may rotate the remember token on a restore: keep whichever is current.
  if (fresh.remember) remember = fresh.remember;
  const alone = await raw.send(PROBE, {}, { cookies: { session: fresh.session }, what: 'the restored session alone' });
  expect(alone.status, `${where}: the restored session cookie alone answered ${describeAnswer(alone)}`).toBe(200);
  const mutation = await raw.send(HARMLESS_MUTATION.method, HARMLESS_MUTATION.params, {
    cookies: { session: fresh.session, csrf_token: fresh.csrf },
    headers: csrfHeader(fresh.csrf!),
    what: 'the restored session and its csrf_token',
  });
  expect(
    mutation.status,
    `${where}: ${HARMLESS_MUTATION.method} with the restored session and its csrf_token answered ${describeAnswer(mutation)}; expected 200 with an RPC error`,
  ).toBe(200);
}

test.describe('security: remember me', { lock: [LOGIN_LOCK] }, () => {
  test(CHECKS.rememberRestores.title, checkDetails('rememberRestores'), async ({ raw, security }) => {
    const token = await rememberToken(security);
    const answer = await raw.send(PROBE, {}, { cookies: { remember: token }, what: 'only the remember cookie' });
    await expectRestored(raw, answer, security.where('remember'), 'only the remember cookie');
  });

  test(CHECKS.rememberStaleSession.title, checkDetails('rememberStaleSession'), async ({ raw, security }) => {
    const token = await rememberToken(security);
    const stale = randomBytes(32).toString('base64url');
    const answer = await raw.send(
      PROBE,
      {},
      { cookies: { session: stale, remember: token }, what: 'a stale session and the remember cookie' },
    );
    await expectRestored(raw, answer, security.where('remember'), 'a stale session cookie and the remember cookie');
  });

  test(CHECKS.rememberForged.title, checkDetails('rememberForged'), async ({ raw, security }) => {
    const where = security.where('remember');
    for (const [what, value] of [
      ['a random remember token', randomBytes(32).toString('base64url')],
      ['an empty remember cookie', ''],
    ] as const) {
      // A protected read (§1.2), not the session probe: a 401 here says the remember token was refused.
      const answer = await raw.send(DASHBOARD_ONLY_READ, {}, { cookies: { remember: value }, what });
      expect(
        answer.status,
        `${where}: ${DASHBOARD_ONLY_READ} with ${what} answered ${describeAnswer(answer)}; expected 401`,
      ).toBe(401);
      expect(issued(answer, 'session'), `${where}: ${what} restored a session`).toBeUndefined();
    }
  });
});
