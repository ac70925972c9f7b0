/**
 * The suite's JSON-RPC client for an archy node (POST /rpc/v1), over Playwright's APIRequestContext so
 * every call shows in traces and reports as a step named after the method (`rpc package.install lnd`).
 * Cookies live in the request context; the X-CSRF-Token header is taken from its `csrf_token` cookie.
 * A 401 on a protected method logs in once more (the step says so) and repeats the call.
 */
import type { APIRequestContext, APIResponse } from '@playwright/test';
import type { z } from 'zod';
import type { NodeConfig } from '../../config/nodes';
import { beforeConnect, connectionFailure, targetFor } from '../http/client';
import { domainMatches } from '../http/session-cookies';
import { IdentityChangedError } from '../http/pin';
import { HttpStatusError, NodeUnreachableError, RpcError, SchemaMismatchError } from './errors';
import { RPC_METHODS_VARY, rpcMethodsFor, type RpcMethodKey, type RpcMethodTable } from './methods';
import type { NodeRpc } from './node-rpc';
import { type BitcoinInfo, type ContainerInfo, type NodeState, type PackageDataEntry } from './schemas';

export const RPC_PATH = '/rpc/v1';
export const CSRF_HEADER = 'X-CSRF-Token';
export const CSRF_COOKIE = 'csrf_token';

/** Methods callable without a session (archy-surface §1.6): a 401 on them is never answered with a re-login. */
export const UNAUTHENTICATED_METHODS = new Set([
  'health',
  'auth.login',
  'auth.login.totp',
  'auth.login.backup',
  'auth.isSetup',
  'auth.setup',
  'auth.isOnboardingComplete',
  'auth.login.signer.available',
  'auth.login.signer.start',
  'auth.login.signer.finish',
]);

export type StepRunner = <T>(title: string, body: () => Promise<T>) => Promise<T>;

export interface RpcClientOptions {
  node: NodeConfig;
  /** Carries the node's baseURL and the session cookies (storageState). */
  request: APIRequestContext;
  /** The node's password (config/env.ts nodePassword); called only when logging in. */
  password: () => string;
  /** A context without cookies, for `raw(..., {session: false})`. */
  newBareRequest?: () => Promise<APIRequestContext>;
  /** Wraps each call in a report step; the fixture passes test.step. Default: no step. */
  step?: StepRunner;
  /** Per-call HTTP timeout (default 30 s). */
  timeoutMs?: number;
  /** Told of every call and its answer (the diagnostics fixture keeps them; auth.* params are never passed). */
  onCall?: (call: RpcCallRecord) => void;
}

/** One call as the diagnostics record it: params only when they are not an auth.* call's (passwords). */
export interface RpcCallRecord {
  at: string;
  method: string;
  params?: unknown;
  ms: number;
  /** HTTP status; undefined when the node could not be reached. */
  status?: number;
  result?: unknown;
  error?: string;
}

export interface RawOptions {
  /** Send the session cookies (default true). */
  session?: boolean;
  /** Send the X-CSRF-Token header (default true). */
  csrf?: boolean;
}

export interface RawResponse {
  status: number;
  /** Parsed JSON, or the text when the body is not JSON. */
  body: unknown;
}

interface Envelope {
  result?: unknown;
  error?: { code?: number; message?: string } | null;
}

/** Runs the body without a report step (the default where no step runner is given). */
export const noStep: StepRunner = (_title, body) => body();

/**
 * The method table of each node (by base URL) for this process: a node's version is read once, and
 * only when the table differs between versions (lib/rpc/methods.ts RPC_METHODS_VARY).
 */
const tablesByNode = new Map<string, Promise<RpcMethodTable>>();

export class RpcClient implements NodeRpc {
  readonly node: NodeConfig;
  private readonly request: APIRequestContext;
  private readonly password: () => string;
  private readonly newBareRequest?: () => Promise<APIRequestContext>;
  private readonly step: StepRunner;
  private readonly timeoutMs: number;
  private readonly onCall?: (call: RpcCallRecord) => void;
  private nextId = 1;
  /**
   * The csrf_token this client last read from its context's cookies (storageState is a round trip
   * to Playwright per call). Read again after a login, after any answer that sets a cookie, and when
   * a call sent with it is refused 403 while the cookie jar now holds another token.
   */
  private csrfCache: string | undefined | null = null;

