/**
 * Sorts a failed run into the class the owner's bar cares about:
 *   infrastructure — the node or the network around it did not answer (allowed, but never silent),
 *   schema-drift   — the node answered with a shape the suite does not know (a product failure),
 *   install-timeout — an install did not reach running in its budget (a product failure),
 *   product        — everything else.
 *
 * Infrastructure is decided by what the suite's own code says: the RPC client wraps every
 * "could not talk to the node" error in NodeUnreachableError, fixtures raise an *InfraError, and
 * DNS, TLS, host-unreachable, socket timeouts and image pulls are recognised by their messages.
 * A bare ECONNREFUSED is NOT infrastructure: on a node that answers, a refused app port means the
 * app is down (e.g. bitcoin stopped behind port 8332), which is exactly the failure the gate exists for.
 * A request that times out (the port accepts but never answers) is: it is a timeout talking to the node.
 * Waiting for a state that never comes (expect.poll / toPass running out) is a product failure.
 */
export type FailureClass = 'infrastructure' | 'schema-drift' | 'install-timeout' | 'product';

export const FAILURE_CLASSES: readonly FailureClass[] = [
  'infrastructure',
  'schema-drift',
  'install-timeout',
  'product',
];

/** Patterns that mean "the node or the network did not answer". */
export const INFRA_PATTERNS: readonly RegExp[] = [
  /\bNodeUnreachableError\b/,
  // NodeUnreachableError's message, also when a waiter reports it as the last thing it saw
  /\bis unreachable at \S+:/,
  /\b\w*Infra(?:structure)?Error\b/,
  /\b(?:ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|EHOSTDOWN|ETIMEDOUT|ESOCKETTIMEDOUT)\b/,
  /\bUND_ERR_(?:CONNECT_TIMEOUT|HEADERS_TIMEOUT|BODY_TIMEOUT|SOCKET)\b/,
  /\bnet::ERR_(?:NAME_NOT_RESOLVED|INTERNET_DISCONNECTED|ADDRESS_UNREACHABLE|CONNECTION_TIMED_OUT|TIMED_OUT|NETWORK_CHANGED|CERT_[A-Z_]+|SSL_[A-Z_]+)\b/,
  /\b(?:ERR_TLS_[A-Z_]+|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|CERT_HAS_EXPIRED|ERR_SSL_[A-Z_]+)\b/,
  /\bimage pull\b|\bImagePull\w*|\bpull access denied\b|\bmanifest unknown\b|\berror pulling image\b/i,
  // transport timeouts of requests to the node's ports (a port that accepts but never answers):
  // Playwright's request context, and lib/probes' normalised forms of it
  /\bapiRequestContext\.\w+: Timeout \d+ms exceeded/,
  /\bconnection failed \((?:ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|Timeout \d+ms exceeded|self[- ]signed|certificate)\)/i,
  /\bno complete answer within \d+ ms\b/,
];

export const SCHEMA_PATTERNS: readonly RegExp[] = [/\bSchemaMismatchError\b/];

export const INSTALL_TIMEOUT_PATTERNS: readonly RegExp[] = [
  /\bInstallTimeoutError\b/,
  /\binstall(?:ation)?\b[^\n]{0,120}\b(?:timed out|did not reach|not (?:running|healthy) (?:after|within))/i,
];

/**
 * Messages that say only "time ran out", not why: Playwright's own test timeout. They are left out
 * when another error tells what the test was waiting for.
 */
export const NEUTRAL_FIRST_LINES: readonly RegExp[] = [/^(?:Error: )?Test timeout of \d+ms exceeded\.?$/];

function isNeutral(text: string): boolean {
  const firstLine = text.trim().split('\n')[0].trim();
  return NEUTRAL_FIRST_LINES.some((p) => p.test(firstLine));
}

function matchesAny(text: string, patterns: readonly RegExp[]): boolean {
  return patterns.some((p) => p.test(text));
}

/**
 * Classify one failed run from the text of its errors (message + stack of each).
 * Infrastructure wins only when it explains the failure: if any error is a product one that does
 * not mention infrastructure, the run is a product failure.
 */
export function classifyFailure(errorTexts: readonly string[]): FailureClass {
  const present = errorTexts.filter((t) => t.trim().length > 0);
  const explaining = present.filter((t) => !isNeutral(t));
  const texts = explaining.length > 0 ? explaining : present;
  if (texts.length === 0) return 'product';
  if (texts.some((t) => matchesAny(t, SCHEMA_PATTERNS))) return 'schema-drift';
  if (texts.every((t) => matchesAny(t, INFRA_PATTERNS))) return 'infrastructure';
  if (texts.some((t) => matchesAny(t, INSTALL_TIMEOUT_PATTERNS))) return 'install-timeout';
  return 'product';
}

export function isProductClass(failure: FailureClass): boolean {
  return failure !== 'infrastructure';
}
