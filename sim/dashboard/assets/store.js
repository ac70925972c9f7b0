// The node's state as the dashboard sees it: server.get-state once, then live /ws/db patches;
// polling server.get-state every 2 s while the socket is down. Views subscribe and re-render.
// With state-updates=poll (sim/guesses/dashboard.ts) the dashboard never opens the socket and polls
// every 5 s, as archy's own scripts do (archy-surface §6).
import { applyPatch } from './vendor/fast-json-patch/core.mjs'; // RFC 6902, vendored from the npm package
import { onRpcEvent, rpc } from './rpc.js';
import { VARIANT } from './variant.js';

const PUSH = VARIANT.updates === 'ws-push';
const POLL_MS = PUSH ? 2000 : 5000;
const POLL_TIMEOUT_MS = 5000;
const HEARTBEAT_MS = 5000; // while the socket is live: a silent node (partition) must still show the banner
const WS_CONNECT_TIMEOUT_MS = 3000;
const WS_BACKOFF_MS = [500, 1000, 2000, 4000, 8000];

export const store = {
  data: null, // {server-info, package-data, ui}
  rev: null,
  hostname: null,
  connected: true, // false while the node does not answer
  live: false, // true while /ws/db delivers patches
  catalogue: null, // marketplace.list result
  catalogueError: null,
  installing: new Map(), // id → {since, seen}: installs this page started that have not settled yet
};

const subscribers = new Set();
let started = false;
let socket = null;
let pollTimer = null;
let reconnectTimer = null;
let reconnectAttempt = 0;
let heartbeatTimer = null;
let socketMessages = 0; // state messages the socket delivered (dump or patch), to order a get-state against them

export function subscribe(fn) {
  subscribers.add(fn);
  return () => subscribers.delete(fn);
}

export function notify() {
  for (const fn of subscribers) fn();
}

export function packages() {
  return (store.data && store.data['package-data']) || {};
}

export function packageEntry(id) {
  return packages()[id];
}

function setConnected(value) {
  if (store.connected !== value) {
    store.connected = value;
    notify();
  }
}

onRpcEvent('unreachable', () => setConnected(false));
onRpcEvent('reachable', () => setConnected(true));

export async function refreshState(timeoutMs) {
  const delivered = socketMessages;
  const result = await rpc('server.get-state', {}, timeoutMs ? { timeoutMs } : {});
  const rev = result && result.rev !== undefined ? result.rev : null;
  // An answer older than what the socket already delivered (a poll in flight while it reconnected)
  // would put a finished transition back on screen, with no patch left to correct it. Only while the
  // socket is live: after a daemon restart the revisions start again and the polls are the source.
  if (store.live && rev !== null && store.rev !== null && rev < store.rev) return;
  // Without a revision to compare (get-state-rev=data-only, or none known yet), an answer cannot be
  // ordered against what the socket delivered while it was in flight: it may have been read before the
  // last patch (an uninstall's removal) and would bring the card back for good. The socket's state (its
  // dump and every patch since, in order) is then the newer one, and the answer is dropped.
  if (store.live && socketMessages !== delivered && (rev === null || store.rev === null)) return;
  store.data = result && result.data ? result.data : result;
  store.rev = rev;
  settleInstalling();
  notify();
}

const INSTALL_APPEAR_MS = 30000; // NE's App Store waits up to 30 s for the entry to appear

/**
 * An install this page started is over once the entry is no longer `installing`, or once it vanished
 * again (failed install, entry removed), or never appeared.
 */
function settleInstalling() {
  for (const [id, pending] of [...store.installing]) {
    const entry = packageEntry(id);
    if (entry) pending.seen = true;
    if (entry && entry.state !== 'installing') store.installing.delete(id);
    else if (!entry && pending.seen) store.installing.delete(id);
    else if (!entry && Date.now() - pending.since > INSTALL_APPEAR_MS) store.installing.delete(id);
  }
}

export function beginInstall(id) {
  store.installing.set(id, { since: Date.now(), seen: false });
  notify();
}

export function forgetInstall(id) {
  store.installing.delete(id);
  notify();
}

export async function loadCatalogue() {
  try {
    store.catalogue = await rpc('marketplace.list', {});
    store.catalogueError = null;
  } catch (error) {
    store.catalogueError = error.message;
  }
  notify();
}

function startPolling() {
  if (pollTimer) return;
  pollTimer = setInterval(() => {
    refreshState(POLL_TIMEOUT_MS).catch(() => undefined);
  }, POLL_MS);
}

function stopPolling() {
  clearInterval(pollTimer);
  pollTimer = null;
}

function wsUrl() {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/ws/db`;
}

function onMessage(event) {
  let message;
  try {
    message = JSON.parse(event.data);
  } catch {
    return;
  }
  if (message.data !== undefined) {
    socketMessages += 1;
    store.data = message.data;
    store.rev = message.rev ?? null;
  } else if (Array.isArray(message.patch)) {
    if (store.data === null) return;
    socketMessages += 1;
    try {
      store.data = applyPatch(store.data, message.patch, true, false).newDocument;
      store.rev = message.rev ?? store.rev;
    } catch {
      // A patch that does not apply means we missed one: the socket's state can no longer be trusted.
      // Reconnecting brings a full dump, in order with the patches after it (polling meanwhile).
      if (socket) socket.close();
      return;
    }
  } else {
    return;
  }
  settleInstalling();
  setConnected(true);
  notify();
}

function scheduleReconnect() {
  if (!started || reconnectTimer) return;
  const delay = WS_BACKOFF_MS[Math.min(reconnectAttempt, WS_BACKOFF_MS.length - 1)];
  reconnectAttempt += 1;
  reconnectTimer = setTimeout(() => {
    reconnectTimer = null;
    openSocket();
  }, delay);
}

function openSocket() {
  if (!started) return;
  let ws;
  try {
    ws = new WebSocket(wsUrl());
  } catch {
    startPolling();
    scheduleReconnect();
    return;
  }
  socket = ws;
  const connectTimer = setTimeout(() => ws.close(), WS_CONNECT_TIMEOUT_MS);
  ws.addEventListener('open', () => {
    clearTimeout(connectTimer);
    reconnectAttempt = 0;
    store.live = true;
    stopPolling();
    notify();
  });
  ws.addEventListener('message', onMessage);
  ws.addEventListener('close', () => {
    clearTimeout(connectTimer);
    if (socket === ws) socket = null;
    store.live = false;
    startPolling();
    scheduleReconnect();
    notify();
  });
}

/** Begins live state: full state, then the socket (polling until it is open). */
export async function startLiveState() {
  if (started) return;
  started = true;
  heartbeatTimer = setInterval(() => {
    if (store.live) rpc('system.get-hostname', {}, { timeoutMs: HEARTBEAT_MS - 1000 }).catch(() => undefined);
  }, HEARTBEAT_MS);
  startPolling();
  if (PUSH) openSocket();
  await refreshState().catch(() => undefined);
}

/** After logout: no socket, no polling, no data. */
export function stopLiveState() {
  started = false;
  stopPolling();
  clearInterval(heartbeatTimer);
  heartbeatTimer = null;
  clearTimeout(reconnectTimer);
  reconnectTimer = null;
  if (socket) socket.close();
  socket = null;
  store.data = null;
  store.live = false;
  store.catalogue = null;
  store.installing.clear();
}