  constructor(options: RpcClientOptions) {
    this.node = options.node;
    this.request = options.request;
    this.password = options.password;
    this.newBareRequest = options.newBareRequest;
    this.step = options.step ?? noStep;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.onCall = options.onCall;
  }

  // ---- typed methods (names and result schemas from the node's version: ./methods.ts) --------

  /** The method table of this node's archy version (its server-info.version, read once per process). */
  methodTable(): Promise<RpcMethodTable> {
    if (!RPC_METHODS_VARY) return Promise.resolve(rpcMethodsFor(undefined).methods);
    let table = tablesByNode.get(this.node.baseUrl);
    if (!table) {
      table = this.step('rpc archy version', async () => {
        const { name, result: schema } = rpcMethodsFor(undefined).methods.getState;
        const state = parseResult(this.node.name, name, schema, await this.callUnwrapped(name, {}));
        return rpcMethodsFor(state.data['server-info'].version).methods;
      });
      tablesByNode.set(this.node.baseUrl, table);
      table.catch(() => tablesByNode.delete(this.node.baseUrl));
    }
    return table;
  }

  health(): Promise<unknown> {
    return this.typed('health', undefined);
  }

  /** Password login; sets session, csrf_token and remember cookies in the request context. */
  async login(password?: string): Promise<void> {
    await this.step('rpc auth.login', () => this.loginUnwrapped(password));
  }

  async logout(): Promise<void> {
    await this.typed('logout', {});
  }

  getState(): Promise<NodeState> {
    return this.typed('getState', {});
  }

  /** The app's entry in `package-data`, or undefined when it is not installed. */
  async packageEntry(id: string): Promise<PackageDataEntry | undefined> {
    const state = await this.getState();
    return state.data['package-data'][id];
  }

  containerList(): Promise<ContainerInfo[]> {
    return this.typed('containerList', {});
  }

  bitcoinGetinfo(): Promise<BitcoinInfo> {
    return this.typed('bitcoinGetinfo', {});
  }

  async hostname(): Promise<string> {
    const result = await this.typed('hostname', {});
    return typeof result === 'string' ? result : result.hostname;
  }

  install(id: string, dockerImage?: string): Promise<{ package_id: string; status: string }> {
    return this.typed('install', dockerImage ? { id, dockerImage } : { id });
  }

  start(id: string): Promise<unknown> {
    return this.typed('start', { id });
  }

  stop(id: string): Promise<unknown> {
    return this.typed('stop', { id });
  }

  restart(id: string): Promise<unknown> {
    return this.typed('restart', { id });
  }

  uninstall(id: string): Promise<unknown> {
    return this.typed('uninstall', { id });
  }

  // ---- generic calls ------------------------------------------------------------------------

  /** Any method; returns the raw `result`. Throws RpcError / HttpStatusError / NodeUnreachableError. */
  call(method: string, params?: unknown): Promise<unknown> {
    return this.step(stepTitle(method, params), () => this.callUnwrapped(method, params));
  }

  /**
   * One request exactly as asked, no re-login, no throwing on status: for security specs
   * (what does the node answer without a session, without CSRF, …).
   */
  raw(method: string, params?: unknown, options: RawOptions = {}): Promise<RawResponse> {
    const session = options.session ?? true;
    const csrf = options.csrf ?? true;
    const flags = [session ? '' : 'no session', csrf ? '' : 'no csrf'].filter(Boolean).join(', ');
    return this.step(`rpc raw ${method}${flags ? ` (${flags})` : ''}`, async () => {
      let context = this.request;
      let bare: APIRequestContext | undefined;
      if (!session) {
        if (!this.newBareRequest)
          throw new Error(`${this.node.name}: raw(${method}, {session:false}) needs newBareRequest`);
        bare = await this.newBareRequest();
        context = bare;
      }
      try {
        const response = await this.send(context, method, params, csrf && session, true);
        const text = await bodyText(response);
        return { status: response.status(), body: parseBody(text) };
      } finally {
        await bare?.dispose();
      }
    });
  }

