/**
 * archy-surface §1.7: the login limiter lets 5 attempts a minute per client through. One minute on a
 * real node; the sim may scale it by its time-scale (a GUESS: sim/guesses login-window-scaling).
 * Whether a successful login counts too is not seen, so every login of the suite (an API check's or a
 * journey's through the page) waits a 429 out on the same schedule.
 */

/** §1.7: the login limiter's window, one minute on a real node. */
export const LOGIN_WINDOW_MS = 60_000;

/** The window as the runner expects it on a node of this time-scale (a floor of 1 s). */
export function loginWindowMs(timeScale: number): number {
  return Math.max(1_000, Math.round(LOGIN_WINDOW_MS * timeScale));
}

/**
 * When to try again after a 429, in ms since it: once the (scaled) window has passed, then sparsely
 * up to a real minute and a bit — at most 4 tries, so a limiter that counts refused attempts too
 * (5 a minute) is not kept closed by the tries themselves.
 */
export function limiterRetrySchedule(windowMs: number): number[] {
  const first = Math.round(windowMs * 1.2) + 500;
  const last = Math.max(Math.round(LOGIN_WINDOW_MS * 1.1), windowMs * 2);
  return [first, ...[15_000, 30_000].filter((p) => p > first && p < last), last];
}
