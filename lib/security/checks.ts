/**
 * Every security check (issue 16): its cell (config/security.ts), its test title and what it rests on.
 * The specs name their tests from here and scripts/fault-matrix.ts names the tests each security
 * fault must turn red from here, so a title lives in one place.
 */
import type { SecurityCellId } from '../../config/security';

export interface SecurityCheck {
  cell: SecurityCellId;
  title: string;
  basis: string;
}

function check(cell: SecurityCellId, title: string, basis: string): SecurityCheck {
  return { cell, title, basis };
}

export const CHECKS = {
  // security-session (§1.2)
  sessionMissing: check('session', 'a protected method refuses a request without a session cookie (401)', '§1.2'),
  sessionEmpty: check('session', 'a protected method refuses an empty session cookie (401)', '§1.2'),
  sessionMalformed: check('session', 'a protected method refuses malformed session cookies (401)', '§1.2; ASVS V3.2'),
  sessionUnknown: check(
    'session',
    'a protected method refuses a well-formed session token the node never issued (401)',
    '§1.2; ASVS V3.2',
  ),
  sessionConfused: check(
    'session',
    'the csrf_token or remember value in place of the session is refused (401)',
    '§1.4 (three different tokens); ASVS V3.2',
  ),
  // security-unauthenticated (§1.6)
  unauthAnswer: check(
    'unauthenticated',
    'health, auth.isSetup and auth.isOnboardingComplete answer without a cookie and hand out no session',
    '§1.6, §1.1, §1.8',
  ),
  protectedRefuse: check(
    'unauthenticated',
    'protected methods refuse an anonymous call (server.get-state, system.get-hostname, auth.signer.list, package.start)',
    '§1.2 (auth.signer.*), §1.5 (system.get-hostname is the session probe)',
  ),
  // security-csrf (§1.5)
  csrfMissing: check('csrf', 'a mutating call with the session but no X-CSRF-Token is refused (403)', '§1.5'),
  csrfEmpty: check('csrf', 'a mutating call with an empty X-CSRF-Token is refused (403)', '§1.5'),
  csrfWrong: check('csrf', 'a mutating call with a wrong X-CSRF-Token is refused (403)', '§1.5'),
  csrfMalformed: check(
    'csrf',
    'a mutating call with an altered, truncated or extended token is refused (403)',
    '§1.5; ASVS V4.2.2',
  ),
  csrfOtherSession: check(
    'csrf',
    "a mutating call with another session's csrf_token (cookie and header) is refused (403)",
    '§1.4 (derive_csrf_token of the session token); ASVS V4.2.2, OWASP CSRF cheat sheet (token bound to the session)',
  ),
  csrfForgedPair: check(
    'csrf',
    'a forged csrf_token cookie with the same header is refused (403)',
    '§1.4, §1.5; ASVS V4.2.2 (not plain double submit)',
  ),
  csrfValid: check('csrf', 'the same mutating call with the matching header is let through', '§1.5'),
  csrfExemptRead: check(
    'csrf',
    'the session probe system.get-hostname needs no X-CSRF-Token',
    '§1.5 (AA 0005: read-only methods may skip CSRF; the tab signer probes with it)',
  ),
  // security-cookies (§1.4 + ASVS V3.4)
  cookiesIssued: check('cookies', 'a login sets the session, csrf_token and remember cookies', '§1.4'),
  cookiesHttpOnly: check('cookies', 'the session and remember cookies are HttpOnly', '§1.4 (GUESS); ASVS V3.4.2'),
  cookiesSameSite: check(
    'cookies',
    'the session and remember cookies carry SameSite=Strict or Lax',
    '§1.4 (GUESS); ASVS V3.4.3',
  ),
  cookiesSecure: check('cookies', 'over https every auth cookie is Secure', '§1.4 (secure_suffix); ASVS V3.4.1'),
  cookiesPath: check(
    'cookies',
    'the auth cookies reach /rpc/v1 (their Path matches it)',
    '§1.5 (clients send both cookies to /rpc/v1); ASVS V3.4.5',
  ),
  // security-logout (§1.4)
  logoutSession: check('logout', 'after logout the replayed session cookie is refused (401)', '§1.4; ASVS V3.3.1'),
  logoutRemember: check(
    'logout',
    'after logout the replayed remember cookie restores nothing (401)',
    '§1.4; ASVS V3.3.1',
  ),
  // security-remember (§1.4)
  rememberRestores: check(
    'remember',
    'a request with only the remember cookie is let through and gets new session and csrf_token cookies that work',
    '§1.4',
  ),
  rememberStaleSession: check(
    'remember',
    'a stale session cookie with a valid remember cookie is restored the same way',
    '§1.4',
  ),
  rememberForged: check(
    'remember',
    'a forged remember cookie restores nothing (401, no session cookie)',
    '§1.4; ASVS V3.2',
  ),
  // security-restart (§1.4)
  restartKeepsSession: check(
    'restart',
    'a session survives a daemon restart',
    '§1.4 (sessions.json: sessions survive a restart)',
  ),
  restartKeepsLogout: check(
    'restart',
    'a session logged out before a daemon restart stays refused after it',
    '§1.4; ASVS V3.3.1',
  ),
  // security-origin (§1.6)
  originAbsent: check('origin', 'a dashboard-only method answers a request without Origin', '§1.6'),
  originSameHost: check('origin', "a dashboard-only method answers the node's own origin on 443/80", '§1.6'),
  originForeign: check(
    'origin',
    'a dashboard-only method refuses a foreign, null or look-alike origin (403)',
    '§1.6, §1.2',
  ),
  originAppPort: check(
    'origin',
    "a dashboard-only method refuses the node's host on an app port (403)",
    '§1.6 (https://node.local:8337 cannot call these methods)',
  ),
  // security-rate-limit (§1.7)
  rateLimitSixth: check('rate-limit', 'the 6th login attempt within the window answers 429', '§1.7, §1.2'),
  rateLimitReleases: check('rate-limit', 'the login limit releases after its window', '§1.7 (5 per minute)'),
  rateLimitForwardedFor: check(
    'rate-limit',
    'a client rotating X-Forwarded-For is limited all the same',
    '§1.7 (per client IP); ASVS V2.2.1',
  ),
  // security-password (§1.3)
  passwordWrong: check(
    'password',
    'a wrong password answers "Password Incorrect" and sets no session cookie',
    '§1.3, §1.2',
  ),
  passwordCase: check('password', 'the password in another letter case is refused', '§1.3; ASVS V2.1'),
  passwordNearMiss: check('password', 'the password with a character more or less is refused', '§1.3; ASVS V2.1'),
  passwordMalformed: check(
    'password',
    'an empty, missing or non-string password logs nobody in',
    '§1.3 ("Missing password"), §1.4',
  ),
  // security-sanitiser (§1.3)
  sanitiserPaths: check(
    'sanitiser',
    'error messages carry no /etc/ or /usr/local/bin/ path',
    '§1.3 (/etc/ → [config]/, /usr/local/bin/ → [bin]/)',
  ),
  sanitiserLength: check('sanitiser', 'error messages are cut to 200 characters', '§1.3 (cut to 200 chars plus "...")'),
} as const satisfies Record<string, SecurityCheck>;

export type CheckName = keyof typeof CHECKS;

/** The key scripts/fault-matrix.ts and reporters/json-report.ts give a security test. */
export function checkKey(name: CheckName): string {
  return `security/${CHECKS[name].title}`;
}