  /** The csrf_token cookie value the context holds for this node (undefined without a session). */
  csrfToken(): Promise<string | undefined> {
    return csrfFrom(this.request, this.node.baseUrl);
  }

  /**
   * The `Cookie` header of this node's session, for the /ws/db handshake (lib/state-feed.ts). Secret:
   * it goes into that handshake only, never into a step, attachment or log.
   */
  async sessionCookieHeader(): Promise<string> {
    const state = await this.request.storageState();
    const host = new URL(this.node.baseUrl).hostname;
    return state.cookies
      .filter((c) => domainMatches(c.domain, host))
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
  }

  /**
   * Any method of ./methods.ts by its key, under the node's name for it, its result checked against
   * the table's schema: a method with no wrapper above (a new cell's) needs none.
   */
  async typed<K extends RpcMethodKey>(key: K, params: unknown): Promise<z.output<RpcMethodTable[K]['result']>> {
    const { name, result: schema } = (await this.methodTable())[key];
    return this.step(stepTitle(name, params), async () => {
      const result = await this.callUnwrapped(name, params);
      return parseResult(this.node.name, name, schema, result) as z.output<RpcMethodTable[K]['result']>;
    });
  }

  // ---- internals ----------------------------------------------------------------------------

  /**
   * A login comes before the node's version can be read (get-state needs a session), so it speaks the
   * fallback version's auth.login: a version that renames it must be named up front, not discovered.
   */
  private async loginUnwrapped(password?: string): Promise<void> {
    const { name, result: schema } = rpcMethodsFor(undefined).methods.login;
    const response = await this.send(this.request, name, { password: password ?? this.password() }, false);
    // A login hands out a new csrf_token (whatever the answer's headers say): read the jar again next time.
    this.csrfCache = null;
    const result = await this.unwrap(name, response);
    const parsed = parseResult(this.node.name, name, schema, result);
    if (parsed?.requires_totp) {
      throw new RpcError(
        this.node.name,
        name,
        'the node asks for a TOTP code; the suite logs in with a password only (turn 2FA off for the test account)',
        undefined,
      );
    }
  }

  private async callUnwrapped(method: string, params: unknown): Promise<unknown> {
    const response = await this.send(this.request, method, params, true);
    if (response.status() === 401 && !UNAUTHENTICATED_METHODS.has(method)) {
      await response.dispose();
      return this.step(`session expired on ${this.node.name}: logged in again and repeated ${method}`, async () => {
        await this.loginUnwrapped();
        const again = await this.send(this.request, method, params, true);
        return this.unwrap(method, again);
      });
    }
    return this.unwrap(method, response);
  }

  /** The csrf_token of this client's own context: cached (see csrfCache), or read fresh. */
  private async csrfOf(context: APIRequestContext, fresh: boolean): Promise<string | undefined> {
    if (context !== this.request) return csrfFrom(context, this.node.baseUrl);
    if (fresh || this.csrfCache === null) this.csrfCache = await csrfFrom(context, this.node.baseUrl);
    return this.csrfCache;
  }

  /**
   * One JSON-RPC request. `exact` (raw calls) reads the csrf_token from the cookie jar for this very
   * request and never repeats it; otherwise the cached token is sent, and a 403 answered to a token
   * the jar no longer holds is repeated once with the jar's (the refusal was ours, not the node's).
   */
  private async send(
    context: APIRequestContext,
    method: string,
    params: unknown,
    withCsrf: boolean,
    exact = false,
  ): Promise<APIResponse> {
    const sent = withCsrf ? await this.csrfOf(context, exact) : undefined;
    const response = await this.post(context, method, params, sent);
    if (response.headers()['set-cookie'] !== undefined) this.csrfCache = null;
    if (!withCsrf || exact || response.status() !== 403 || context !== this.request) return response;
    const now = await this.csrfOf(context, true);
    if (now === sent) return response;
    await response.dispose();
    return this.post(context, method, params, now);
  }

