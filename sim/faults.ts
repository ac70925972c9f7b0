/**
 * The catalogue of named product faults (one line each in sim/FAULTS.md) and the generic fault
 * primitives of the control channel. `ownedBy: 'surfaces'` faults are evaluated by sim/surfaces via
 * `ctx.faultOn(name)`; the daemon evaluates the rest.
 */
import type { Operation as PatchOp } from 'fast-json-patch';
import { DIRECT_PORT_NAMES, SIM_APPS, type SimApp } from './apps';

/** The backends the suite's cells reach (those with a UI), named in the prose below. */
const UI_BACKENDS = (SIM_APPS as readonly SimApp[])
  .filter((a) => a.kind === 'backend' && a.ui)
  .map((a) => a.id)
  .join(', ');
/** Direct ports that are an app's UI (its ui cell) and the others (its rpc cell). */
const UI_PORTS = DIRECT_PORT_NAMES.filter((n) => SIM_APPS.some((a) => a.ui !== 'proxy' && a.ui?.directPort === n));
const RPC_PORTS = DIRECT_PORT_NAMES.filter((n) => !UI_PORTS.includes(n));

export interface FaultDef {
  /** Name, or a prefix ending in ':' that takes an app id (e.g. 'proxy-502:'). */
  name: string;
  /** 'dashboard': evaluated in the browser by sim/dashboard/assets/fault-hooks.js (the page's FAULTS module). */
  ownedBy: 'daemon' | 'surfaces' | 'dashboard';
  what: string;
  /** Matrix cells it should turn red (DESIGN.md cell ids; L4/L5/L6/security where no cell). */
  cells: string;
}

