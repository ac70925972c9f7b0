/**
 * security-logout and security-restart (archy-surface §1.4; OWASP ASVS V3.3.1): a logout ends the
 * session and the remember token on the server, so replaying their cookies gets 401 — also after a
 * daemon restart, while a live session survives one (sessions persist in sessions.json).
 * `@destructive`: these end sessions (always fresh logins of their own, never the suite's) and restart
 * the daemon; each ends by making sure the suite's own session answers. The two restart checks share
 * one daemon restart per repetition (sharedRestart).
 */
import {
  test,
  expect,
  checkDetails,
  CHECKS,
  credentialCookies,
  csrfHeader,
  describeAnswer,
  issued,
  DASHBOARD_ONLY_READ,
  DESTRUCTIVE,
  type Credentials,
  type CraftedRpc,
  type SecurityKit,
} from '../fixtures/security';
import { controlNote, oncePerKey, repetitionKey, skipNotCovered, type NodeControl } from '../fixtures';
import { ALL_APP_LOCKS } from '../lib/cells/locks';

/** A protected read (§1.2: auth.signer.* answers 401 without a session), sent with the CSRF token a replay would carry. */
const PROBE = DASHBOARD_ONLY_READ;

/**
 * The protected read with one cookie of `creds` replayed (the session or the remember cookie, with its
 * csrf_token), as an attacker holding that cookie would send it.
 */
function replayed(raw: CraftedRpc, creds: Credentials, cookie: 'session' | 'remember', what: string) {
  const sent: Credentials = { [cookie]: creds[cookie], csrf: creds.csrf };
  return raw.send(
    PROBE,
    {},
    { cookies: credentialCookies(sent), headers: creds.csrf ? csrfHeader(creds.csrf) : {}, what },
  );
}

async function logout(raw: CraftedRpc, creds: Credentials, where: string): Promise<void> {
  const answer = await raw.send(
    'auth.logout',
    {},
    { cookies: credentialCookies(creds), headers: csrfHeader(creds.csrf ?? ''), what: 'the fresh session logs out' },
  );
  expect(answer.status, `${where}: auth.logout answered ${describeAnswer(answer)}`).toBe(200);
  expect(answer.hasError, `${where}: auth.logout answered ${describeAnswer(answer)}`).toBe(false);
}

test.describe('security: logout', { lock: [...ALL_APP_LOCKS] }, () => {
  test.use({ mayRestartDaemon: true }); // it holds every lock: a stuck limiter may be cleared
  test.afterEach(async ({ security }) => security.restoreSuiteSession());

  test(CHECKS.logoutSession.title, checkDetails('logoutSession', DESTRUCTIVE), async ({ raw, security }) => {
    const where = security.where('logout');
    const creds = await security.freshLogin();
    const before = await replayed(raw, creds, 'session', 'the fresh session, before logout');
    expect(before.status, `${where}: the fresh session did not answer before logout: ${describeAnswer(before)}`).toBe(
      200,
    );
    await logout(raw, creds, where);
    const again = await replayed(raw, creds, 'session', 'the logged-out session cookie replayed');
    expect(
      again.status,
      `${where}: the session cookie replayed after logout answered ${describeAnswer(again)}; the server must have ended it`,
    ).toBe(401);
  });

  test(CHECKS.logoutRemember.title, checkDetails('logoutRemember', DESTRUCTIVE), async ({ raw, security }) => {
    const where = security.where('logout');
    const creds = await security.freshLogin();
    await logout(raw, creds, where);
    const again = await replayed(raw, creds, 'remember', 'the logged-out remember cookie replayed');
    expect(
      again.status,
      `${where}: the remember cookie replayed after logout answered ${describeAnswer(again)}; the server must have ended it`,
    ).toBe(401);
    expect(
      issued(again, 'session'),
      `${where}: the remember cookie replayed after logout restored a session`,
    ).toBeUndefined();
  });
});

/** The two sessions one daemon restart is suffered for: one kept live, one logged out before it. */
interface RestartOutcome {
  kept: Credentials;
  loggedOut: Credentials;
}

/**
 * One daemon restart serves both restart checks (like the L3 events; fixtures/once-per-repetition.ts):
 * the first check of a repetition logs in twice, logs the second session out, checks that the first one
 * still answers (a logout that ended another session is said so, not taken for a restart's doing),
 * restarts the daemon once; each check then judges its own session. The outcome lives in the worker's
 * memory per project and repetition; a failed preparation is forgotten, so the next check redoes it.
 */
const restarts = oncePerKey<RestartOutcome>();

function sharedRestart(
  key: string,
  raw: CraftedRpc,
  security: SecurityKit,
  control: NodeControl,
  where: string,
): Promise<RestartOutcome> {
  return restarts(key, async () => {
    const kept = await security.freshLogin('a session to outlive the restart');
    const loggedOut = await security.freshLogin('a session to log out before the restart');
    await logout(raw, loggedOut, where);
    const live = await replayed(raw, kept, 'session', 'the kept session, before the restart');
    expect(
      live.status,
      `${where}: logging out one session ended another one before any restart: ${describeAnswer(live)}`,
    ).toBe(200);
    await security.restartDaemon(control);
    return { kept, loggedOut };
  });
}

test.describe('security: sessions and a daemon restart', { lock: [...ALL_APP_LOCKS] }, () => {
  test.use({ mayRestartDaemon: true }); // it holds every lock: a stuck limiter may be cleared
  test.afterEach(async ({ security }) => security.restoreSuiteSession());

  test(
    CHECKS.restartKeepsSession.title,
    checkDetails('restartKeepsSession', DESTRUCTIVE),
    async ({ raw, security, control, nodeConfig }, testInfo) => {
      if (!control) skipNotCovered(testInfo, controlNote(nodeConfig.name, 'security-restart restarts the daemon'));
      const where = security.where('restart');
      const { kept: creds } = await sharedRestart(repetitionKey(testInfo), raw, security, control!, where);
      const after = await replayed(raw, creds, 'session', 'the session after the restart');
      expect(
        after.status,
        `${where}: a session from before the daemon restart answered ${describeAnswer(after)}; §1.4 keeps sessions in sessions.json`,
      ).toBe(200);
    },
  );

  test(
    CHECKS.restartKeepsLogout.title,
    checkDetails('restartKeepsLogout', DESTRUCTIVE),
    async ({ raw, security, control, nodeConfig }, testInfo) => {
      if (!control) skipNotCovered(testInfo, controlNote(nodeConfig.name, 'security-restart restarts the daemon'));
      const where = security.where('restart');
      const { loggedOut: creds } = await sharedRestart(repetitionKey(testInfo), raw, security, control!, where);
      const session = await replayed(raw, creds, 'session', 'the logged-out session after the restart');
      expect(
        session.status,
        `${where}: a session logged out before the daemon restart answered ${describeAnswer(session)} after it`,
      ).toBe(401);
      const remember = await replayed(raw, creds, 'remember', 'the logged-out remember token after the restart');
      expect(
        remember.status,
        `${where}: a remember token logged out before the daemon restart answered ${describeAnswer(remember)} after it`,
      ).toBe(401);
    },
  );
});
