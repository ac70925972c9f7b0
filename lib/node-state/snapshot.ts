/**
 * What a node has, package by package: presence, state and — where the API shows them — the
 * manifest version and the images of the app's containers. `<node>-setup` writes one to disk before
 * the run (`.auth/<node>.before-run.json`); `<node>-teardown` (or `npm run restore`) puts the node back
 * to it and deletes it. A snapshot still on disk when a run starts is a run that was killed hard.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { APPS } from '../../config/apps';
import { packageEntries, rpcResult } from '../ensure-app';
import type { NodeRpc } from '../rpc/node-rpc';
import { containerRows } from '../probes/container-list';

export interface PackageFacts {
  state: string;
  version?: string;
  /** container name → image, for the catalogue's containers of the app that container-list shows. */
  images?: Record<string, string>;
}

export interface NodeSnapshot {
  node: string;
  baseUrl: string;
  /** The `playwright test` run that took it (config/env.ts runId). */
  runId: string;
  takenAt: string;
  /** What identifies this node instance beyond its URL (the sim's pid: a sim restarted fresh is another node). */
  instance?: string;
  packages: Record<string, PackageFacts>;
}

function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** Packages as the API shows them now. */
export async function packagesNow(rpc: NodeRpc, node: string): Promise<Record<string, PackageFacts>> {
  const entries = await packageEntries(rpc, node);
  let rows: ReturnType<typeof containerRows> = [];
  try {
    rows = containerRows(await rpcResult(rpc, node, 'containerList'));
  } catch {
    rows = []; // images are extra facts: a node without container-list still has a snapshot
  }
  const out: Record<string, PackageFacts> = {};
  for (const [id, raw] of Object.entries(entries).sort(([a], [b]) => a.localeCompare(b))) {
    const entry = asRecord(raw);
    const facts: PackageFacts = {
      state: typeof entry.state === 'string' ? entry.state : `(state ${JSON.stringify(entry.state)})`,
    };
    const version = asRecord(entry.manifest).version;
    if (typeof version === 'string') facts.version = version;
    const containers = APPS.find((a) => a.id === id)?.containers ?? [id];
    const images: Record<string, string> = {};
    for (const name of containers) {
      const image = rows.find((r) => r.name === name)?.image;
      if (image) images[name] = image;
    }
    if (Object.keys(images).length > 0) facts.images = images;
    out[id] = facts;
  }
  return out;
}

export async function takeSnapshot(
  rpc: NodeRpc,
  meta: Omit<NodeSnapshot, 'packages' | 'takenAt'>,
): Promise<NodeSnapshot> {
  return { ...meta, takenAt: new Date().toISOString(), packages: await packagesNow(rpc, meta.node) };
}

export function writeSnapshot(file: string, snapshot: NodeSnapshot): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, `${JSON.stringify(snapshot, null, 2)}\n`, { mode: 0o600 });
}

export function readSnapshot(file: string): NodeSnapshot | undefined {
  if (!existsSync(file)) return undefined;
  const value = JSON.parse(readFileSync(file, 'utf8')) as NodeSnapshot;
  if (!value || typeof value.packages !== 'object' || typeof value.node !== 'string')
    throw new Error(`${file} is not a node snapshot`);
  return value;
}

export function removeSnapshot(file: string): void {
  rmSync(file, { force: true });
}

/** One line per package that differs, e.g. "lnd installed (was absent)", "filebrowser stopped (was running)". */
export function differences(
  before: Record<string, PackageFacts>,
  after: Record<string, PackageFacts>,
): { id: string; line: string }[] {
  const out: { id: string; line: string }[] = [];
  for (const id of [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()) {
    const was = before[id];
    const now = after[id];
    if (!was && now) out.push({ id, line: `${id} installed (was absent)` });
    else if (was && !now) out.push({ id, line: `${id} absent (was ${was.state})` });
    else if (was && now) {
      if (was.state !== now.state) out.push({ id, line: `${id} ${now.state} (was ${was.state})` });
      if (was.version !== undefined && now.version !== undefined && was.version !== now.version)
        out.push({ id, line: `${id} version ${now.version} (was ${was.version})` });
      for (const [name, image] of Object.entries(was.images ?? {})) {
        const nowImage = now.images?.[name];
        if (nowImage !== undefined && nowImage !== image)
          out.push({ id, line: `${id} container ${name} runs ${nowImage} (was ${image})` });
      }
    }
  }
  return out;
}
