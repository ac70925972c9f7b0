/**
 * Playwright test locks (`test.describe(…, { lock })`): tests that share a lock never run at the
 * same time. Specs that install, stop or swap apps on a node take `APPS_LOCK`, so a read-only probe
 * never sees an app another worker is stopping.
 */
export const APPS_LOCK = 'archy-apps';
