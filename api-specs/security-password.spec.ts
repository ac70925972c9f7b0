/**
 * security-password (archy-surface §1.3, §1.4): only the exact password logs in. A wrong one, the
 * password in another case, with a character more or less, and empty, missing or non-string
 * passwords all hand out no session; a wrong one answers HTTP 200 with "Password Incorrect" (§1.2,
 * §1.3). Read-only: a refused login changes nothing; every attempt passes the login limiter (§1.7),
 * waiting out its window when it answers 429.
 */
import { randomBytes } from 'node:crypto';
import { test, expect, checkDetails, CHECKS, describeAnswer, issued, type RawAnswer } from '../fixtures/security';
import { LOGIN_LOCK } from '../lib/cells/locks';

function expectNoSession(answer: RawAnswer, where: string, what: string): void {
  expect(
    answer.status,
    `${where}: auth.login with ${what} answered ${describeAnswer(answer)}; a handler error is HTTP 200 (§1.2)`,
  ).toBe(200);
  expect(
    answer.hasError,
    `${where}: auth.login with ${what} answered ${describeAnswer(answer)}; it must be refused`,
  ).toBe(true);
  expect(issued(answer, 'session'), `${where}: auth.login with ${what} handed out a session cookie`).toBeUndefined();
}

test.describe('security: the password', { lock: [LOGIN_LOCK] }, () => {
  // Not a check (whether a success clears the limiter's count is a GUESS): on a node where it does,
  // the wrong attempts here never add up to a 429 for the checks after them.
  test.afterEach(async ({ security }) => {
    await security.freshLogin('a successful login after the wrong ones');
  });

  test(CHECKS.passwordWrong.title, checkDetails('passwordWrong'), async ({ security }) => {
    const where = security.where('password');
    const answer = await security.attemptLogin(
      { password: `archy-e2e-wrong-${randomBytes(6).toString('hex')}` },
      'a wrong password',
    );
    expectNoSession(answer, where, 'a wrong password');
    expect(answer.errorMessage, `${where}: the error of a wrong password`).toBe('Password Incorrect');
  });

  test(CHECKS.passwordCase.title, checkDetails('passwordCase'), async ({ security, nodeConfig }) => {
    test.skip(
      !security.passwordHasLetters(),
      `security-password on ${nodeConfig.name}: the node's password has no letters, so another case is the same password`,
    );
    const where = security.where('password');
    const swap = (p: string): string =>
      [...p].map((c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase())).join('');
    const answer = await security.attemptPassword(swap, 'the password with every letter in the other case');
    expectNoSession(answer, where, 'the password in the other letter case');
    expect(answer.errorMessage, `${where}: the error of the password in another case`).toBe('Password Incorrect');
  });

  test(CHECKS.passwordNearMiss.title, checkDetails('passwordNearMiss'), async ({ security }) => {
    const where = security.where('password');
    // Not whitespace: the dashboard trims the password (§1.4), so a node may trim too.
    expectNoSession(
      await security.attemptPassword((p) => `${p}x`, 'the password with a character appended'),
      where,
      'the password with a character appended',
    );
    expectNoSession(
      await security.attemptPassword((p) => p.slice(0, -1), 'the password without its last character'),
      where,
      'the password without its last character',
    );
  });

  test(CHECKS.passwordMalformed.title, checkDetails('passwordMalformed'), async ({ security }) => {
    const where = security.where('password');
    const cases: [string, unknown][] = [
      ['an empty password', { password: '' }],
      ['no password parameter', {}],
      ['a password that is an array', { password: ['archy-e2e'] }],
    ];
    for (const [what, params] of cases) expectNoSession(await security.attemptLogin(params, what), where, what);
  });
});
