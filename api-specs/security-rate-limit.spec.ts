/**
 * security-rate-limit (archy-surface §1.7): the login limiter allows 5 attempts per minute per client
 * IP; the 6th answers 429, a client rotating X-Forwarded-For is the same client, and the limit releases
 * once its window has passed. `@destructive`: it locks this runner out of logging in for a window.
 * It holds LOGIN_LOCK only: the app cells (which use the stored session, no login) run beside it; every
 * check that logs in, and every spec that restarts the daemon (it would reset the count), waits.
 * Each test starts with a login that gets through and ends with one. A limiter that never releases
 * is left closed (the daemon is not restarted beside app cells): the checks after it that need a login
 * are "blocked", and the next describe that holds every lock clears it with a daemon restart.
 * Only what §1.7 guarantees is checked: no more than 5 attempts a minute, release within about a
 * minute. Whether the sim scales the minute with its time-scale is a GUESS: the retries wait the
 * scaled window first, then sparsely up to a real minute.
 * Whether a successful login clears the count is a GUESS (§1.7 says so of the signer-login pause only):
 * it is not checked.
 */
import { randomBytes } from 'node:crypto';
import {
  test,
  expect,
  checkDetails,
  CHECKS,
  describeAnswer,
  DESTRUCTIVE,
  type RawAnswer,
  type CraftedRpc,
  type SecurityKit,
} from '../fixtures/security';
import { LOGIN_LOCK } from '../lib/cells/locks';

const ATTEMPTS_PER_WINDOW = 5;

function wrong(): string {
  return `archy-e2e-wrong-${randomBytes(6).toString('hex')}`;
}

/** Up to 6 wrong logins in a row, stopping at the first 429; each may carry its own headers. */
async function untilLimited(raw: CraftedRpc, headers: (i: number) => Record<string, string>): Promise<RawAnswer[]> {
  const answers: RawAnswer[] = [];
  for (let i = 1; i <= ATTEMPTS_PER_WINDOW + 1 && !answers.some((a) => a.status === 429); i++) {
    answers.push(
      await raw.send(
        'auth.login',
        { password: wrong() },
        { headers: headers(i), what: `wrong password, attempt ${i}` },
      ),
    );
  }
  return answers;
}

const statuses = (answers: RawAnswer[]): string => answers.map((a) => a.status).join(', ');

/**
 * Leaves the limiter open for what comes next: a login with the right password on the limiter's
 * retry schedule. Still 429 after it is the release check's finding; it is left at that.
 */
async function release(security: SecurityKit): Promise<void> {
  await security.releaseLogin('the right password, once the limit has released').catch(() => undefined);
}

test.describe('security: the login rate limit', { lock: [LOGIN_LOCK] }, () => {
  // The checks are a chain, as the app cells are (issue 13: a node's minute is spent once): the 6th-attempt
  // check leaves the limiter closed, and the release check starts from there and waits the window out.
  // Every other start is a login that got through (any earlier lock waited out): on a node where a
  // success clears the count (GUESS) it starts at 0, elsewhere at most the evidence's 5 still hold. Each
  // check still runs alone (--grep): the release check then closes the limiter itself first.
  let leftClosed = false;
  test.beforeEach(async ({ security }) => {
    const chained = leftClosed && test.info().title === CHECKS.rateLimitReleases.title;
    leftClosed = false;
    if (!chained) await security.freshLogin('a login that gets through before the attempts');
  });
  test.afterEach(async ({ security }) => security.restoreSuiteSession());

  test(CHECKS.rateLimitSixth.title, checkDetails('rateLimitSixth', DESTRUCTIVE), async ({ raw, security }) => {
    const where = security.where('rate-limit');
    let closed = false;
    try {
      const answers = await untilLimited(raw, () => ({}));
      closed = answers.at(-1)?.status === 429;
      expect(
        answers.at(-1)?.status,
        `${where}: ${answers.length} wrong logins in a row answered ${statuses(answers)}; §1.7 allows ${ATTEMPTS_PER_WINDOW} a minute, so the 6th at the latest must be 429`,
      ).toBe(429);
    } finally {
      // Closed, it is the release check's start; that check runs next in this file. Run alone, the
      // limiter opens by itself within its window (the next login of this run waits for it).
      if (closed) leftClosed = true;
      else await release(security);
    }
  });

  test(CHECKS.rateLimitReleases.title, checkDetails('rateLimitReleases', DESTRUCTIVE), async ({ raw, security }) => {
    const where = security.where('rate-limit');
    try {
      // Chained after the 6th-attempt check, the first attempt already answers 429.
      const answers = await untilLimited(raw, () => ({}));
      expect(
        answers.at(-1)?.status,
        `${where}: the limit never engaged (statuses ${statuses(answers)}), so its release cannot be shown`,
      ).toBe(429);
      // A wrong password on the retry schedule: released once it answers anything but 429.
      let after = answers.at(-1)!;
      let waited = 0;
      for (const at of security.retrySchedule) {
        await security.quiet(at - waited, 'the window passes');
        waited = at;
        after = await raw.send(
          'auth.login',
          { password: wrong() },
          { what: `a wrong password ${at} ms after the 429` },
        );
        if (after.status !== 429) break;
      }
      expect(
        after.status,
        `${where}: ${waited} ms after the 429 a login still answered ${describeAnswer(after)}; §1.7 counts per minute`,
      ).toBe(200);
    } finally {
      await release(security);
    }
  });

  test(
    CHECKS.rateLimitForwardedFor.title,
    checkDetails('rateLimitForwardedFor', DESTRUCTIVE),
    async ({ raw, security }) => {
      const where = security.where('rate-limit');
      try {
        // An attacker's every attempt claims another client address (RFC 5737 documentation range).
        const answers = await untilLimited(raw, (i) => ({
          'X-Forwarded-For': `203.0.113.${i}`,
          'X-Real-IP': `203.0.113.${i}`,
        }));
        expect(
          answers.at(-1)?.status,
          `${where}: with a new X-Forwarded-For on every attempt, ${answers.length} wrong logins answered ${statuses(answers)}; the limiter must count the peer, not a header the client writes`,
        ).toBe(429);
      } finally {
        await release(security);
      }
    },
  );
});
