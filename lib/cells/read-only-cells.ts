/**
 * The read-only cells of one app: present, state, rpc (L1) and ui (L2). Each returns nothing and
 * throws an error naming node, app and cell.
 */
import { expect } from '@playwright/test';
import type { AppEntry } from '../../config/apps';
import { packageDataEntrySchema, PACKAGE_STATES } from '../rpc/schemas';
import { packageEntries } from '../ensure-app';
import { RPC_PROBES, probeUi, ProbeError } from '../probes';
import { containerRows, isRunning, missingOrStopped, type ContainerRow } from '../probes/container-list';
import { attachJson, label, type CellDeps } from './cell-deps';
import { companionBackend } from './companion-backend';

export async function listContainers(deps: CellDeps, app: AppEntry, cell: 'present' | 'state'): Promise<ContainerRow[]> {
  try {
    return containerRows(await deps.rpc.call('container-list', {}));
  } catch (error) {
    throw new ProbeError({ node: deps.node.name, app: app.id, cell }, `container-list failed: ${(error as Error).message}`);
  }
}

/** present: the app's containers (and a companion's backend's) are listed and running. */
export async function checkPresent(deps: CellDeps, app: AppEntry): Promise<void> {
  const rows = await listContainers(deps, app, 'present');
  const backend = await companionBackend(deps.rpc, deps.node.name, app);
  const wanted = [...app.containers, ...(backend?.containers ?? [])];
  await attachJson(deps, 'container-list', rows);
  expect(missingOrStopped(rows, wanted), `${label(deps, app, 'present')}: containers ${wanted.join(', ')} listed and running`).toEqual([]);
  const unnamedImage = app.containers.filter((name) => rows.find((r) => r.name === name)?.image === '');
  expect(unnamedImage, `${label(deps, app, 'present')}: containers without an image`).toEqual([]);
}

/** state: the entry matches its schema, its state is one the dashboard knows, and container-list agrees. */
export async function checkState(deps: CellDeps, app: AppEntry): Promise<void> {
  const where = { node: deps.node.name, app: app.id, cell: 'state' as const };
  const entry = (await packageEntries(deps.rpc, deps.node.name))[app.id];
  if (entry === undefined) throw new ProbeError(where, 'no entry in server.get-state package-data');
  await attachJson(deps, 'package-data entry', entry);
  const state = (entry as { state?: unknown }).state;
  if (typeof state !== 'string' || !(PACKAGE_STATES as readonly string[]).includes(state)) {
    throw new ProbeError(where, `state ${JSON.stringify(state)} is not one the dashboard knows (${PACKAGE_STATES.join(', ')})`);
  }
  const parsed = packageDataEntrySchema.safeParse(entry);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(entry)'}: ${i.message}`).join('; ');
    throw new ProbeError(where, `entry does not match its schema: ${issues}`);
  }
  const rows = await listContainers(deps, app, 'state');
  const running = app.containers.map((name) => rows.find((r) => r.name === name)).filter((r) => r !== undefined && isRunning(r));
  const allRunning = running.length === app.containers.length;
  if (state === 'running' && !allRunning) {
    throw new ProbeError(where, `get-state says running, container-list says ${missingOrStopped(rows, app.containers).join('; ')}`);
  }
  if ((state === 'stopped' || state === 'exited') && running.length > 0) {
    throw new ProbeError(where, `get-state says ${state}, container-list has ${running.map((r) => r!.name).join(', ')} running`);
  }
  if (state !== 'running') throw new ProbeError(where, `state is ${state} after the precondition made it running`);
}

/** rpc: the app's own API answers, through the probe the catalogue names. */
export async function checkRpc(deps: CellDeps, app: AppEntry): Promise<void> {
  if (!app.rpcProbe) throw new ProbeError({ node: deps.node.name, app: app.id, cell: 'rpc' }, 'the catalogue names no rpc probe');
  const result = await RPC_PROBES[app.rpcProbe](deps.probeContext(app));
  await attachJson(deps, `probe ${app.rpcProbe}`, result);
  for (const reason of result.skipped) deps.testInfo.annotations.push({ type: 'skipped-check', description: reason });
  expect(result.checks.length, `${label(deps, app, 'rpc')}: probe ${app.rpcProbe} checked something`).toBeGreaterThan(0);
}

/** ui: every URL of the app's surface answers 200 with its marker. */
export async function checkUi(deps: CellDeps, app: AppEntry): Promise<void> {
  const result = await probeUi(deps.probeContext(app));
  await attachJson(deps, 'probe ui', result);
}
