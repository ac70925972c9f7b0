/**
 * The JSON-RPC method names the sim serves, keyed by archy version (`major.minor`): for each version,
 * the methods it answers to under another name than the version before (the 1.9 name → its new name).
 * This is the sim's one version-keyed method map: the versions the sim can be (guess
 * `server-version`, sim/guesses/rpc.ts) are its keys, and the handlers (sim/daemon.ts), the guesses'
 * method lists and the dashboard's calls (/assets/methods.js) keep 1.9's names and are served under
 * the chosen version's. A version that renames a method is one line here, e.g.
 * `'2.0': { 'container-list': 'package.containers' }`; a new method is only its handler.
 *
 * The suite keeps its own table (lib/rpc/methods.ts); the sim never reads it (it is the node under test).
 */

/** Renames per version, oldest first: 1.9 name → the name served from that version on. */
export const SIM_RPC_METHODS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  '1.9': {},
};

/** The versions the sim can be, oldest first (`1.9`, …). */
export const SIM_VERSIONS: readonly string[] = Object.keys(SIM_RPC_METHODS);

function parts(version: string): [number, number] | undefined {
  const match = /(\d+)\.(\d+)/.exec(version);
  return match ? [Number(match[1]), Number(match[2])] : undefined;
}

/** The renames in force on a node of `version` (`2.1.0-sim`: those of every known version up to 2.1). */
export function renamesFor(version: string): Readonly<Record<string, string>> {
  const [major, minor] = parts(version) ?? [0, 0];
  const upTo = SIM_VERSIONS.filter((v) => {
    const [a, b] = parts(v) ?? [0, 0];
    return a < major || (a === major && b <= minor);
  });
  return Object.assign({}, ...upTo.map((v) => SIM_RPC_METHODS[v]));
}

/**
 * Served name → 1.9 name, for the `methods` the sim implements (by their 1.9 names) on a node of
 * `version`. Throws when a rename names a method the sim does not implement (a typo in the map).
 */
export function servedMethods<M extends string>(version: string, methods: readonly M[]): ReadonlyMap<string, M> {
  const renames = renamesFor(version);
  const unknown = Object.keys(renames).filter((m) => !(methods as readonly string[]).includes(m));
  if (unknown.length)
    throw new Error(`sim/rpc-methods.ts renames methods the sim does not serve: ${unknown.join(', ')}`);
  return new Map(methods.map((m) => [renames[m] ?? m, m]));
}
