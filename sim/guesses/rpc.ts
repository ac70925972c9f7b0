/**
 * Guesses about the JSON-RPC transport, authentication and error bodies (archy-surface §1, §2).
 * Documented facts (Password Incorrect, 401 without a session, 403 on a CSRF mismatch, 429 after
 * 5 logins a minute, the error prefixes) are in sim/evidence.ts and never vary.
 */
import { SIM_VERSIONS } from '../rpc-methods';
import { choice, dimension, type Choice } from './types';

export interface ErrorWording {
  unauthorized: { code: number; message: string };
  csrfMismatch: { code: number; message: string };
  rateLimited: { code: number; message: string };
  /** The sanitiser's generic text for an internal error (§1.3: wording unknown). */
  internal: string;
  /** A dependant refused while no bitcoin node runs (starts with a user-facing prefix, §1.3). */
  needsBitcoin: (id: string) => string;
  bitcoinDown: string;
}

export interface CookieAttributes {
  session: string;
  csrf: string;
  remember: string;
  /** Max-Age on session and csrf_token (false: browser-session cookies). */
  sessionMaxAge: boolean;
  rememberTtlSeconds: number;
}

/** `<version>.0-sim` and `<version>.0-alpha` for each version of sim/rpc-methods.ts, oldest first (the default: 1.9.0-sim). */
function versionChoices(): [Choice<string>, ...Choice<string>[]] {
  const [first, ...rest] = SIM_VERSIONS.flatMap((v) => [`${v}.0-sim`, `${v}.0-alpha`].map((t) => choice(t, t)));
  if (!first) throw new Error('sim/rpc-methods.ts knows no version');
  return [first, ...rest];
}

export const RPC_GUESSES = {
  'health-result': dimension<unknown>('§1.1: `health` returns a truthy .result, "a string such as "ok" or an object"', [
    choice('ok', 'ok'),
    choice('object', { status: 'ok' }),
  ]),
  'handler-error-code': dimension<number>(
    '§1.3: mock backend -32603, backend test fixtures -1; "tests should assert on message, never on code"',
    [choice('-32603', -32603), choice('-1', -1)],
  ),
  'method-not-found': dimension<{ code: number; message: (m: string) => string }>(
    '§1.3: only NE\'s older mock is seen (-32601 "Method not found: <m>"); archy\'s answer is not',
    [
      choice('jsonrpc-32601', { code: -32601, message: (m: string) => `Method not found: ${m}` }),
      choice('not-found-prefix', { code: -1, message: (m: string) => `Not found: method ${m}` }),
    ],
  ),
  'error-wording': dimension<ErrorWording>(
    '§1.2/§1.5/§1.7: 401 body "unknown", CSRF wording "unknown", 429 body not seen; §1.3 generic text unknown',
    [
      choice('sim', {
        unauthorized: { code: 401, message: 'Unauthorized' },
        csrfMismatch: { code: 403, message: 'CSRF token mismatch' },
        rateLimited: { code: 429, message: 'Too many login attempts, try again later' },
        internal: 'Internal error',
        needsBitcoin: (id: string) => `Invalid dependency: ${id} requires a running bitcoin node`,
        bitcoinDown: 'Invalid state: no bitcoin node is running',
      }),
      choice('other', {
        unauthorized: { code: 401, message: 'Session expired or missing' },
        csrfMismatch: { code: 403, message: 'Invalid CSRF token' },
        rateLimited: { code: 429, message: 'Rate limit exceeded' },
        internal: 'An internal error occurred',
        needsBitcoin: (id: string) => `Missing dependency: ${id} needs bitcoin-knots or bitcoin-core running`,
        bitcoinDown: 'Not found: bitcoin node not running',
      }),
    ],
  ),
  'malformed-request': dimension<{ parseStatus: number; invalidStatus: number; tooLargeStatus: number }>(
    'not seen on a node: how archy answers a body that is not JSON-RPC',
    [
      choice('http-400', { parseStatus: 400, invalidStatus: 400, tooLargeStatus: 413 }),
      choice('http-200', { parseStatus: 200, invalidStatus: 200, tooLargeStatus: 413 }),
    ],
  ),
  'unauthenticated-methods': dimension<readonly string[]>(
    '§1.6: UNAUTHENTICATED_METHODS is seen only in part (health, auth.login, auth.isSetup, auth.isOnboardingComplete, auth.setup, …); auth.logout is not in the part seen',
    [
      choice('with-logout', [
        'health',
        'auth.login',
        'auth.logout',
        'auth.isSetup',
        'auth.isOnboardingComplete',
        'auth.setup',
      ]),
      choice('logout-needs-session', [
        'health',
        'auth.login',
        'auth.isSetup',
        'auth.isOnboardingComplete',
        'auth.setup',
      ]),
    ],
  ),
  'csrf-exempt-methods': dimension<readonly string[]>(
    '§1.5: read-only methods "may skip CSRF"; only system.get-hostname is named; "the full list is unknown"',
    [
      choice('read-only', [
        'marketplace.list',
        'system.get-hostname',
        'server.get-state',
        'container-list',
        'bitcoin.getinfo',
        'auth.totp.status',
        'server.time',
      ]),
      choice('minimal', ['system.get-hostname', 'server.get-state']),
    ],
  ),
  'login-window-scaling': dimension<boolean>(
    "§1.7: 5 logins per minute per IP is archy's; scaling the minute by --time-scale is the sim's, a real node does not",
    [choice('scaled', true), choice('unscaled', false)],
  ),
  'login-success-clears': dimension<boolean>(
    '§1.7: "a successful password login clears the signer-login pause"; whether it clears the password count is not seen',
    [choice('clears', true), choice('keeps-count', false)],
  ),
  'cookie-attributes': dimension<CookieAttributes>(
    '§1.4: "the exact attributes of session/csrf_token/remember are not seen"; csrf_token readable by JS, Path=/',
    [
      choice('strict-max-age', {
        session: 'HttpOnly; SameSite=Strict; Path=/',
        csrf: 'SameSite=Strict; Path=/',
        remember: 'HttpOnly; SameSite=Strict; Path=/',
        sessionMaxAge: true,
        rememberTtlSeconds: 30 * 24 * 3600,
      }),
      choice('lax-session-cookies', {
        session: 'HttpOnly; SameSite=Lax; Path=/',
        csrf: 'SameSite=Lax; Path=/',
        remember: 'HttpOnly; SameSite=Lax; Path=/',
        sessionMaxAge: false,
        rememberTtlSeconds: 7 * 24 * 3600,
      }),
    ],
  ),
  'get-state-rev': dimension<boolean>(
    '§2.2/§6: "a revision number sits beside data" is marked a guess (get_snapshot() returns (data, _))',
    [choice('rev-beside-data', true), choice('data-only', false)],
  ),
  'lifecycle-result': dimension<unknown>(
    '§2.3/§7.6: results of package.start|stop|restart|uninstall are unknown (NE mock: "ok")',
    [choice('null', null), choice('ok', 'ok')],
  ),
  // One pair of texts per version the sim serves (sim/rpc-methods.ts): a new version there is a new choice here.
  'server-version': dimension<string>(
    '§3.1: server-info.version exists; its text on a v1.9.0-alpha node is not seen (AA-PINS)',
    versionChoices(),
  ),
} as const;
