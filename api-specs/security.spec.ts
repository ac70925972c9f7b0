/**
 * L1 security of the archy RPC (archy-surface.md §1.2–1.7): no session → 401, no CSRF token → 403,
 * a wrong password → "Password Incorrect" and no session cookie, the login rate limit → 429, and
 * `health` without auth. Read-only on a real node, except the rate limit (`@destructive`: it locks
 * this runner out of logging in for a minute).
 */
import { apiTest as test, DESTRUCTIVE, expect, layer, scaledBudget, SECURITY } from '../fixtures';
import { attemptLogin, wrongPassword } from '../lib/rpc/login-attempt';
import { anonymousRpc, newBareContext } from '../lib/rpc/bare-request';

const TAGS = [layer(1), SECURITY];
/** A mutating call that changes nothing even if the node wrongly accepts it: the app does not exist. */
const HARMLESS_MUTATION = { method: 'package.start', params: { id: 'archy-e2e-no-such-app' } };
const LOGIN_LIMIT_PER_MINUTE = 5;

test.describe('security', () => {
  test('protected method without a session answers 401', { tag: TAGS }, async ({ playwright, nodeConfig, ignoreHTTPSErrors }) => {
    const bare = await newBareContext(playwright, ignoreHTTPSErrors);
    const answer = await anonymousRpc(bare, nodeConfig.baseUrl, 'server.get-state', {}).finally(() => bare.dispose());
    expect(answer.status, `[node ${nodeConfig.name}] security: server.get-state without a session answered ${answer.status}: ${JSON.stringify(answer.body).slice(0, 160)}`).toBe(401);
  });

  test('mutating method without the CSRF header answers 403', { tag: TAGS }, async ({ rpc, nodeConfig }) => {
    const answer = await rpc.raw(HARMLESS_MUTATION.method, HARMLESS_MUTATION.params, { csrf: false });
    expect(answer.status, `[node ${nodeConfig.name}] security: ${HARMLESS_MUTATION.method} with session but no X-CSRF-Token answered ${answer.status}: ${JSON.stringify(answer.body).slice(0, 160)}`).toBe(403);
  });

  test('the same call with the CSRF header is let through', { tag: TAGS }, async ({ rpc, nodeConfig }) => {
    const answer = await rpc.raw(HARMLESS_MUTATION.method, HARMLESS_MUTATION.params);
    expect(answer.status, `[node ${nodeConfig.name}] security: ${HARMLESS_MUTATION.method} with session and CSRF answered ${answer.status} (expected 200 with an RPC error)`).toBe(200);
    expect((answer.body as { error?: unknown }).error, `[node ${nodeConfig.name}] security: starting a missing app must be an RPC error`).toBeTruthy();
  });

  test('wrong password answers "Password Incorrect" and sets no session cookie', { tag: TAGS }, async ({ playwright, nodeConfig, ignoreHTTPSErrors, rpc }) => {
    const bare = await newBareContext(playwright, ignoreHTTPSErrors);
    try {
      const attempt = await attemptLogin(bare, nodeConfig.baseUrl, wrongPassword());
      const where = `[node ${nodeConfig.name}] security: wrong password`;
      expect(attempt.status, `${where} answered HTTP ${attempt.status}`).toBe(200);
      expect(attempt.errorMessage, `${where}: error message`).toBe('Password Incorrect');
      expect(attempt.setsSessionCookie, `${where} handed out a session cookie (cookies: ${attempt.cookieNames.join(', ')})`).toBe(false);
    } finally {
      await bare.dispose();
      // A successful login clears the failed-attempt count, so repeated runs never lock this runner out.
      await rpc.login();
    }
  });

  test('health answers without auth', { tag: TAGS }, async ({ playwright, nodeConfig, ignoreHTTPSErrors }) => {
    const bare = await newBareContext(playwright, ignoreHTTPSErrors);
    const answer = await anonymousRpc(bare, nodeConfig.baseUrl, 'health').finally(() => bare.dispose());
    expect(answer.status, `[node ${nodeConfig.name}] security: health without auth answered ${answer.status}`).toBe(200);
    expect((answer.body as { result?: unknown }).result, `[node ${nodeConfig.name}] security: health result is truthy`).toBeTruthy();
  });

  test('the login rate limit answers 429', { tag: [...TAGS, DESTRUCTIVE] }, async ({ playwright, nodeConfig, ignoreHTTPSErrors, rpc }) => {
    const bare = await newBareContext(playwright, ignoreHTTPSErrors);
    const statuses: number[] = [];
    try {
      for (let i = 0; i <= LOGIN_LIMIT_PER_MINUTE + 1 && !statuses.includes(429); i++) {
        statuses.push((await attemptLogin(bare, nodeConfig.baseUrl, wrongPassword())).status);
      }
    } finally {
      await bare.dispose();
    }
    expect(statuses, `[node ${nodeConfig.name}] security: ${statuses.length} wrong logins in a row answered ${statuses.join(', ')}; expected a 429 within ${LOGIN_LIMIT_PER_MINUTE + 2}`).toContain(429);
    // Leave the node as found: the limit must release by itself (1 min on a real node, scaled on the sim),
    // so that the tests after this one can log in. A successful login also clears the count.
    const releaseMs = scaledBudget(90_000, nodeConfig.timeScale);
    await expect
      .poll(async () => rpc.login().then(() => true, () => false), {
        message: `[node ${nodeConfig.name}] security: the login limit did not release within ${releaseMs} ms`,
        timeout: releaseMs,
        intervals: [500, 1_000, 2_000, 15_000],
      })
      .toBe(true);
  });
});
