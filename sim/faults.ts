/**
 * The catalogue of named product faults (one line each in sim/FAULTS.md) and the generic fault
 * primitives of the control channel. `ownedBy: 'surfaces'` faults are evaluated by sim/surfaces via
 * `ctx.faultOn(name)`; the daemon evaluates the rest.
 */
import type { Operation as PatchOp } from 'fast-json-patch';

export interface FaultDef {
  /** Name, or a prefix ending in ':' that takes an app id (e.g. 'proxy-502:'). */
  name: string;
  ownedBy: 'daemon' | 'surfaces';
  what: string;
  /** Matrix cells it should turn red (DESIGN.md cell ids; L4/L5/L6/security where no cell). */
  cells: string;
}

export const FAULTS: readonly FaultDef[] = [
  { name: 'bitcoin-stops', ownedBy: 'daemon', what: 'bitcoin-knots stops by itself (container exits, entry "stopped") 10 s after the daemon sees it running (also after a daemon restart or reboot)', cells: 'bitcoin-knots: start, restart, reinstall, reboot, daemon-restart (and state, rpc, ui, stop when they reach it >10 s after it started)' },
  { name: 'backends-die-on-daemon-restart', ownedBy: 'daemon', what: 'a daemon restart or kill -9 kills every backend container (pre-Quadlet archy); entries come back "stopped"; companions survive', cells: 'daemon-restart of bitcoin-knots, bitcoin-core, lnd, electrumx, btcpay-server, mempool, fedimint, filebrowser' },
  { name: 'install-hangs', ownedBy: 'daemon', what: 'package.install never finishes: the entry stays "installing" with progress stuck at 40 %', cells: 'present, state, reinstall of every installable app (L1 install budget)' },
  { name: 'install-vanishes', ownedBy: 'daemon', what: 'half-way through an install the entry disappears from package-data and no container is left', cells: 'present, state, reinstall of every installable app' },
  { name: 'state-lies', ownedBy: 'daemon', what: 'install/start/restart report "running" but the container is gone (absent from container-list, surfaces closed)', cells: 'present, rpc, ui of every app brought up while on' },
  { name: 'uninstall-leaves-container', ownedBy: 'daemon', what: 'package.uninstall removes the entry but leaves the containers running', cells: 'reinstall of every app (and the suite\'s "uninstall leaves nothing" check)' },
  { name: 'reinstall-fails', ownedBy: 'daemon', what: 'installing an app that was installed before in this data dir fails: entry "stopped" with install-progress.message "Invalid container: name already in use"', cells: 'reinstall of every app' },
  { name: 'reboot-loses-app:', ownedBy: 'daemon', what: 'after a host reboot the app (entry and containers) is gone', cells: 'reboot of <app>' },
  { name: 'wedged-after-kill9', ownedBy: 'daemon', what: 'after a kill -9 the daemon comes back wedged: transitional entries never finish and every package.* call fails "Invalid state: package lock held"', cells: 'L3 kill -9 mid-install; stop/start/restart/reinstall afterwards' },
  { name: 'schema-drift', ownedBy: 'daemon', what: 'server.get-state and /ws/db carry "health" as a number (1 healthy, 0 otherwise) on every entry', cells: 'state of every app (schema check)' },
  { name: 'slow-install', ownedBy: 'daemon', what: 'every install takes 10x its normal time', cells: 'L6 cold-install KPIs; present/state where the install budget is tight' },
  { name: 'slow-reconcile', ownedBy: 'daemon', what: 'each reconcile tick takes >= 600 ms of wall time (KPI < 250 ms)', cells: 'L6 reconcile-tick KPI' },
  { name: 'csrf-not-enforced', ownedBy: 'daemon', what: 'mutating methods run without a matching X-CSRF-Token', cells: 'security spec "mutating call without CSRF is refused" (L1)' },
  { name: 'auth-bypass', ownedBy: 'daemon', what: 'protected methods answer without a session cookie (no 401)', cells: 'security spec "protected method without session is 401" (L1)' },
  { name: 'login-ui-broken', ownedBy: 'daemon', what: 'the dashboard page gets a script that makes every auth.login from the browser fail with a network error (RPC itself still works)', cells: 'L4 login journey and every L4 journey after it' },
  { name: 'no-restart-after-oom', ownedBy: 'daemon', what: 'an OOM-killed container is not brought back (Restart=always missing); entry goes "stopped" at the next reconcile', cells: 'L3 OOM scenario' },
  { name: 'electrum-down', ownedBy: 'surfaces', what: 'electrumx runs but its Electrum TCP port is closed', cells: 'electrumx: rpc' },
  { name: 'proxy-502:', ownedBy: 'surfaces', what: 'the /app/<app>/ proxy path answers nginx 502 although the app runs', cells: 'ui of <app> (and of its companion sharing the path)' },
  { name: 'direct-port-closed:', ownedBy: 'surfaces', what: 'the direct port of <app> (or port name) is closed although the app runs', cells: 'ui (archy-bitcoin-ui) or rpc (bitcoin-rpc, lnd-rest, electrum) of <app>' },
];

