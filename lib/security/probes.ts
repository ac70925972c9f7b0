/**
 * The requests the security checks send where a call must do nothing even if a node wrongly accepts
 * it, so they are safe on a real node (tests/read-only.test.ts counts them).
 */

/** A mutating call that changes nothing even when let through: the app does not exist (answers "Not found"). */
export const HARMLESS_MUTATION = { method: 'package.start', params: { id: 'archy-e2e-no-such-app' } } as const;

/** A harmless mutation whose error would echo a path the sanitiser must rewrite (§1.3). */
export const PATH_PROBES = [
  { method: 'package.start', params: { id: '/etc/archy-e2e-no-such-app' }, path: '/etc/' },
  { method: 'package.start', params: { id: '/usr/local/bin/archy-e2e-no-such-app' }, path: '/usr/local/bin/' },
] as const;

/** A harmless mutation whose error may echo a 600-character id (§1.3: cut to 200 characters plus "..."). */
export const LONG_ID_PROBE = {
  method: 'package.start',
  params: { id: `archy-e2e-no-such-app-${'x'.repeat(600)}` },
} as const;

/**
 * The most package.start calls (all on apps that do not exist) the security specs make in a read-only
 * run: 13 CSRF, 2 remember-me, 3 sanitiser, 1 anonymous (tests/read-only.test.ts holds them to it).
 */
export const MAX_HARMLESS_MUTATIONS = 25;

/** A dashboard-only method of §1.6 that only reads (§2.1: the login signers). */
export const DASHBOARD_ONLY_READ = 'auth.signer.list';

/** Made-up host names for crafted Origin/Host headers (`.example` is reserved, RFC 2606). */
export const FOREIGN_ORIGIN = 'https://archy-e2e-attacker.example';
export const STAND_IN_HOST = 'archy-e2e-node.example';
