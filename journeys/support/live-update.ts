/**
 * How long a page the user keeps open may take to show a change by itself. archy's live channel is
 * not confirmed (archy-surface §6: `/ws/db` in NE; scripts poll server.get-state every 5 s), so a
 * dashboard that polls has three of those polls; one that shows a change only after a reload is a bug
 * a user sees (the list of My Apps never catching up).
 */
/** One poll of server.get-state by the scripts §6 cites: what a polling dashboard may lag behind the API. */
export const POLL_PERIOD_MS = 5_000;
export const LIVE_UPDATE_TIMEOUT_MS = 3 * POLL_PERIOD_MS;
