/**
 * security-rate-limit (archy-surface §1.7): the login limiter allows 5 attempts per minute per client
 * IP; the 6th answers 429, a client rotating X-Forwarded-For is the same client, and the limit releases
 * once its window has passed. `@destructive`: it locks this runner out of logging in for a window.
 * Each test starts after a quiet window (earlier logins of the run must not count) and ends with a
 * login that works; on the sim, a limiter that never releases is cleared by a daemon restart so the
 * node is left usable (the test still fails).
 * Whether a successful login clears the count is a GUESS (§1.7 says so of the signer-login pause only):
 * it is not checked.
 */
import { randomBytes } from 'node:crypto';
import { test, expect, checkDetails, CHECKS, describeAnswer, DESTRUCTIVE, type NodeControl, type RawAnswer, type SecurityKit } from '../fixtures/security';

const ATTEMPTS_PER_WINDOW = 5;

function wrong(): string {
  return `archy-e2e-wrong-${randomBytes(6).toString('hex')}`;
}

/** Attempts 1–5 with a wrong password, then the 6th; each may carry its own headers. */
async function sixAttempts(raw: { send: (m: string, p: unknown, r: object) => Promise<RawAnswer> }, headers: (i: number) => Record<string, string>): Promise<RawAnswer[]> {
  const answers: RawAnswer[] = [];
  for (let i = 1; i <= ATTEMPTS_PER_WINDOW + 1; i++) answers.push(await raw.send('auth.login', { password: wrong() }, { headers: headers(i), what: `wrong password, attempt ${i}` }));
  return answers;
}

/** Leaves the node usable: after a quiet window a login must work; on the sim a restart clears a stuck limiter. */
async function release(security: SecurityKit, control: NodeControl | undefined): Promise<boolean> {
  await security.quiet(security.loginWindowMs + Math.max(500, security.loginWindowMs * 0.2), 'let the login limit release');
  const answer = await security.attemptPassword((p) => p, 'the right password: does the limiter still refuse?').catch(() => undefined);
  const released = answer !== undefined && answer.status !== 429;
  if (!released && control) {
    const triggeredAt = Date.now();
    await control.daemonRestart();
    await security.waitDaemonBack(control, triggeredAt);
  }
  return released;
}

test.describe('security: the login rate limit', () => {
  test.describe.configure({ mode: 'default' });
  test.beforeEach(async ({ security }) => security.quiet(security.loginWindowMs + Math.max(500, security.loginWindowMs * 0.2), 'earlier logins of this run must not count'));
  test.afterEach(async ({ security }) => security.restoreSuiteSession());

  test(CHECKS.rateLimitSixth.title, checkDetails('rateLimitSixth', DESTRUCTIVE), async ({ raw, security, control }) => {
    const where = security.where('rate-limit');
    try {
      const answers = await sixAttempts(raw, () => ({}));
      const statuses = answers.map((a) => a.status);
      expect(statuses.slice(0, ATTEMPTS_PER_WINDOW), `${where}: the first ${ATTEMPTS_PER_WINDOW} wrong logins answered ${statuses.join(', ')}; §1.7 allows ${ATTEMPTS_PER_WINDOW} a minute`).not.toContain(429);
      expect(answers[ATTEMPTS_PER_WINDOW].status, `${where}: the 6th wrong login within the window answered ${describeAnswer(answers[ATTEMPTS_PER_WINDOW])}; expected 429 (statuses ${statuses.join(', ')})`).toBe(429);
    } finally {
      await release(security, control);
    }
  });

  test(CHECKS.rateLimitReleases.title, checkDetails('rateLimitReleases', DESTRUCTIVE), async ({ raw, security, control }) => {
    const where = security.where('rate-limit');
    let released = true;
    try {
      const answers = await sixAttempts(raw, () => ({}));
      expect(answers.at(-1)?.status, `${where}: the limit never engaged (statuses ${answers.map((a) => a.status).join(', ')}), so its release cannot be shown`).toBe(429);
      await security.quiet(security.loginWindowMs + Math.max(500, security.loginWindowMs * 0.2), 'the window passes');
      const after = await raw.send('auth.login', { password: wrong() }, { what: 'a wrong password once the window has passed' });
      released = after.status !== 429;
      expect(after.status, `${where}: ${security.loginWindowMs} ms after the 6th attempt a login still answered ${describeAnswer(after)}; §1.7 counts per minute`).toBe(200);
    } finally {
      if (!released) await release(security, control);
    }
  });

  test(CHECKS.rateLimitForwardedFor.title, checkDetails('rateLimitForwardedFor', DESTRUCTIVE), async ({ raw, security, control }) => {
    const where = security.where('rate-limit');
    try {
      // An attacker's every attempt claims another client address (RFC 5737 documentation range).
      const answers = await sixAttempts(raw, (i) => ({ 'X-Forwarded-For': `203.0.113.${i}`, 'X-Real-IP': `203.0.113.${i}` }));
      const statuses = answers.map((a) => a.status);
      expect(answers[ATTEMPTS_PER_WINDOW].status, `${where}: with a new X-Forwarded-For on every attempt the 6th wrong login answered ${describeAnswer(answers[ATTEMPTS_PER_WINDOW])} (statuses ${statuses.join(', ')}); the limiter must count the peer, not a header the client writes`).toBe(429);
    } finally {
      await release(security, control);
    }
  });
});
