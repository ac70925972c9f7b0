/** Node control: one interface (./types.ts), the sim's admin port (./sim.ts), SSH (./ssh/). */
export * from './types';
export { SimControl, SimControlError } from './sim-admin';
export { SshControl, type SshControlOptions } from './ssh/ssh-control';
export { sshPreflight, PREFLIGHT_BUDGET_MS } from './ssh/preflight';
export { SshSettingError, hostKeyFingerprint } from './ssh/connection';
