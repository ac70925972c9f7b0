/**
 * Handler errors: HTTP 200 with `{error:{code, message}}` (archy-surface §1.2/§1.3). Messages start
 * with archy's user-facing prefixes ("Invalid", "Missing", "Not found", "Already exists").
 */
import { guess } from './guesses';

export class RpcFailure extends Error {
  override name = 'RpcFailure';
  constructor(
    message: string,
    readonly code: number = guess('handler-error-code'),
  ) {
    super(message);
  }
}

/** archy's sanitiser: a message without a known prefix is replaced by a generic one; cut to 200 chars. */
const PREFIXES = [
  'Invalid',
  'Missing',
  'Not found',
  'Already exists',
  'Session expired',
  'Password Incorrect',
  'Method not found',
  'Unauthorized',
];

/** §1.3: the paths the sanitiser rewrites. */
const PATH_REWRITES: readonly [string, string][] = [
  ['/usr/local/bin/', '[bin]/'],
  ['/etc/', '[config]/'],
];

/** `leakPaths`: the fault sanitiser-leaks-paths (the rewrite forgotten). */
export function sanitize(message: string, leakPaths = false): string {
  if (!PREFIXES.some((p) => message.startsWith(p))) return 'Internal error';
  const rewritten = leakPaths ? message : PATH_REWRITES.reduce((m, [from, to]) => m.split(from).join(to), message);
  return rewritten.length > 200 ? `${rewritten.slice(0, 200)}...` : rewritten;
}
