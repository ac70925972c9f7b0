/**
 * security-session (archy-surface §1.2) and security-unauthenticated (§1.6): a protected method answers
 * 401 to every way of not having a valid session — none, empty, malformed, unknown, another token in
 * its place — and only the unauthenticated methods answer without one. Read-only: the one mutation is
 * HARMLESS_MUTATION (an app that does not exist).
 */
import { randomBytes } from 'node:crypto';
import {
  test,
  expect,
  checkDetails,
  CHECKS,
  describeAnswer,
  issued,
  HARMLESS_MUTATION,
  DASHBOARD_ONLY_READ,
  type RawAnswer,
} from '../fixtures/security';
import { SECURITY_READER_LOCKS } from '../lib/cells/locks';

/** The protected read with the strongest evidence: archy's own tests assert 401 for auth.signer.* without a cookie (§1.2). */
const PROTECTED_READ = DASHBOARD_ONLY_READ;

function expectRefused(answer: RawAnswer, where: string, what: string): void {
  expect(
    answer.status,
    `${where}: ${PROTECTED_READ} with ${what} answered ${describeAnswer(answer)}; expected 401`,
  ).toBe(401);
  expect(issued(answer, 'session'), `${where}: the 401 to ${what} handed out a session cookie`).toBeUndefined();
}

test.describe('security: a valid session is required', { lock: [SECURITY_READER_LOCKS.session] }, () => {
  test(CHECKS.sessionMissing.title, checkDetails('sessionMissing'), async ({ raw, security }) => {
    expectRefused(await raw.send(PROTECTED_READ, {}, { what: 'no cookie' }), security.where('session'), 'no cookie');
    expectRefused(
      await raw.send(PROTECTED_READ, {}, { cookies: { theme: 'dark' }, what: 'only an unrelated cookie' }),
      security.where('session'),
      'only an unrelated cookie',
    );
  });

  test(CHECKS.sessionEmpty.title, checkDetails('sessionEmpty'), async ({ raw, security }) => {
    expectRefused(
      await raw.send(PROTECTED_READ, {}, { cookies: { session: '' }, what: 'session=' }),
      security.where('session'),
      'an empty session cookie',
    );
    expectRefused(
      await raw.send(PROTECTED_READ, {}, { cookies: { session: '""' }, what: 'session=""' }),
      security.where('session'),
      'a session cookie of two quotes',
    );
  });

  test(CHECKS.sessionMalformed.title, checkDetails('sessionMalformed'), async ({ raw, security }) => {
    const malformed: [string, string][] = [
      ['a session cookie of punctuation', '%00%27%22--%3B'],
      ['a 4 KB session cookie', 'A'.repeat(4096)],
      ['a session cookie that looks like a JSON object', '%7B%22admin%22%3Atrue%7D'],
    ];
    for (const [what, value] of malformed)
      expectRefused(
        await raw.send(PROTECTED_READ, {}, { cookies: { session: value }, what }),
        security.where('session'),
        what,
      );
  });

  test(CHECKS.sessionUnknown.title, checkDetails('sessionUnknown'), async ({ raw, security, suite }) => {
    // The same shape as a real token (base64url of 32 random bytes), and the suite's token with one character changed.
    const unknown = randomBytes(32).toString('base64url');
    expectRefused(
      await raw.send(PROTECTED_READ, {}, { cookies: { session: unknown }, what: 'a random token' }),
      security.where('session'),
      'a random session token',
    );
    if (suite.session) {
      const last = suite.session.slice(-1);
      const altered = suite.session.slice(0, -1) + (last === 'A' ? 'B' : 'A');
      expectRefused(
        await raw.send(
          PROTECTED_READ,
          {},
          { cookies: { session: altered }, what: "the suite's token with its last character changed" },
        ),
        security.where('session'),
        "the suite's session token with its last character changed",
      );
    }
  });

  test(CHECKS.sessionConfused.title, checkDetails('sessionConfused'), async ({ raw, security, suite }) => {
    const where = security.where('session');
    expect(
      suite.csrf && suite.remember,
      `${where}: the suite's stored session has no csrf_token or remember cookie to misuse`,
    ).toBeTruthy();
    for (const [name, value] of [
      ['csrf_token', suite.csrf],
      ['remember', suite.remember],
    ] as const) {
      const what = `the ${name} value as the session`;
      expectRefused(await raw.send(PROTECTED_READ, {}, { cookies: { session: value }, what }), where, `${what} cookie`);
    }
  });
});

test.describe(
  'security: only the unauthenticated methods answer without a session',
  { lock: [SECURITY_READER_LOCKS.unauthenticated] },
  () => {
    test(CHECKS.unauthAnswer.title, checkDetails('unauthAnswer'), async ({ raw, security }) => {
      const where = security.where('unauthenticated');
      for (const method of ['health', 'auth.isSetup', 'auth.isOnboardingComplete']) {
        const answer = await raw.send(method, method === 'health' ? undefined : {}, { what: 'no cookie' });
        expect(
          answer.status,
          `${where}: ${method} without a cookie answered ${describeAnswer(answer)}; §1.6 lists it as unauthenticated`,
        ).toBe(200);
        expect(
          issued(answer, 'session'),
          `${where}: ${method} without a cookie handed out a session cookie`,
        ).toBeUndefined();
        if (method === 'health')
          expect(answer.result, `${where}: health without a cookie must answer a truthy result (§1.1)`).toBeTruthy();
        // §1.8: the login page asks auth.isSetup on mount; a node the suite logs in to is set up.
        if (method === 'auth.isSetup')
          expect(answer.result, `${where}: auth.isSetup on a set-up node answered ${describeAnswer(answer)}`).toBe(
            true,
          );
      }
    });

    test(CHECKS.protectedRefuse.title, checkDetails('protectedRefuse'), async ({ raw, security }) => {
      const where = security.where('unauthenticated');
      const reads: [string, unknown][] = [
        ['server.get-state', {}],
        ['system.get-hostname', {}],
        [DASHBOARD_ONLY_READ, {}],
      ];
      const refusedRead: string[] = [];
      for (const [method, params] of reads) {
        const answer = await raw.send(method, params, { what: 'no cookie' });
        if (answer.status !== 401) refusedRead.push(`${method}: ${describeAnswer(answer)}`);
      }
      expect(refusedRead, `${where}: protected methods answered an anonymous call other than 401`).toEqual([]);
      // A mutation without a session: 401 (§1.2); a node that checks CSRF first refuses it with 403, which refuses it too.
      const mutation = await raw.send(HARMLESS_MUTATION.method, HARMLESS_MUTATION.params, { what: 'no cookie' });
      expect(
        [401, 403],
        `${where}: ${HARMLESS_MUTATION.method} without a cookie answered ${describeAnswer(mutation)}`,
      ).toContain(mutation.status);
    });
  },
);
