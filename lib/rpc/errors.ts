/**
 * The ways an RPC call can fail, told apart so a report says which one happened.
 * Every message names the node.
 */

/** The node answered with `{error: {code, message}}` (HTTP 200). Assert on `rpcMessage`, not on `code`. */
export class RpcError extends Error {
  override name = 'RpcError';
  constructor(
    readonly node: string,
    readonly method: string,
    readonly rpcMessage: string,
    readonly code: number | undefined,
  ) {
    super(`${node}: ${method} failed: ${rpcMessage}${code !== undefined ? ` (code ${code})` : ''}`);
  }
}

/** The node answered with a non-2xx HTTP status (401 no session, 403 CSRF/origin, 429 rate limit, 5xx). */
export class HttpStatusError extends Error {
  override name = 'HttpStatusError';
  constructor(
    readonly node: string,
    readonly method: string,
    readonly status: number,
    readonly bodyText: string,
  ) {
    super(`${node}: ${method} answered HTTP ${status}${HttpStatusError.meaning(status)}: ${bodyText.slice(0, 200)}`);
  }
  static meaning(status: number): string {
    switch (status) {
      case 401:
        return ' (no valid session)';
      case 403:
        return ' (forbidden: CSRF token or origin rule)';
      case 429:
        return ' (rate limited)';
      case 502:
        return ' (bad gateway: daemon behind nginx is down)';
      default:
        return '';
    }
  }
}

/** The result did not have the shape lib/rpc/schemas.ts expects. */
export class SchemaMismatchError extends Error {
  override name = 'SchemaMismatchError';
  constructor(
    readonly node: string,
    readonly method: string,
    readonly fieldPath: string,
    readonly problem: string,
    readonly received: string,
  ) {
    super(
      `${node}: ${method} result does not match its schema at ${fieldPath || '(result)'}: ${problem}; received ${received}`,
    );
  }
}

/** No HTTP answer at all: connection refused, reset, timeout, TLS failure. */
export class NodeUnreachableError extends Error {
  override name = 'NodeUnreachableError';
  constructor(
    readonly node: string,
    readonly url: string,
    readonly causeText: string,
  ) {
    super(`${node} is unreachable at ${url}: ${causeText}`);
  }
}
