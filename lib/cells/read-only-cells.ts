/**
 * The read-only cells of one app: present, state, rpc (L1) and ui (L2). Each returns nothing and
 * throws an error naming node, app and cell. What each checks rests on archy-surface (cited) or is a
 * guess checked only as the node's profile saw it (config/guesses.ts, lib/guesses/guessed-check.ts).
 */
import { expect } from '@playwright/test';
import type { AppEntry } from '../../config/apps';
import { callAsSent } from '../rpc/node-rpc';
import { packageDataEntrySchema, PACKAGE_STATES } from '../rpc/schemas';
import { packageEntries } from '../ensure-app';
import { RPC_PROBES, probeUi, ProbeError, type ProbeResult } from '../probes';
import {
  containerNamesText,
  containerRows,
  findContainer,
  isRunning,
  missingOrStopped,
  rowsOfApp,
  type ContainerRow,
} from '../probes/container-list';
import { guessedCheck } from '../guesses/guessed-check';
import { attachJson, label, type CellDeps } from './cell-deps';
import { companionBackend } from './companion-backend';
import { recordSurfaceFault } from './known-broken-cells';

export async function listContainers(
  deps: CellDeps,
  app: AppEntry,
  cell: 'present' | 'state',
): Promise<ContainerRow[]> {
  return (await listContainersRaw(deps, app, cell)).rows;
}

async function listContainersRaw(
  deps: CellDeps,
  app: AppEntry,
  cell: 'present' | 'state',
): Promise<{ rows: ContainerRow[]; raw: unknown }> {
  try {
    const raw = await callAsSent(deps.rpc, 'containerList');
    return { rows: containerRows(raw), raw };
  } catch (error) {
    throw new ProbeError(
      { node: deps.node.name, app: app.id, cell },
      `container-list failed: ${(error as Error).message}`,
    );
  }
}

/** The image's repository without registry and tag: `docker.io/lightninglabs/lnd:v0.18` → `lightninglabs/lnd`. */
export function imageRepository(image: string): string {
  const noDigest = image.split('@')[0]!;
  const parts = noDigest.split('/');
  if (parts.length > 1 && /[.:]|^localhost$/.test(parts[0]!)) parts.shift();
  return parts.join('/').replace(/:[^/]*$/, '');
}

/** Extra containers the profile saw for this app (container-names), as "a+b" of "app:a+b;…". */
function profiledExtras(observed: string, appId: string): string[] {
  const part = observed.split(';').find((p) => p.startsWith(`${appId}:`));
  return part
    ? part
        .slice(appId.length + 1)
        .split('+')
        .filter(Boolean)
    : [];
}

/** Pushes a probe's guessed-check notes and skipped parts onto the test. */
export function annotate(deps: CellDeps, result: ProbeResult): void {
  for (const a of result.annotations) deps.testInfo.annotations.push(a);
  for (const reason of result.skipped) deps.testInfo.annotations.push({ type: 'skipped-check', description: reason });
}

/**
 * present: the container named by the app id (archy-surface §3.3: one Podman container per app,
 * unit `<id>.service`) — and a companion's backend's — is listed by container-list and running, and
 * runs an image that names the app (a container of another app's image is a broken install). The
 * other container names are guesses (container-names): checked as the profile saw them.
 */
export async function checkPresent(deps: CellDeps, app: AppEntry): Promise<void> {
  const { rows, raw } = await listContainersRaw(deps, app, 'present');
  const backend = await companionBackend(deps.rpc, deps.node.name, app);
  const wanted = [app.id, ...(backend ? [backend.id] : [])];
  await attachJson(deps, 'container-list', rows);
  expect(
    missingOrStopped(rows, wanted),
    `${label(deps, app, 'present')}: containers ${wanted.join(', ')} listed and running`,
  ).toEqual([]);
  const image = findContainer(rows, app.id)?.image ?? '';
  expect(image, `${label(deps, app, 'present')}: container ${app.id} names its image`).not.toBe('');
  expect(
    imageRepository(image),
    `${label(deps, app, 'present')}: container ${app.id} runs image ${image}, which does not name ${app.id} (${app.imageHint})`,
  ).toMatch(app.imageHint);
  await guessedCheck(
    deps.testInfo,
    deps.profile,
    'container-names',
    async (seen) => {
      const extras = profiledExtras(seen, app.id);
      expect(
        missingOrStopped(rows, extras),
        `${label(deps, app, 'present')}: containers the profile saw (${extras.join(', ') || 'none'}) listed and running`,
      ).toEqual([]);
    },
    async () => {
      // The container-names observation, afresh, of this app only, spliced into the profile's text.
      const seen = deps.profile?.guesses['container-names']?.observed ?? '';
      const rest = seen.split(';').filter((p) => p && !p.startsWith(`${app.id}:`));
      const others = Object.keys(await packageEntries(deps.rpc, deps.node.name));
      const mine = containerNamesText({
        [app.id]: rowsOfApp(containerRows(await callAsSent(deps.rpc, 'containerList')), raw, app, { others }),
      });
      return [...rest, ...(mine ? [mine] : [])].sort().join(';');
    },
  );
}

