/**
 * Reads `container-list` results into one shape. The real result shape is not documented
 * (archy-surface.md §7 q9), so this accepts the plausible ones: an array (or `{containers:[…]}`)
 * of objects naming the container by `name`/`Names`/`id`, with `state`/`State`/`status`/`Status`
 * and `image`/`Image`. Health is the row's `health`/`Health` (podman inspect's State.Health.Status, or
 * a plain string), else the "(healthy)" / "(unhealthy)" / "(starting)" podman ps appends to Status.
 */
import type { AppEntry } from '../../config/apps';
import { ProbeError } from './probe-error';
import type { ProbeContext } from './probe-types';

export interface ContainerRow {
  name: string;
  state: string;
  image: string | null;
  health: string | null;
}

function field(row: Record<string, unknown>, ...keys: string[]): unknown {
  for (const key of keys) if (row[key] !== undefined && row[key] !== null) return row[key];
  return undefined;
}

function text(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  return null;
}

export function containerRows(result: unknown): ContainerRow[] {
  const list = Array.isArray(result)
    ? result
    : result && typeof result === 'object'
      ? (field(result as Record<string, unknown>, 'containers', 'Containers', 'items') ?? [])
      : [];
  if (!Array.isArray(list))
    throw new Error(`container-list answered an unknown shape: ${JSON.stringify(result).slice(0, 200)}`);
  return list.map((raw): ContainerRow => {
    const row = (raw ?? {}) as Record<string, unknown>;
    const name = text(field(row, 'name', 'Names', 'names', 'Name', 'id')) ?? '';
    return {
      name: name.replace(/^\//, ''),
      state: (text(field(row, 'state', 'State', 'status', 'Status')) ?? '').toLowerCase(),
      image: text(field(row, 'image', 'Image')),
      health: healthOf(row),
    };
  });
}

function healthOf(row: Record<string, unknown>): string | null {
  const value = field(row, 'health', 'Health');
  const direct = text(value) ?? text((value as { Status?: unknown } | undefined)?.Status);
  if (direct) return direct.toLowerCase();
  const status = text(field(row, 'Status', 'status')) ?? '';
  return /\((healthy|unhealthy|starting)\)/i.exec(status)?.[1]?.toLowerCase() ?? null;
}

/** Running in podman's words: state `running`, or a status text starting with `Up`. */
export function isRunning(row: ContainerRow): boolean {
  return row.state === 'running' || row.state.startsWith('up');
}

export function findContainer(rows: ContainerRow[], name: string): ContainerRow | undefined {
  return rows.find((r) => r.name === name);
}

/** For each wanted container: its row, or why it does not count as running. */
export function missingOrStopped(rows: ContainerRow[], wanted: readonly string[]): string[] {
  const problems: string[] = [];
  for (const name of wanted) {
    const row = findContainer(rows, name);
    if (!row) problems.push(`${name} absent from container-list`);
    else if (!isRunning(row)) problems.push(`${name} is "${row.state}", not running`);
  }
  return problems;
}

/** container-list through the probe's RPC, as rows; a failure of the call is the probe's error, naming app, node and cell. */
export async function listContainerRows(ctx: ProbeContext): Promise<ContainerRow[]> {
  try {
    return containerRows(await ctx.rpc.containerList());
  } catch (error) {
    throw new ProbeError(
      { node: ctx.node.name, app: ctx.app.id, cell: 'rpc' },
      `container-list failed: ${(error as Error).message}`,
    );
  }
}

/**
 * The container-list rows of one app: named by its id, or labelled with it (`app` / the
 * io.archipelago.app label). With `byPrefix` (survey only) also rows named `<id>-…` that are not
 * another installed app's own container (`others`).
 */
export function rowsOfApp(
  rows: ContainerRow[],
  raw: unknown,
  app: AppEntry,
  byPrefix?: { others: readonly string[] },
): string[] {
  const list = Array.isArray(raw) ? (raw as Record<string, unknown>[]) : [];
  const labelled = (name: string): boolean => {
    const row = list.find((r) => r?.name === name || (Array.isArray(r?.Names) && r.Names[0] === name));
    const labels = (row?.Labels ?? row?.labels) as Record<string, unknown> | undefined;
    return row?.app === app.id || labels?.['io.archipelago.app'] === app.id;
  };
  const prefixed = (name: string): boolean =>
    byPrefix !== undefined && name.startsWith(`${app.id}-`) && !byPrefix.others.includes(name);
  return rows.map((r) => r.name).filter((name) => name === app.id || labelled(name) || prefixed(name));
}

/** "app:extra1+extra2;…" over apps with extra containers (the catalogue's container-names format). */
export function containerNamesText(byApp: Record<string, readonly string[]>): string {
  return Object.keys(byApp)
    .sort()
    .map((id) => [id, [...byApp[id]!].filter((n) => n !== id).sort()] as const)
    .filter(([, extra]) => extra.length > 0)
    .map(([id, extra]) => `${id}:${extra.join('+')}`)
    .join(';');
}
