/**
 * The node's session as the suite's own client sends it: the cookies the RPC client's request
 * context holds (its storageState), matched to a URL as a browser would (domain, path, Secure,
 * expiry) — and never over plain http to a node whose dashboard is https, so a probe of an app's
 * plain port carries no session.
 */

/** A cookie as Playwright's storageState() lists it. */
export interface StoredCookie {
  name: string;
  value: string;
  domain: string;
  path: string;
  /** Unix seconds; -1 for a session cookie. */
  expires: number;
  secure: boolean;
}

/** Does a cookie stored for `cookieDomain` go to `host` (RFC 6265 §5.1.3, leading dot ignored)? */
export function domainMatches(cookieDomain: string, host: string): boolean {
  const d = cookieDomain.replace(/^\./, '');
  return d === host || host.endsWith(`.${d}`);
}

function pathMatches(cookiePath: string, requestPath: string): boolean {
  if (!cookiePath || cookiePath === '/' || requestPath === cookiePath) return true;
  const prefix = cookiePath.endsWith('/') ? cookiePath : `${cookiePath}/`;
  return requestPath.startsWith(prefix);
}

/** The Cookie header for a request to `url` of the node at `baseUrl` ('' when none applies). */
export function cookieHeaderFor(cookies: readonly StoredCookie[], url: string, baseUrl: string): string {
  const target = new URL(url);
  const https = target.protocol === 'https:';
  if (!https && new URL(baseUrl).protocol === 'https:') return '';
  const now = Date.now() / 1000;
  return cookies
    .filter(
      (c) =>
        domainMatches(c.domain, target.hostname) &&
        pathMatches(c.path, target.pathname) &&
        (https || !c.secure) &&
        (c.expires < 0 || c.expires > now),
    )
    .map((c) => `${c.name}=${c.value}`)
    .join('; ');
}
