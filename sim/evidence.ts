/**
 * What the sim does because archy-surface.md says so (the section is cited), and the sim's own
 * internals that no client can observe. Neither varies between variants: guesses live in
 * sim/guesses/, each with its alternatives.
 */
export const EVIDENCE = {
  /** §1.3: the wrong-password message. */
  passwordIncorrect: 'Password Incorrect',
  /** §1.7: 5 login attempts per minute per client IP; the 6th answers HTTP 429. */
  loginLimit: { attempts: 5, windowMs: 60_000 },
  /** §3.3: a failed install that left a container behind is `stopped` with the reason in install-progress.message. */
  failedInstallState: 'stopped',
  /** upstream-notes (§3.3): archy's reconcile loop runs every 30 s. */
  reconcileIntervalMs: 30_000,
  /** §4.4/TESTING: archy-bitcoin-ui's JSON endpoint, relative to its own path (the mock's /app/bitcoin-ui/rpc/v1). */
  bitcoinUiRpcPath: '/rpc/v1',
  /** §1.3: the NE mock's JSON-RPC codes for a malformed request (what the sim answers with, HTTP status in guesses). */
  parseErrorCode: -32700,
  invalidRequestCode: -32600,
} as const;

/** Sim internals: not part of what a node serves, so not a guess about archy. */
export const SIM_INTERNALS = {
  /** Request bodies above this answer 413 (or the malformed-request guess's status). */
  bodyLimitBytes: 1024 * 1024,
  /** The password hash in user.json: scrypt (node has it built in; archy's Argon2id is not observable). */
  passwordHash: 'scrypt',
  /** config.json in the data dir (read by the control channel's corrupt-config fault only). */
  configDefaults: { reconcileIntervalSeconds: 30, useQuadletBackends: false, logLevel: 'info' },
  /** The App Store's catalogue: the sim's own dashboard reads `marketplace.list` (archy's method is not seen, §4.3). */
  marketplaceMethod: 'marketplace.list',
} as const;
