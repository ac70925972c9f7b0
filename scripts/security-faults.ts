/**
 * The security faults of sim/faults.ts (issue 16) and the security checks each must turn red
 * (lib/security/checks.ts), for scripts/fault-matrix.ts. Every other test stays green.
 * `npm run fault-matrix -- --grep @security` runs just these against the security specs.
 */
import { checkKey, type CheckName } from '../lib/security/checks';

const keys = (...names: CheckName[]): string[] => names.map(checkKey);

export const SECURITY_FAULT_EXPECTATIONS: Record<string, string[]> = {
  // the two faults older than issue 16
  'auth-bypass': keys(
    'sessionMissing',
    'sessionEmpty',
    'sessionMalformed',
    'sessionUnknown',
    'sessionConfused',
    'protectedRefuse',
    'logoutSession',
    'logoutRemember',
    'rememberForged',
    'restartKeepsLogout',
  ),
  'csrf-not-enforced': keys(
    'csrfMissing',
    'csrfEmpty',
    'csrfWrong',
    'csrfMalformed',
    'csrfOtherSession',
    'csrfForgedPair',
  ),
  // a token present is not a token valid: also the logged-out and stale sessions pass
  'session-presence-only': keys(
    'sessionEmpty',
    'sessionMalformed',
    'sessionUnknown',
    'sessionConfused',
    'logoutSession',
    'restartKeepsLogout',
    'rememberStaleSession',
  ),
  'state-unauthenticated': keys('protectedRefuse'),
  'csrf-checked-only-when-present': keys('csrfMissing'),
  'csrf-not-bound-to-session': keys('csrfOtherSession', 'csrfForgedPair'),
  'session-cookie-not-httponly': keys('cookiesHttpOnly'),
  'cookies-samesite-none': keys('cookiesSameSite'),
  'cookies-not-secure': keys('cookiesSecure'),
  'logout-keeps-session': keys('logoutSession', 'logoutRemember', 'restartKeepsLogout'),
  'remember-survives-logout': keys('logoutRemember', 'restartKeepsLogout'),
  'remember-not-verified': keys('rememberForged', 'logoutRemember', 'restartKeepsLogout'),
  'remember-restore-sets-no-cookies': keys('rememberRestores', 'rememberStaleSession'),
  'sessions-not-persisted': keys('restartKeepsSession'),
  'logout-not-persisted': keys('restartKeepsLogout'),
  'origin-rule-missing': keys('originForeign', 'originAppPort'),
  'origin-port-ignored': keys('originAppPort'),
  'login-rate-limit-off': keys('rateLimitSixth', 'rateLimitReleases', 'rateLimitForwardedFor'),
  'login-rate-limit-never-releases': keys('rateLimitReleases'),
  'login-rate-limit-trusts-forwarded-for': keys('rateLimitForwardedFor'),
  'password-case-insensitive': keys('passwordCase'),
  'sanitiser-leaks-paths': keys('sanitiserPaths'),
};

/** Faults that need the sim started differently: Secure is only required over https. */
export const FAULT_ENV: Record<string, Record<string, string>> = {
  'cookies-not-secure': { ARCHY_SIM_TLS: '1' },
};
