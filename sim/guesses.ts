/**
 * Every guess the simulated daemon makes about a real archy node, in one place (sources:
 * ../shared/archy-surface.md; "GUESS" there means no direct evidence). A fact learned from a real
 * node is a one-line change here. Code elsewhere tagged `GUESS:` points at an entry of this file.
 * (The app surfaces keep their own guesses in sim/surfaces/guesses.ts.)
 */
export const GUESSES = {
  /** server-info.version of the simulated node (archy v1.9.0-alpha, AA-PINS). */
  version: '1.9.0-sim',
  /** `health` result: any truthy value is accepted by archy's scripts (§1.1). */
  healthResult: 'ok',
  /** §1.3: the mock backend answers handler errors with -32603; the real backend may use -1. */
  handlerErrorCode: -32603,
  methodNotFoundCode: -32601,
  /** §1.2: body of the 401 for a protected method without a session. */
  unauthorized: { code: 401, message: 'Unauthorized' },
  /** §1.5: body of the 403 when X-CSRF-Token does not match the csrf_token cookie. */
  csrfMismatch: { code: 403, message: 'CSRF token mismatch' },
  /** §1.7: body of the 429 of the login limiter. */
  rateLimited: { code: 429, message: 'Too many login attempts, try again later' },
  /** Bad input (not seen on a node): HTTP status and JSON-RPC codes of malformed requests. */
  parseError: { status: 400, code: -32700 },
  invalidRequest: { status: 400, code: -32600 },
  bodyTooLarge: { status: 413, code: -32600, limitBytes: 1024 * 1024 },
  /** §1.6: methods callable without a session. `auth.logout` only clears cookies, so it needs none. */
  unauthenticatedMethods: ['health', 'auth.login', 'auth.logout', 'auth.isSetup', 'auth.isOnboardingComplete', 'auth.setup'],
  /** §1.5: read-only authenticated methods that skip the CSRF check. */
  csrfExemptMethods: ['marketplace.list', 'system.get-hostname', 'server.get-state', 'container-list', 'bitcoin.getinfo', 'auth.totp.status', 'server.time'],
  /** §1.7: 5 login attempts per minute per client IP; the 6th answers 429. A successful login clears the count. */
  loginLimit: { attempts: 5, windowMs: 60_000, successClears: true },
  /** §1.4: cookie attributes (Secure is added only over https). */
  cookies: {
    session: 'HttpOnly; SameSite=Strict; Path=/',
    csrf: 'SameSite=Strict; Path=/',
    remember: 'HttpOnly; SameSite=Strict; Path=/',
    rememberTtlSeconds: 30 * 24 * 3600,
  },
  /** §1.4: the password hash (archy uses Argon2id; node has scrypt built in). */
  passwordHash: 'scrypt',
  /** §4.3: the App Store's catalogue method is not seen in archy; the sim answers `marketplace.list` → [{id,title,description,version,icon}]. */
  marketplaceMethod: 'marketplace.list',
  /** §1.8: onboarding is complete on a sim node. */
  onboardingComplete: true,
  /** §3.3: `package.start|stop|restart|uninstall` results are unknown; the sim answers null. */
  lifecycleResult: null,
  /** §3.3: entries appear at once with state "installing" and an install-progress object. */
  installProgressMessages: { pulling: 'Pulling image', creating: 'Creating container', starting: 'Starting container' },
  /** §3.2: lan-address of an app served under a path proxy: the proxy URL on the node's main origin. */
  proxyLanAddress: 'http://localhost:<main port>/app/<path>/',
  /** §3.3: health goes absent → healthy this long after running (time-scaled). */
  healthyAfterMs: 3_000,
  /**
   * §2.3 `container-list` (TESTING only): an array, one entry per container, shaped like
   * `podman ps --format json` (Names[], Image, State, Status, Ports, Created) plus `name` and `app`.
   */
  containerListShape: 'podman-ps',
  /** `bitcoin.getinfo` (TESTING only): getblockchaininfo fields plus `subversion` and `connections`. */
  bitcoinChain: 'main',
  bitcoinStartHeight: 880_000,
  /** Seconds per block at time-scale 1 (the sim mines while a bitcoin node runs). */
  blockIntervalMs: 600_000,
  /** bitcoin.getinfo while no bitcoin node runs. */
  bitcoinDown: 'Invalid state: no bitcoin node is running',
  /** Daemon restart / kill -9 come back after this long; a reboot takes this long (time-scaled). */
  daemonRestartDelayMs: 3_000,
  rebootDelayMs: 30_000,
  /** Restart=always brings an OOM-killed container back after this long (time-scaled). */
  oomRestartDelayMs: 2_000,
  /** archy's reconcile loop (upstream-notes: every 30 s). */
  reconcileIntervalMs: 30_000,
  /** After a kill -9, an entry left in a transitional state is finished from where it stood. */
  resumeAfterKill: true,
  /** `installing` → failure with a container left behind: entry `stopped` with the reason (§3.3). */
  failedInstallState: 'stopped',
  /** Entry whose container exited on its own (seen by the reconcile loop or health monitor). */
  exitedContainerState: 'stopped',
  /** Apps that depend on a bitcoin node are refused unless one runs (CONTRACT.md "Apps"). */
  needsBitcoinMessage: (id: string): string => `Invalid dependency: ${id} requires a running bitcoin node`,
  /** The config file archy keeps in its data dir (not seen; fields are the sim's). */
  configDefaults: { reconcileIntervalSeconds: 30, useQuadletBackends: false, logLevel: 'info' },
} as const;
