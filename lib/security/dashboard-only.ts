/**
 * What the origin checks (api-specs/security-origin.spec.ts) can try the §1.6 rule on: the first
 * dashboard-only method of §1.6's list that the node offers. A node built without AA's signer patches
 * answers auth.signer.list "Method not found" (-32601): that is what the node offers, not a broken
 * origin rule, so the next method of the list is tried; a node with none of them leaves the rule
 * untried (not covered, with the reason), never red.
 */
import type { RawAnswer } from './crafted-rpc';

export interface DashboardOnlyProbe {
  method: string;
  params: Record<string, unknown>;
  /**
   * true: a read, so "let through" means an answer without error. false: a call on something that does
   * not exist (it changes nothing), so "let through" means the method answered (HTTP 200) with its own error.
   */
  reads: boolean;
  basis: string;
}

/** §1.6's dashboard-only methods that are safe on a real node, in the order they are tried. */
export const DASHBOARD_ONLY_PROBES: readonly DashboardOnlyProbe[] = [
  { method: 'auth.signer.list', params: {}, reads: true, basis: '§2.1: the login signers' },
  { method: 'auth.signer.status', params: {}, reads: true, basis: '§2.1: the signer login pause and recent attempts' },
  { method: 'wildbloom.storage.get', params: {}, reads: true, basis: '§2.5: the storage settings (dashboard admin)' },
  {
    method: 'identity.link-nostrconnect-finish',
    params: { pairing_id: 'archy-e2e-no-such-pairing' },
    reads: false,
    basis: '§2.4: a pairing that does not exist',
  },
];

/** The method does not exist on the node: JSON-RPC -32601, or its "Method not found" wording (§1.3). */
export function methodMissing(answer: RawAnswer): boolean {
  if (answer.errorCode === -32601) return true;
  return /^(method not found|not found: method|unknown method)\b/i.test(answer.errorMessage ?? '');
}

/** Did the node let the call through (the origin rule allowed it)? */
export function letThrough(probe: DashboardOnlyProbe, answer: RawAnswer): boolean {
  if (answer.status !== 200 || methodMissing(answer)) return false;
  return probe.reads ? !answer.hasError : true;
}

/** The reason a node without any of them gives for not trying the rule. */
export function noDashboardOnlyMethod(node: string): string {
  const tried = DASHBOARD_ONLY_PROBES.map((p) => p.method).join(', ');
  return `${node} has no dashboard-only method: the origin rule cannot be tried (§1.6; tried ${tried}: each answered "Method not found")`;
}

const found = new Map<string, Promise<DashboardOnlyProbe | null>>();

/**
 * The first probe the node offers, asked once per node in a worker: `send(probe)` calls it the way
 * §1.6 always allows (no Origin, the owner's session). null: the node has none of them.
 */
export function dashboardOnlyProbe(
  node: string,
  send: (probe: DashboardOnlyProbe) => Promise<RawAnswer>,
): Promise<DashboardOnlyProbe | null> {
  let pending = found.get(node);
  if (!pending) {
    pending = (async () => {
      for (const probe of DASHBOARD_ONLY_PROBES) if (!methodMissing(await send(probe))) return probe;
      return null;
    })();
    pending.catch(() => found.delete(node));
    found.set(node, pending);
  }
  return pending;
}
