/**
 * The security cells (issue 16): one per protection archy-surface §1 documents, with what each rests
 * on. Tests carry `@cell:security-<id>` (fixtures/tags.ts securityCellTag); the scorecard lists these
 * rows in its security table, in this order.
 */
export interface SecurityCell {
  id: string;
  protection: string;
  /** The archy-surface section, or the OWASP ASVS v4.0.3 requirement where §1 is silent or a GUESS. */
  basis: string;
}

export const SECURITY_CELLS = [
  { id: 'session', protection: 'a protected method needs a valid session (401)', basis: '§1.2; ASVS V3.2, V4.1' },
  {
    id: 'unauthenticated',
    protection: 'only the unauthenticated methods answer without a session',
    basis: '§1.6, §1.5 (session probe), §1.2',
  },
  {
    id: 'csrf',
    protection: 'a mutating call needs the X-CSRF-Token of its own session (403)',
    basis: '§1.5, §1.4 (derived from the session); ASVS V4.2.2, V13.2.3',
  },
  {
    id: 'cookies',
    protection: 'session and remember cookies: HttpOnly, SameSite, Secure over https, Path',
    basis: '§1.4 (GUESS); ASVS V3.4.1–V3.4.3, V3.4.5',
  },
  {
    id: 'logout',
    protection: 'logout ends the session and the remember token on the server',
    basis: '§1.4; ASVS V3.3.1',
  },
  {
    id: 'remember',
    protection: 'a valid remember token restores a session; a forged one does not',
    basis: '§1.4; ASVS V3.2.2',
  },
  {
    id: 'restart',
    protection: 'sessions survive a daemon restart; a logged-out one does not come back',
    basis: '§1.4 (sessions.json); ASVS V3.3.1',
  },
  { id: 'origin', protection: 'dashboard-only methods refuse foreign origins (403)', basis: '§1.6, §1.2' },
  {
    id: 'rate-limit',
    protection: 'the login limiter: 5 attempts per minute per client, then 429, released after the window',
    basis: '§1.7, §1.2; ASVS V2.2.1',
  },
  {
    id: 'password',
    protection: 'only the exact password logs in ("Password Incorrect")',
    basis: '§1.3, §1.4; ASVS V2.1',
  },
  {
    id: 'sanitiser',
    protection: 'error messages do not leak paths and are cut to 200 characters',
    basis: '§1.3; ASVS V7.4.1',
  },
] as const satisfies readonly SecurityCell[];

export type SecurityCellId = (typeof SECURITY_CELLS)[number]['id'];

export const SECURITY_CELL_PREFIX = 'security-';