export function faultDef(name: string): FaultDef | undefined {
  return FAULTS.find((f) => (f.name.endsWith(':') ? name.startsWith(f.name) && name.length > f.name.length : f.name === name));
}

/** A generic fault primitive: matched per RPC method or per path prefix on the main port. */
export interface PrimitiveRule {
  match: { method?: string; path?: string };
  latencyMs?: number;
  status?: number;
  rpcError?: { code?: number; message: string };
  body?: unknown;
  jsonPatch?: PatchOp[];
}

export function parseRules(input: unknown): PrimitiveRule[] {
  const rules = (input as { rules?: unknown } | null)?.rules;
  if (!Array.isArray(rules)) throw new Error('Invalid primitives: body must be {"rules":[…]}');
  return rules.map((r, i) => {
    const rule = r as PrimitiveRule;
    const match = rule?.match as PrimitiveRule['match'] | undefined;
    if (!match || typeof match !== 'object' || (match.method === undefined && match.path === undefined)) throw new Error(`Invalid primitives: rule ${i} needs match.method or match.path`);
    if (match.method !== undefined && typeof match.method !== 'string') throw new Error(`Invalid primitives: rule ${i} match.method must be a string`);
    if (match.path !== undefined && typeof match.path !== 'string') throw new Error(`Invalid primitives: rule ${i} match.path must be a string`);
    if (rule.latencyMs !== undefined && (typeof rule.latencyMs !== 'number' || rule.latencyMs < 0)) throw new Error(`Invalid primitives: rule ${i} latencyMs must be a number >= 0`);
    if (rule.status !== undefined && (!Number.isInteger(rule.status) || rule.status < 100 || rule.status > 599)) throw new Error(`Invalid primitives: rule ${i} status must be an HTTP status`);
    if (rule.rpcError !== undefined && typeof rule.rpcError?.message !== 'string') throw new Error(`Invalid primitives: rule ${i} rpcError.message must be a string`);
    if (rule.jsonPatch !== undefined && !Array.isArray(rule.jsonPatch)) throw new Error(`Invalid primitives: rule ${i} jsonPatch must be an array of RFC 6902 ops`);
    return rule;
  });
}

/** The switchable faults and primitives of one host. */
export class FaultSet {
  private readonly on = new Set<string>();
  rules: PrimitiveRule[] = [];

  constructor(private readonly onChange: () => void = () => {}) {}

  has(name: string): boolean {
    return this.on.has(name);
  }

  list(): string[] {
    return [...this.on].sort();
  }

  /** Switch faults; unknown names are refused (all or nothing). */
  switch(on: string[], off: string[]): void {
    const unknown = [...on].filter((n) => !faultDef(n));
    if (unknown.length) throw new Error(`Not found: unknown fault ${unknown.join(', ')} (see sim/FAULTS.md)`);
    for (const n of off) this.on.delete(n);
    for (const n of on) this.on.add(n);
    this.onChange();
  }

  reset(to: string[]): void {
    this.on.clear();
    for (const n of to) this.on.add(n);
    this.rules = [];
    this.onChange();
  }

  /** The first primitive rule for an RPC method or a request path. */
  ruleFor(method: string | null, urlPath: string): PrimitiveRule | undefined {
    return this.rules.find((r) => (r.match.method !== undefined ? r.match.method === method : false) || (r.match.path !== undefined && r.match.method === undefined ? urlPath.startsWith(r.match.path) : false));
  }
}
