/**
 * Playwright test locks (`test.describe(…, { lock })`, `test(…, { lock })`): tests that share a lock
 * name never run at the same time; a describe in a `parallel` file is one job holding the union of
 * its tests' locks. With ARCHY_APP_CONCURRENCY > 1 the apps of api-specs/apps.spec.ts run side by
 * side under these locks; with 1 worker they only keep the order.
 *
 * Lock names are app ids. A test takes the ids of every app whose state it may change or whose
 * state it needs unchanged:
 *  - a read-only cell of an app that is not a bitcoin node: its app alone (it changes nothing; its
 *    precondition may install the app, never swap a shared dependency);
 *  - a destructive cell of an app: the app, its companions and every app that needs it,
 *    transitively (stopping lnd stops what the LND UI serves; stopping bitcoin touches every
 *    dependant), and the apps it conflicts with and theirs;
 *  - any cell of a bitcoin node: everything that runs on a bitcoin node, both bitcoin nodes (its
 *    precondition swaps the bitcoin node when the other one runs).
 * So lnd and electrumx (both only *use* the bitcoin node) run side by side; a bitcoin cell runs alone.
 * `ALL_APP_LOCKS` (every app id, LOGIN_LOCK and the reader locks): a spec that changes every app at
 * once (an L3 event) or restarts the daemon (security-restart, L5 chaos).
 * `LOGIN_LOCK`: the security checks that log in (cookies, CSRF, password, remember) and the rate-limit
 * chain, which closes the login limiter for a window. They change no app, so they run beside the app
 * cells (which use the stored session and never log in), but archy-surface §1.7 allows 5 logins a
 * minute per client: one describe at a time they keep the runner's logins within what it lets through. The read-only checks that never log in take one `SECURITY_READER_LOCKS` lock per describe:
 * they overlap each other and the app cells, never an all-locks spec (a daemon restart would refuse
 * them for a moment). A test with no lock at all would overlap everything, restarts included.
 */
import { APPS, appById, type AppEntry, type CellId } from '../../config/apps';
import { BITCOIN_NODES } from '../../config/catalogue';
import { CELL } from '../../config/cells';

/** The former single lock: held by specs that must not overlap any app test. */
export const APPS_LOCK = 'archy-apps';

const isBitcoinNode = (id: string): boolean => (BITCOIN_NODES as readonly string[]).includes(id);

/** Does `app` need `other` running (requires / companionOf, 'bitcoin' = either bitcoin node)? */
function needsDirectly(app: AppEntry, other: string): boolean {
  const needs = [...app.requires, ...(app.companionOf ? [app.companionOf] : [])];
  return needs.includes(other) || (isBitcoinNode(other) && needs.includes('bitcoin'));
}

/** `id` and every app that needs it, transitively. */
export function dependantsClosure(id: string): Set<string> {
  const out = new Set<string>([id]);
  for (let grew = true; grew;) {
    grew = false;
    for (const app of APPS) {
      if (out.has(app.id)) continue;
      if ([...out].some((o) => needsDirectly(app, o))) {
        out.add(app.id);
        grew = true;
      }
    }
  }
  return out;
}

/** The read-only security checks' lock: they log in, one check at a time (see the file comment). */
export const LOGIN_LOCK = 'archy-login';

/** The read-only security checks that never log in: one lock per describe (see the file comment). */
export const SECURITY_READER_LOCKS = {
  origin: 'archy-security-origin',
  sanitiser: 'archy-security-sanitiser',
  session: 'archy-security-session',
  unauthenticated: 'archy-security-unauthenticated',
} as const;

/** The dashboard check (api-specs/dashboard.spec.ts): a reader like those above, never beside an all-locks spec. */
export const DASHBOARD_LOCK = 'archy-dashboard';

export const ALL_APP_LOCKS: readonly string[] = [
  APPS_LOCK,
  LOGIN_LOCK,
  ...Object.values(SECURITY_READER_LOCKS),
  DASHBOARD_LOCK,
  ...APPS.map((a) => a.id),
];

/** The locks of one cell test of `app`, as the cell's `locks` says (config/cells.ts; see the file comment). */
export function cellLocks(app: AppEntry, cell: CellId): string[] {
  const scope = CELL[cell].locks;
  if (scope === 'all-apps') return [...ALL_APP_LOCKS];
  if (isBitcoinNode(app.id)) {
    const all = new Set<string>();
    for (const b of BITCOIN_NODES) dependantsClosure(b).forEach((id) => all.add(id));
    return [...all].sort();
  }
  if (scope === 'app') return [app.id];
  const locks = dependantsClosure(app.id);
  for (const other of app.conflicts) dependantsClosure(appById(other).id).forEach((id) => locks.add(id));
  return [...locks].sort();
}
