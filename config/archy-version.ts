/**
 * archy versions, parsed in one place: every version-keyed map of the suite (the dashboard's texts in
 * pages/selectors.ts, the RPC method table in lib/rpc/methods.ts) is keyed by `major.minor` and picks
 * its entry for a node with `pickVersion`: the node's own version, else the newest known one older
 * than it, else the fallback.
 */

/** The version every map knows; used when a node's version is unknown or older than every key. */
export const FALLBACK_VERSION = '1.9';

/** `1.9.0-alpha` / `v1.9.0-sim` → `1.9`; undefined when the string has no major.minor. */
export function versionKey(version: string | undefined | null): string | undefined {
  const match = /(\d+)\.(\d+)/.exec(version ?? '');
  return match ? `${Number(match[1])}.${Number(match[2])}` : undefined;
}

/**
 * The entry of `map` for a node's `version`: its `major.minor` key, else the newest key older than
 * it, else FALLBACK_VERSION's. `chosen` says which key was used (for the report).
 */
export function pickVersion<T>(
  map: Readonly<Record<string, T>>,
  version: string | undefined | null,
): { value: T; chosen: string } {
  const key = versionKey(version);
  if (key && map[key] !== undefined) return { value: map[key], chosen: key };
  if (key) {
    const [major, minor] = key.split('.').map(Number) as [number, number];
    const older = Object.keys(map)
      .map((k) => ({ k, parts: k.split('.').map(Number) as [number, number] }))
      .filter(({ parts }) => parts[0] < major || (parts[0] === major && parts[1] <= minor))
      .sort((a, b) => b.parts[0] - a.parts[0] || b.parts[1] - a.parts[1]);
    if (older[0]) return { value: map[older[0].k]!, chosen: older[0].k };
  }
  const fallback = map[FALLBACK_VERSION];
  if (fallback === undefined) throw new Error(`a version-keyed map has no entry for ${FALLBACK_VERSION}`);
  return { value: fallback, chosen: FALLBACK_VERSION };
}
