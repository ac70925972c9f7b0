/**
 * The "dashboard only" origin rule (archy-surface §1.6, AA 0003/0005/0006/0015 `node_origin`): a
 * request to a dashboard-only method is allowed when it has no `Origin` header (a non-browser client),
 * or when its Origin is http(s), its host equals the Host header's host and its port is 80 or 443.
 * Anything else answers HTTP 403. `fault` switches the origin faults of sim/faults.ts (security block).
 * The sim runs as a production node: no dev-mode loopback exception.
 */
import type { IncomingMessage } from 'node:http';

/** Methods of §1.6's list that the sim implements. */
export const DASHBOARD_ONLY_METHODS: ReadonlySet<string> = new Set(['auth.signer.list']);

/** Does the node offer `method`? With --no-signer-methods it has no auth.signer.* (AA 0006 is a patch on archy). */
export function offered(method: string, signerMethods: boolean): boolean {
  return signerMethods || !method.startsWith('auth.signer.');
}

/** The 403 text archy uses for auth.signer.* (§1.2, AA 0006). */
export const SIGNER_ORIGIN_MESSAGE = 'Managing login signers is only allowed from the dashboard';

function hostOf(hostHeader: string): string {
  // "[::1]:443" → "[::1]", "node.local:8443" → "node.local"
  if (hostHeader.startsWith('[')) return hostHeader.slice(0, hostHeader.indexOf(']') + 1).toLowerCase();
  const colon = hostHeader.lastIndexOf(':');
  return (colon > 0 ? hostHeader.slice(0, colon) : hostHeader).toLowerCase();
}

export function originAllowed(req: IncomingMessage, fault: (name: string) => boolean): boolean {
  const origin = req.headers.origin;
  if (origin === undefined || fault('origin-rule-missing')) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false; // "null" and other opaque origins
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
  const sameHost = url.hostname.toLowerCase() === hostOf(req.headers.host ?? '');
  return sameHost && (fault('origin-port-ignored') || port === 80 || port === 443);
}