/**
 * state: the entry matches its schema and its state is one the dashboard knows (§3.3 PackageState),
 * it is not `unhealthy` (§3.2 health: healthy | unhealthy | absent; absent is healthy enough: the
 * acceptance run had health unset throughout), and container-list agrees with it: running ⇔ the app's
 * container runs, and a container Podman calls unhealthy is not reported healthy (§3.3: archy once did
 * not surface a Podman-unhealthy container).
 */
export async function checkState(deps: CellDeps, app: AppEntry): Promise<void> {
  const where = { node: deps.node.name, app: app.id, cell: 'state' as const };
  const entry = (await packageEntries(deps.rpc, deps.node.name))[app.id];
  if (entry === undefined) throw new ProbeError(where, 'no entry in server.get-state package-data');
  await attachJson(deps, 'package-data entry', entry);
  const state = (entry as { state?: unknown }).state;
  if (typeof state !== 'string' || !(PACKAGE_STATES as readonly string[]).includes(state)) {
    throw new ProbeError(
      where,
      `state ${JSON.stringify(state)} is not one the dashboard knows (${PACKAGE_STATES.join(', ')})`,
    );
  }
  const parsed = packageDataEntrySchema.safeParse(entry);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(entry)'}: ${i.message}`).join('; ');
    throw new ProbeError(where, `entry does not match its schema: ${issues}`);
  }
  const health = parsed.data.health ?? null;
  if (health === 'unhealthy') throw new ProbeError(where, `get-state says ${state} but health "unhealthy"`);
  const rows = await listContainers(deps, app, 'state');
  const main = findContainer(rows, app.id);
  const mainRuns = main !== undefined && isRunning(main);
  if (state === 'running' && !mainRuns) {
    throw new ProbeError(
      where,
      `get-state says running, container-list says ${missingOrStopped(rows, [app.id]).join('; ')}`,
    );
  }
  if ((state === 'stopped' || state === 'exited') && mainRuns) {
    throw new ProbeError(where, `get-state says ${state}, container-list has ${app.id} running`);
  }
  const podmanUnhealthy = rows.filter((r) => r.name === app.id && r.health === 'unhealthy');
  if (podmanUnhealthy.length > 0) {
    throw new ProbeError(
      where,
      `container-list says ${podmanUnhealthy.map((r) => r.name).join(', ')} unhealthy, get-state says ${state} with health ${health ?? 'absent'} (archy does not surface it)`,
    );
  }
  if (state !== 'running') throw new ProbeError(where, `state is ${state} after the precondition made it running`);
}

/** rpc: the app's own API answers, through the probe the catalogue names. */
export async function checkRpc(deps: CellDeps, app: AppEntry): Promise<void> {
  if (!app.rpcProbe)
    throw new ProbeError({ node: deps.node.name, app: app.id, cell: 'rpc' }, 'the catalogue names no rpc probe');
  const probe = RPC_PROBES[app.rpcProbe];
  const result = await probe(deps.probeContext(app)).catch((error: unknown) => {
    recordSurfaceFault(deps.knownBroken, app, 'rpc', 'rpc', error); // the start/restart/reinstall cells do not wait for it again
    throw error;
  });
  await attachJson(deps, `probe ${app.rpcProbe}`, result);
  annotate(deps, result);
  expect(result.checks.length, `${label(deps, app, 'rpc')}: probe ${app.rpcProbe} checked something`).toBeGreaterThan(
    0,
  );
}

/** ui: every URL of the app's surface answers 200 with a real page (and agrees with the API on live values). */
export async function checkUi(deps: CellDeps, app: AppEntry): Promise<void> {
  const result = await probeUi(deps.probeContext(app)).catch((error: unknown) => {
    recordSurfaceFault(deps.knownBroken, app, 'ui', 'ui', error);
    throw error;
  });
  await attachJson(deps, 'probe ui', result);
  annotate(deps, result);
}
