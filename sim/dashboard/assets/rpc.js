// The dashboard's only way to talk to the node (besides /ws/db): POST /rpc/v1 {method, params}.
// Sends X-CSRF-Token from the csrf_token cookie (archy-surface §1.5); times out like archy's client.
// Callers name methods as archy 1.9 does; the node's version may serve them under other names.

import { METHOD_NAMES } from './methods.js';

export const RPC_PATH = '/rpc/v1';
const DEFAULT_TIMEOUT_MS = 15000;

/** The node answered with {error:{message}} (HTTP 200). */
export class RpcError extends Error {
  constructor(method, message, code) {
    super(message);
    this.name = 'RpcError';
    this.method = method;
    this.code = code;
  }
}

/** The node answered a non-2xx status (401 no session, 403 CSRF/origin, 429 rate limit, 5xx). */
export class HttpError extends Error {
  constructor(method, status, message) {
    super(message || `HTTP ${status}`);
    this.name = 'HttpError';
    this.method = method;
    this.status = status;
  }
}

/** The node did not answer at all (connection refused, reset, timeout). */
export class UnreachableError extends Error {
  constructor(method, message) {
    super(message);
    this.name = 'UnreachableError';
    this.method = method;
  }
}

export function readCookie(name) {
  for (const part of document.cookie.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

const listeners = { unauthorized: [], reachable: [], unreachable: [] };

/** Subscribe to 'unauthorized' (HTTP 401), 'reachable' (any answer) and 'unreachable' (no answer / 502–504). */
export function onRpcEvent(kind, fn) {
  listeners[kind].push(fn);
}

function emit(kind, detail) {
  for (const fn of listeners[kind]) fn(detail);
}

export async function rpc(method, params = {}, options = {}) {
  const headers = { 'Content-Type': 'application/json' };
  const csrf = readCookie('csrf_token');
  if (csrf) headers['X-CSRF-Token'] = csrf;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  let response;
  try {
    response = await fetch(RPC_PATH, {
      method: 'POST',
      headers,
      credentials: 'same-origin',
      body: JSON.stringify({ method: METHOD_NAMES[method] ?? method, params }),
      signal: controller.signal,
    });
  } catch (error) {
    emit('unreachable', { method });
    throw new UnreachableError(
      method,
      error && error.name === 'AbortError' ? 'timed out' : String(error && error.message),
    );
  } finally {
    clearTimeout(timer);
  }
  let body = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  if (response.status >= 502 && response.status <= 504) {
    emit('unreachable', { method, status: response.status });
    throw new UnreachableError(method, `HTTP ${response.status}`);
  }
  emit('reachable', { method });
  if (!response.ok) {
    const message = body && body.error && body.error.message;
    if (response.status === 401 && !options.allowUnauthorized) emit('unauthorized', { method });
    throw new HttpError(method, response.status, message);
  }
  if (body && body.error) throw new RpcError(method, body.error.message || 'Unknown error', body.error.code);
  return body ? body.result : null;
}