  private async post(
    context: APIRequestContext,
    method: string,
    params: unknown,
    csrf: string | undefined,
  ): Promise<APIResponse> {
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (csrf) headers[CSRF_HEADER] = csrf;
    const body: Record<string, unknown> = { jsonrpc: '2.0', id: this.nextId++, method };
    if (params !== undefined) body.params = params;
    const url = this.node.baseUrl + RPC_PATH;
    const at = new Date();
    const target = targetFor(this.node);
    beforeConnect(target); // a node whose identity changed gets nothing more (lib/http/pin.ts)
    try {
      const response = await context.post(url, {
        data: body,
        headers,
        failOnStatusCode: false,
        timeout: this.timeoutMs,
        maxRedirects: 0,
      });
      if (this.onCall) await this.record(at, method, params, response);
      return response;
    } catch (error) {
      this.onCall?.({
        at: at.toISOString(),
        method,
        ...paramsFor(method, params),
        ms: Date.now() - at.getTime(),
        error: firstLine(error),
      });
      const identity = await connectionFailure(target, url, error);
      if (identity instanceof IdentityChangedError) throw identity;
      throw new NodeUnreachableError(this.node.name, url, firstLine(error));
    }
  }

  private async record(at: Date, method: string, params: unknown, response: APIResponse): Promise<void> {
    const answer = parseBody(await bodyText(response).catch(() => ''));
    const envelope = typeof answer === 'object' && answer !== null ? (answer as Envelope) : undefined;
    this.onCall!({
      at: at.toISOString(),
      method,
      ...paramsFor(method, params),
      ms: Date.now() - at.getTime(),
      status: response.status(),
      ...(envelope?.error
        ? { error: envelope.error.message ?? JSON.stringify(envelope.error) }
        : { result: envelope ? envelope.result : answer }),
    });
  }

  private async unwrap(method: string, response: APIResponse): Promise<unknown> {
    const status = response.status();
    const text = await bodyText(response);
    if (status < 200 || status >= 300) throw new HttpStatusError(this.node.name, method, status, text);
    const body = parseBody(text);
    if (typeof body !== 'object' || body === null) {
      throw new SchemaMismatchError(
        this.node.name,
        method,
        '',
        'expected a JSON-RPC envelope {result, error}',
        preview(text),
      );
    }
    const envelope = body as Envelope;
    if (envelope.error) {
      throw new RpcError(
        this.node.name,
        method,
        envelope.error.message ?? JSON.stringify(envelope.error),
        envelope.error.code,
      );
    }
    return envelope.result ?? null;
  }
}

// ---- helpers ----------------------------------------------------------------------------------

/** auth.* params carry passwords and codes: a call record never holds them. */
function paramsFor(method: string, params: unknown): { params?: unknown } {
  if (params === undefined) return {};
  return method.startsWith('auth.') ? { params: '[not recorded]' } : { params };
}

/** `rpc package.install lnd`: method plus the app id when the params carry one. Never other params. */
export function stepTitle(method: string, params: unknown): string {
  const id =
    typeof params === 'object' && params !== null && typeof (params as { id?: unknown }).id === 'string'
      ? (params as { id: string }).id
      : '';
  return `rpc ${method}${id ? ` ${id}` : ''}`;
}

export function parseResult<S extends z.ZodType>(node: string, method: string, schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const fieldPath = issue.path.map(String).join('.');
  return failSchema(node, method, fieldPath, issue.message, valueAt(value, issue.path));
}

function failSchema(node: string, method: string, fieldPath: string, problem: string, received: unknown): never {
  throw new SchemaMismatchError(
    node,
    method,
    fieldPath,
    problem,
    preview(received === undefined ? 'undefined' : JSON.stringify(received)),
  );
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return current;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function preview(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n').find((l) => l.trim() && !l.startsWith('Call log')) ?? message;
}

/** A response's body, read once (each text() is a round trip to Playwright): record and unwrap share it. */
const bodies = new WeakMap<APIResponse, Promise<string>>();
function bodyText(response: APIResponse): Promise<string> {
  let text = bodies.get(response);
  if (!text) {
    text = response.text();
    bodies.set(response, text);
  }
  return text;
}

async function csrfFrom(context: APIRequestContext, baseUrl: string): Promise<string | undefined> {
  const state = await context.storageState();
  const host = new URL(baseUrl).hostname;
  return state.cookies.find((c) => c.name === CSRF_COOKIE && domainMatches(c.domain, host))?.value;
}
