/**
 * zod schemas for every RPC result the suite reads — in one file.
 * Shapes come from ../shared/archy-surface.md §2–§3. Parts not seen on a real node are marked GUESS:
 * a real node that disagrees is a one-line change here.
 * Objects are loose (unknown keys pass) so additions on a real node do not break the suite.
 */
import { z } from 'zod';

/** archy-surface §3.3: the PackageState enum the dashboard knows. */
export const PACKAGE_STATES = [
  'installing',
  'installed',
  'stopping',
  'stopped',
  'starting',
  'running',
  'restarting',
  'creating-backup',
  'restoring-backup',
  'removing',
  'backing-up',
  'exited', // seen in AA stage-to-node.sh as a terminal failure during install
] as const;
export const packageStateSchema = z.enum(PACKAGE_STATES);

/** States a lifecycle call passes through: an entry in one of them has not settled yet. */
const TRANSITIONAL_STATES: ReadonlySet<string> = new Set([
  'installing',
  'stopping',
  'starting',
  'restarting',
  'removing',
]);

/** An entry that is absent or in a resting state (not installing, stopping, starting, restarting, removing). */
export function isSettled(state: string | undefined): boolean {
  return state === undefined || !TRANSITIONAL_STATES.has(state);
}
export type PackageState = z.infer<typeof packageStateSchema>;

/** §3.2 `health` beside state: absent/null, healthy, unhealthy. 'starting' is accepted (config/guesses.ts health-sequence: §7 q7 asks whether it is used). */
export const healthSchema = z.enum(['healthy', 'unhealthy', 'starting']).nullable().optional();

/** §3.4: archy has at least `message`; size/downloaded (NE) and StartOS' keys are guesses (install-progress-shape): all optional, extra keys pass. */
export const installProgressSchema = z
  .looseObject({
    message: z.string().optional(),
    size: z.number().nullable().optional(), // GUESS (NE/StartOS)
    downloaded: z.number().optional(), // GUESS (NE/StartOS)
  })
  .nullable()
  .optional();

/** §3.2 installed.interface-addresses.main: tor-address, lan-address (string | null), lan-port-auth (optional, five values). */
export const interfaceAddressSchema = z.looseObject({
  'tor-address': z.string().nullable().optional(),
  'lan-address': z.string().nullable().optional(),
  'lan-port-auth': z.enum(['gated', 'open', 'none', 'local', 'session']).optional(),
});

/** §3.2 PackageDataEntry as archy's DockerPackageScanner builds it (only `state` is required). */
export const packageDataEntrySchema = z.looseObject({
  state: packageStateSchema,
  health: healthSchema,
  'install-progress': installProgressSchema,
  manifest: z
    .looseObject({
      id: z.string(),
      title: z.string(),
      version: z.string(),
      interfaces: z.record(z.string(), z.unknown()).optional(),
    })
    .optional(), // GUESS: present from the start of an install
  'static-files': z.record(z.string(), z.unknown()).optional(),
  installed: z
    .looseObject({
      'interface-addresses': z.record(z.string(), interfaceAddressSchema).optional(),
    })
    .nullable()
    .optional(),
});
export type PackageDataEntry = z.infer<typeof packageDataEntrySchema>;

/** §3.1 top-level state: server-info (version, name, id), package-data, ui. */
export const dataModelSchema = z.looseObject({
  'server-info': z.looseObject({
    version: z.string().optional(),
    name: z.string().nullable().optional(),
    id: z.string().optional(),
  }),
  'package-data': z.record(z.string(), packageDataEntrySchema),
  ui: z.unknown().optional(),
});
export type DataModel = z.infer<typeof dataModelSchema>;

/** `server.get-state` → `{data, rev}`. GUESS: `rev` beside data (archy-surface §2.2). */
export const getStateSchema = z.looseObject({
  data: dataModelSchema,
  rev: z.number().optional(),
});
export type NodeState = z.infer<typeof getStateSchema>;

/** `health`: any truthy value (GUESS: "ok"). */
export const healthResultSchema = z.union([z.string().min(1), z.literal(true), z.record(z.string(), z.unknown())]);

/** `auth.login` → null, or the 2FA step. */
export const loginResultSchema = z
  .looseObject({ requires_totp: z.boolean().optional(), signer: z.boolean().optional() })
  .nullable();

/** `system.get-hostname` → a string. GUESS: some builds may wrap it as {hostname}. */
export const hostnameResultSchema = z.union([z.string().min(1), z.looseObject({ hostname: z.string().min(1) })]);

/** `package.install` → `{package_id, status: "installing"}` (AA acceptance-wave1 real output). */
export const installResultSchema = z.looseObject({ package_id: z.string(), status: z.string() });

/** `package.start|stop|restart|uninstall` → unknown (null or "ok"). */
export const lifecycleResultSchema = z.unknown();

/**
 * `container-list` (TESTING only: params and result unseen, config/guesses.ts container-list-shape).
 * A list (or `{containers:[…]}`) of objects; which keys name a container (`name`, podman's `Names`,
 * `id`) and its state (`state`/`State`/`status`/`Status`) is read by lib/probes/container-list.ts.
 */
export const containerSchema = z.looseObject({
  name: z.string().optional(),
  Names: z.array(z.string()).optional(),
  state: z.string().optional(),
  status: z.string().optional(),
  image: z.string().optional(),
});
export const containerListSchema = z.union([
  z.array(containerSchema),
  z.looseObject({ containers: z.array(containerSchema) }).transform((v) => v.containers),
]);
export type ContainerInfo = z.infer<typeof containerSchema>;

/** `bitcoin.getinfo` (TESTING only). GUESS: getblockchaininfo-like. */
export const bitcoinGetinfoSchema = z.looseObject({
  chain: z.string().optional(),
  blocks: z.number(),
  headers: z.number().optional(),
  verificationprogress: z.number().optional(),
});
export type BitcoinInfo = z.infer<typeof bitcoinGetinfoSchema>;