export const FAULTS: readonly FaultDef[] = [
  {
    name: 'bitcoin-stops',
    ownedBy: 'daemon',
    what: 'bitcoin-knots stops by itself (container exits, entry "stopped") 10 s after the daemon sees it running (also after a daemon restart or reboot)',
    cells:
      'bitcoin-knots: start, restart, reinstall, reboot, daemon-restart (and state, rpc, ui, stop when they reach it >10 s after it started)',
  },
  {
    name: 'backends-die-on-daemon-restart',
    ownedBy: 'daemon',
    what: 'a daemon restart or kill -9 kills every backend container (pre-Quadlet archy); entries come back "stopped"; companions survive',
    cells: `daemon-restart of ${UI_BACKENDS}`,
  },
  {
    name: 'install-hangs',
    ownedBy: 'daemon',
    what: 'package.install never finishes: the entry stays "installing" with progress stuck at 40 %',
    cells: 'present, state, reinstall of every installable app (L1 install budget)',
  },
  {
    name: 'install-vanishes',
    ownedBy: 'daemon',
    what: 'half-way through an install the entry disappears from package-data and no container is left',
    cells: 'present, state, reinstall of every installable app',
  },
  {
    name: 'state-lies',
    ownedBy: 'daemon',
    what: 'install/start/restart report "running" but the container is gone (absent from container-list, surfaces closed)',
    cells: 'present, rpc, ui of every app brought up while on',
  },
  {
    name: 'uninstall-leaves-container',
    ownedBy: 'daemon',
    what: 'package.uninstall removes the entry but leaves the containers running',
    cells: 'reinstall of every app (and the suite\'s "uninstall leaves nothing" check)',
  },
  {
    name: 'reinstall-fails',
    ownedBy: 'daemon',
    what: 'installing an app that was installed before in this data dir fails: entry "stopped" with install-progress.message "Invalid container: name already in use"',
    cells: 'reinstall of every app',
  },
  {
    name: 'reboot-loses-app:',
    ownedBy: 'daemon',
    what: 'after a host reboot the app (entry and containers) is gone',
    cells: 'reboot of <app>',
  },
  {
    name: 'wedged-after-kill9',
    ownedBy: 'daemon',
    what: 'after a kill -9 the daemon comes back wedged: transitional entries never finish and every package.* call fails "Invalid state: package lock held"',
    cells: 'L3 kill -9 mid-install; stop/start/restart/reinstall afterwards',
  },
  // ---- L3 in every state: a node event must leave a stopped app stopped, finish or undo an install, and a start must come up healthy
  {
    name: 'daemon-restart-starts-stopped',
    ownedBy: 'daemon',
    what: 'a daemon restart or kill -9 starts every app the user had stopped (its unit enabled again at start-up)',
    cells: 'daemon-restart of every app the L3 stack left stopped for the event',
  },
  {
    name: 'reboot-starts-stopped',
    ownedBy: 'daemon',
    what: 'after a host reboot every app the user had stopped runs again (its unit left enabled, Restart=always)',
    cells: 'reboot of every app the L3 stack left stopped for the event',
  },
  {
    name: 'install-stuck-after-kill9',
    ownedBy: 'daemon',
    what: 'an install interrupted by a kill -9 of the daemon is never resumed nor undone: the entry stays "installing" forever',
    cells: 'daemon-restart of the app the L3 stack caught installing (and of the companions installed with it)',
  },
  {
    name: 'unhealthy-after-start:',
    ownedBy: 'daemon',
    what: 'after package.start the app runs but its health check fails: get-state turns health "unhealthy" a few seconds later',
    cells: 'start of <app>',
  },
  {
    name: 'schema-drift',
    ownedBy: 'daemon',
    what: 'server.get-state and /ws/db carry "health" as a number (1 healthy, 0 otherwise) on every entry',
    cells: 'state of every app (schema check)',
  },
  {
    name: 'slow-install',
    ownedBy: 'daemon',
    what: 'every install takes 10x its normal time',
    cells: 'L6 cold-install KPIs; present/state where the install budget is tight',
  },
  {
    name: 'uninstall-stuck:',
    ownedBy: 'daemon',
    what: 'package.uninstall of <app> never finishes: the entry stays "removing" (its containers stay)',
    cells:
      'reinstall of <app> (its action budget); every later cell of the repetition that needs <app> (or the bitcoin node it blocks) ends blocked by <app>/reinstall',
  },
  {
    name: 'slow-get-state',
    ownedBy: 'daemon',
    what: 'server.get-state answers 3 s late (real time, whatever the time-scale): a slow node, not a broken one',
    cells: 'L6 rpc-latency KPI (p95 of server.get-state over its budget); the preflight reports the latency',
  },
  {
    name: 'slow-reconcile',
    ownedBy: 'daemon',
    what: 'each reconcile tick takes >= 600 ms of wall time (KPI < 250 ms)',
    cells: 'L6 reconcile-tick KPI',
  },
  {
    name: 'csrf-not-enforced',
    ownedBy: 'daemon',
    what: 'mutating methods run without a matching X-CSRF-Token',
    cells: 'security-csrf: every refusal (missing, empty, wrong, altered, other session, forged pair)',
  },
  {
    name: 'auth-bypass',
    ownedBy: 'daemon',
    what: 'protected methods answer without a session cookie (no 401)',
    cells:
      'security-session (all), security-unauthenticated (protected methods), security-logout, security-remember (forged), security-restart (logged out)',
  },
  {
    name: 'login-ui-broken',
    ownedBy: 'daemon',
    what: 'the dashboard page gets a script that makes every auth.login from the browser fail with a network error (RPC itself still works)',
    cells: 'L4 login journey and every L4 journey after it',
  },
  {
    name: 'no-restart-after-oom',
    ownedBy: 'daemon',
    what: 'an OOM-killed container is not brought back (Restart=always missing); entry goes "stopped" at the next reconcile',
    cells: 'L3 OOM scenario',
  },
  // ---- dashboard faults (issue 24): bugs of the dashboard only; the API (get-state, container-list, RPC) stays right.
  // The journeys each must turn red are in scripts/dashboard-faults.ts.
  {
    name: 'ui-badge-lies',
    ownedBy: 'dashboard',
    what: 'the state badge shows "stopped" for a running app and "running" for a stopped one (get-state is right)',
    cells: 'L4: install-and-use and lifecycle of every app, the page gallery',
  },
  {
    name: 'ui-stop-sends-nothing',
    ownedBy: 'dashboard',
    what: 'the Stop button does nothing: no package.stop leaves the page',
    cells: 'L4: lifecycle of every app (stop)',
  },
  {
    name: 'ui-start-sends-other-id',
    ownedBy: 'dashboard',
    what: 'the Start button sends package.start with the id of the app listed after it (off by one), not its own',
    cells: 'L4: lifecycle of every app (start)',
  },
  {
    name: 'ui-card-stays-after-uninstall',
    ownedBy: 'dashboard',
    what: 'My Apps keeps the card of an app that was uninstalled (with its last state) until the page is reloaded',
    cells: 'L4: lifecycle of every app (uninstall)',
  },
  {
    name: 'ui-list-needs-reload',
    ownedBy: 'dashboard',
    what: 'My Apps lists the apps installed when the page loaded: an install or uninstall shows only after a reload',
    cells: 'L4: install-and-use and lifecycle of every app',
  },
  {
    name: 'ui-launch-opens-other-app',
    ownedBy: 'dashboard',
    what: "Launch opens another app's UI (the next one with a UI at another address)",
    cells: 'L4: install-and-use of every app (open), the page gallery',
  },
  {
    name: 'ui-store-says-installed',
    ownedBy: 'dashboard',
    what: 'the App Store shows "Already Installed" (disabled) for apps that are not installed',
    cells: 'L4: install-and-use of every app (install), the install-error journey',
  },
  {
    name: 'ui-install-error-swallowed',
    ownedBy: 'dashboard',
    what: 'an install the node refuses leaves the App Store as if nothing happened: no role="alert", no message',
    cells: 'L4: the install-error journey',
  },
  // L5 chaos (chaos/): each breaks the recovery of one scenario.
  {
    name: 'oom-unnoticed',
    ownedBy: 'daemon',
    what: 'an OOM-killed container stays dead and the daemon keeps reporting the entry "running"',
    cells: 'L5 chaos-oom',
  },
  {
    name: 'corrupt-config-unlogged',
    ownedBy: 'daemon',
    what: 'a corrupt config.json is silently replaced by defaults: no log line says so',
    cells: 'L5 chaos-corrupt-config',
  },
  {
    name: 'state-rebuild-loses-apps',
    ownedBy: 'daemon',
    what: 'rebuilding a missing/corrupt state DB from the containers keeps only the baseline apps',
    cells: 'L5 chaos-delete-state-db',
  },
  {
    name: 'partition-never-heals',
    ownedBy: 'daemon',
    what: 'a network partition does not end (neither after its seconds nor when its firewall rule is removed)',
    cells: 'L5 chaos-partition',
  },
  // ---- security faults (issue 16): each breaks one protection of archy-surface §1 the way an implementation slip would;
  // the security cells they turn red are listed in scripts/fault-matrix.ts and api-specs/README.md.
  {
    name: 'session-presence-only',
    ownedBy: 'daemon',
    what: 'any non-empty session cookie is taken as a valid session (presence checked, not the token)',
    cells: 'security-session: empty/malformed/unknown/confused session tokens',
  },
  {
    name: 'state-unauthenticated',
    ownedBy: 'daemon',
    what: 'server.get-state is on the unauthenticated list: the whole node state answers without a session',
    cells: 'security-unauthenticated: protected methods refuse anonymous calls',
  },
  {
    name: 'csrf-checked-only-when-present',
    ownedBy: 'daemon',
    what: 'a mutating call without X-CSRF-Token passes; a header that is sent must match',
    cells: 'security-csrf: no header',
  },
  {
    name: 'csrf-not-bound-to-session',
    ownedBy: 'daemon',
    what: 'X-CSRF-Token is compared with the csrf_token cookie only (plain double submit), not with the token derived from the session',
    cells: "security-csrf: forged cookie+header pair, another session's token",
  },
  {
    name: 'session-cookie-not-httponly',
    ownedBy: 'daemon',
    what: 'the session cookie is set without HttpOnly',
    cells: 'security-cookies: session HttpOnly',
  },
  {
    name: 'cookies-samesite-none',
    ownedBy: 'daemon',
    what: 'session and remember cookies are set with SameSite=None',
    cells: 'security-cookies: SameSite',
  },
  {
    name: 'cookies-not-secure',
    ownedBy: 'daemon',
    what: 'cookies lack Secure even over https',
    cells: 'security-cookies: Secure over https (runs on a --tls sim)',
  },
  {
    name: 'logout-keeps-session',
    ownedBy: 'daemon',
    what: 'auth.logout only clears the cookies in the browser: the session and remember token stay valid on the server',
    cells: 'security-logout: replayed session, replayed remember',
  },
  {
    name: 'remember-survives-logout',
    ownedBy: 'daemon',
    what: 'auth.logout ends the session but not the remember token: replaying it restores a session',
    cells: 'security-logout: replayed remember',
  },
  {
    name: 'remember-not-verified',
    ownedBy: 'daemon',
    what: 'any non-empty remember cookie restores a session',
    cells: 'security-remember: forged remember',
  },
  {
    name: 'remember-restore-sets-no-cookies',
    ownedBy: 'daemon',
    what: 'a remember-me restore lets the request through but sets no new session/csrf_token cookies',
    cells: 'security-remember: restore without / with a stale session',
  },
  {
    name: 'sessions-not-persisted',
    ownedBy: 'daemon',
    what: 'sessions live in memory only: a daemon restart logs every client out',
    cells: 'security-restart: a session survives a restart',
  },
  {
    name: 'logout-not-persisted',
    ownedBy: 'daemon',
    what: 'a logout is remembered in memory only; sessions.json keeps the token, so a daemon restart brings the logged-out session back',
    cells: 'security-restart: a logged-out session stays out',
  },
  {
    name: 'origin-rule-missing',
    ownedBy: 'daemon',
    what: 'dashboard-only methods (auth.signer.*) accept any Origin',
    cells: 'security-origin: foreign, null, look-alike and app-port origins',
  },
  {
    name: 'origin-port-ignored',
    ownedBy: 'daemon',
    what: 'the origin rule compares hosts only: a page on an app port of the node (https://node:8337) passes',
    cells: 'security-origin: app-port origin',
  },
  {
    name: 'login-rate-limit-off',
    ownedBy: 'daemon',
    what: 'auth.login is not rate limited',
    cells: 'security-rate-limit: 6th attempt, forwarded-for rotation',
  },
  {
    name: 'login-rate-limit-never-releases',
    ownedBy: 'daemon',
    what: "attempts are counted for the daemon's life instead of per window: once over the limit, every login answers 429 until a restart",
    cells: 'security-rate-limit: release after the window',
  },
  {
    name: 'login-rate-limit-trusts-forwarded-for',
    ownedBy: 'daemon',
    what: 'the limiter keys on the client-supplied X-Forwarded-For header: an attacker rotating it is never limited',
    cells: 'security-rate-limit: forwarded-for rotation',
  },
  {
    name: 'password-case-insensitive',
    ownedBy: 'daemon',
    what: 'the password check ignores letter case',
    cells: 'security-password: the password in another case',
  },
  {
    name: 'sanitiser-leaks-paths',
    ownedBy: 'daemon',
    what: 'the error sanitiser no longer rewrites paths (/etc/ → [config]/, /usr/local/bin/ → [bin]/)',
    cells: 'security-sanitiser: paths in error messages',
  },
  // ---- end of security faults
  {
    name: 'electrum-down',
    ownedBy: 'surfaces',
    what: 'electrumx runs but its Electrum TCP port is closed',
    cells: 'electrumx: rpc',
  },
  {
    name: 'proxy-502:',
    ownedBy: 'surfaces',
    what: 'the /app/<app>/ proxy path answers nginx 502 although the app runs',
    cells: 'ui of <app> (and of its companion sharing the path)',
  },
  {
    name: 'direct-port-closed:',
    ownedBy: 'surfaces',
    what: 'the direct port of <app> (or port name) is closed although the app runs',
    cells: `ui (${UI_PORTS.join(', ')}) or rpc (${RPC_PORTS.join(', ')}) of <app>`,
  },
  // ---- order-dependent faults (sim/sequence-faults.ts): they show only on a sequence of three or more actions (model/ exploration)
  {
    name: 'restart-after-cycle-loses-container',
    ownedBy: 'daemon',
    what: "a restart of an app that was stopped and then started before (in the daemon's life) reports running, but its containers are gone",
    cells: 'none of the fixed cells (each runs one action); found by model/ exploration: stop, start, restart',
  },
  {
    name: 'second-uninstall-leaves-container',
    ownedBy: 'daemon',
    what: "the second uninstall of the same app in the daemon's life removes the entry but leaves its containers",
    cells: 'none of the fixed cells in one pass; found by model/ exploration: uninstall, install, uninstall',
  },
  // evidence-suite: failure signals of archy-surface §3 the cells look for
  {
    name: 'podman-unhealthy:',
    ownedBy: 'daemon',
    what: 'container-list shows the app\'s container "Up … (unhealthy)" (Health unhealthy) while get-state keeps it running and healthy (§3.3: archy once did not surface a Podman-unhealthy container)',
    cells: 'state of <app> (rpc too where the probe reads container health: lnd, fedimint)',
  },
  {
    name: 'ui-stale-height',
    ownedBy: 'surfaces',
    what: 'the Bitcoin UI page shows a block height 5 blocks behind bitcoin.getinfo',
    cells: 'ui (and start, restart, reinstall) of bitcoin-knots, bitcoin-core, archy-bitcoin-ui',
  },
  {
    name: 'wrong-image:',
    ownedBy: 'daemon',
    what: "container-list shows the app's container running another image (docker.io/library/busybox:latest)",
    cells: 'present of <app>',
  },
];

