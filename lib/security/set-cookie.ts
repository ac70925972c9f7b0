/**
 * A Set-Cookie line, parsed (RFC 6265 §5.2): name, value and attributes by lower-case name
 * (`httponly`, `secure` → true; `samesite`, `path`, `max-age`, `expires`, `domain` → their value).
 */
export interface SetCookie {
  name: string;
  value: string;
  attributes: Record<string, string | true>;
}

export function parseSetCookie(line: string): SetCookie {
  const [pair = '', ...rest] = line.split(';');
  const eq = pair.indexOf('=');
  const name = (eq >= 0 ? pair.slice(0, eq) : pair).trim();
  const value = eq >= 0 ? pair.slice(eq + 1).trim() : '';
  const attributes: Record<string, string | true> = {};
  for (const part of rest) {
    const at = part.indexOf('=');
    const key = (at >= 0 ? part.slice(0, at) : part).trim().toLowerCase();
    if (!key) continue;
    attributes[key] = at >= 0 ? part.slice(at + 1).trim() : true;
  }
  return { name, value, attributes };
}

/**
 * RFC 6265 §5.1.4 path-match: does a cookie with this Path go to `requestPath`? A cookie without a
 * Path gets the default path of the URL that set it (`/rpc` for /rpc/v1), which /rpc/v1 matches: "/" stands in.
 */
export function pathMatches(cookiePath: string | true | undefined, requestPath: string): boolean {
  const p = typeof cookiePath === 'string' && cookiePath.startsWith('/') ? cookiePath : '/';
  if (requestPath === p) return true;
  if (!requestPath.startsWith(p)) return false;
  return p.endsWith('/') || requestPath[p.length] === '/';
}