/** evidence-suite: container-list rows as the podman-unhealthy:<app> and wrong-image:<app> faults show them. */
export function withContainerFaults(
  rows: Record<string, unknown>[],
  has: (name: string) => boolean,
): Record<string, unknown>[] {
  return rows.map((row) => {
    const name = String(row.name ?? (row.Names as string[] | undefined)?.[0] ?? '');
    let out = row;
    if (has(`podman-unhealthy:${name}`)) {
      const status = `${String(row.Status ?? row.status ?? 'Up')} (unhealthy)`;
      out = {
        ...out,
        Health: 'unhealthy',
        ...('Status' in row ? { Status: status } : {}),
        ...('status' in row ? { status } : {}),
      };
    }
    if (has(`wrong-image:${name}`)) {
      const image = 'docker.io/library/busybox:latest';
      out = { ...out, ...('Image' in row ? { Image: image } : {}), ...('image' in row ? { image } : {}) };
    }
    return out;
  });
}

export function faultDef(name: string): FaultDef | undefined {
  return FAULTS.find((f) =>
    f.name.endsWith(':') ? name.startsWith(f.name) && name.length > f.name.length : f.name === name,
  );
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
    if (!match || typeof match !== 'object' || (match.method === undefined && match.path === undefined))
      throw new Error(`Invalid primitives: rule ${i} needs match.method or match.path`);
    if (match.method !== undefined && typeof match.method !== 'string')
      throw new Error(`Invalid primitives: rule ${i} match.method must be a string`);
    if (match.path !== undefined && typeof match.path !== 'string')
      throw new Error(`Invalid primitives: rule ${i} match.path must be a string`);
    if (rule.latencyMs !== undefined && (typeof rule.latencyMs !== 'number' || rule.latencyMs < 0))
      throw new Error(`Invalid primitives: rule ${i} latencyMs must be a number >= 0`);
    if (rule.status !== undefined && (!Number.isInteger(rule.status) || rule.status < 100 || rule.status > 599))
      throw new Error(`Invalid primitives: rule ${i} status must be an HTTP status`);
    if (rule.rpcError !== undefined && typeof rule.rpcError?.message !== 'string')
      throw new Error(`Invalid primitives: rule ${i} rpcError.message must be a string`);
    if (rule.jsonPatch !== undefined && !Array.isArray(rule.jsonPatch))
      throw new Error(`Invalid primitives: rule ${i} jsonPatch must be an array of RFC 6902 ops`);
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
    return this.rules.find(
      (r) =>
        (r.match.method !== undefined ? r.match.method === method : false) ||
        (r.match.path !== undefined && r.match.method === undefined ? urlPath.startsWith(r.match.path) : false),
    );
  }
}
