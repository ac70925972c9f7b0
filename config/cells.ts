/**
 * The matrix cells (DESIGN.md "Matrix cells", archy-TESTING.md's columns), one object each: what the
 * scorecard calls it, the layer that decides it, whether it changes the node, what its test locks,
 * what its check looks at and its place in the destructive chain. The column order, the titles, the
 * layers, the `@destructive` tag, the locks (lib/cells/locks.ts) and the order of api-specs/apps.spec.ts
 * derive from here; a cell decided per app in that spec has its check in lib/cells/checks.ts, keyed by
 * its id (a cell without one fails typecheck there).
 */
import type { Layer } from './layers';

/**
 * What a cell's test locks (lib/cells/locks.ts): its own app (it changes nothing), its app with
 * everything that needs it and what it conflicts with (it changes the app), or every app (it
 * restarts the node or its daemon).
 */
export type CellLocks = 'app' | 'app-and-dependants' | 'all-apps';

export interface CellSpec {
  id: string;
  /** The column title exactly as archy-TESTING.md's matrix header spells it. */
  title: string;
  layer: Layer;
  /** Does its test change the node (tagged `@destructive`, run only where the node allows it)? */
  changesNode: boolean;
  /** Does its test uninstall the app (never done to a protected app: the cell is then not covered)? */
  uninstalls: boolean;
  locks: CellLocks;
  /** Does its check end by asking the app's surfaces to answer with the marker (a broken proxy path turns it red)? */
  surfacesBack: boolean;
  /** What its check looks at, in the test's title (`lnd stop: <check>`). */
  check: string;
  /**
   * Where it is decided: `app` = a test per app in api-specs/apps.spec.ts (its check in
   * lib/cells/checks.ts); `stack` = the L3 stack events (fixtures/stack-events.ts), for every app at once.
   */
  decidedBy: 'app' | 'stack';
  /**
   * Its step in the destructive chain of an app (1, 2, …): each step starts from where the one before
   * left the app, `from` says where that is. Absent: not in the chain (it starts from a running app).
   */
  chain?: { step: number; from: 'running' | 'stopped' };
}

/** In scorecard column order. */
const CELL_LIST = [
  {
    id: 'present',
    title: 'Container present',
    layer: 'L1',
    changesNode: false,
    uninstalls: false,
    locks: 'app',
    surfacesBack: false,
    check: 'containers listed by container-list and running',
    decidedBy: 'app',
  },
  {
    id: 'state',
    title: 'Valid state',
    layer: 'L1',
    changesNode: false,
    uninstalls: false,
    locks: 'app',
    surfacesBack: false,
    check: 'get-state entry valid, known and agreeing with container-list',
    decidedBy: 'app',
  },
  {
    id: 'rpc',
    title: 'RPC reachable',
    layer: 'L1',
    changesNode: false,
    uninstalls: false,
    locks: 'app',
    surfacesBack: false,
    check: "the app's own API answers",
    decidedBy: 'app',
  },
  {
    id: 'ui',
    title: 'UI URL 200',
    layer: 'L2',
    changesNode: false,
    uninstalls: false,
    locks: 'app',
    surfacesBack: true,
    check: 'every UI URL answers 200 with the marker',
    decidedBy: 'app',
  },
  {
    id: 'stop',
    title: 'Stop',
    layer: 'L1',
    changesNode: true,
    uninstalls: false,
    locks: 'app-and-dependants',
    surfacesBack: false,
    check: 'package.stop: stopping → stopped, surfaces down',
    decidedBy: 'app',
    chain: { step: 1, from: 'running' },
  },
  {
    id: 'start',
    title: 'Start',
    layer: 'L1',
    changesNode: true,
    uninstalls: false,
    locks: 'app-and-dependants',
    surfacesBack: true,
    check: 'package.start: starting → running, surfaces back',
    decidedBy: 'app',
    chain: { step: 2, from: 'stopped' },
  },
  {
    id: 'restart',
    title: 'Restart',
    layer: 'L1',
    changesNode: true,
    uninstalls: false,
    locks: 'app-and-dependants',
    surfacesBack: true,
    check: 'package.restart: restarting → running, surfaces back',
    decidedBy: 'app',
    chain: { step: 3, from: 'running' },
  },
  {
    id: 'reinstall',
    title: 'Reinstall',
    layer: 'L1',
    changesNode: true,
    uninstalls: true,
    locks: 'app-and-dependants',
    surfacesBack: true,
    check: 'uninstall → absent and gone, install → running, surfaces back',
    decidedBy: 'app',
    chain: { step: 4, from: 'running' },
  },
  {
    id: 'reboot',
    title: 'Reboot survives',
    layer: 'L3',
    changesNode: true,
    uninstalls: false,
    locks: 'all-apps',
    surfacesBack: false,
    check: 'the node reboots: every app back running, surfaces back',
    decidedBy: 'stack',
  },
  {
    id: 'daemon-restart',
    title: 'Archipelago-restart survives',
    layer: 'L3',
    changesNode: true,
    uninstalls: false,
    locks: 'all-apps',
    surfacesBack: false,
    check: 'archipelago restarts: every app back running, surfaces back',
    decidedBy: 'stack',
  },
] as const satisfies readonly CellSpec[];

type CellOf = (typeof CELL_LIST)[number];
export type CellId = CellOf['id'];
/** The cells decided by a test per app in api-specs/apps.spec.ts (their checks: lib/cells/checks.ts). */
export type AppCellId = Extract<CellOf, { decidedBy: 'app' }>['id'];

/** Matrix columns, in scorecard order. */
export const CELLS: readonly CellId[] = CELL_LIST.map((c) => c.id);

/** Each cell's object, by id. */
export const CELL: Readonly<Record<CellId, CellSpec>> = Object.fromEntries(CELL_LIST.map((c) => [c.id, c])) as Record<
  CellId,
  CellSpec
>;

/** Column titles exactly as archy-TESTING.md's matrix header spells them. */
export const CELL_TITLES: Readonly<Record<CellId, string>> = Object.fromEntries(
  CELL_LIST.map((c) => [c.id, c.title]),
) as Record<CellId, string>;

/** The cells whose test changes the node (`@destructive`). */
export const NODE_CHANGING_CELLS: readonly CellId[] = CELL_LIST.filter((c) => c.changesNode).map((c) => c.id);

/** The destructive chain of an app, in step order. */
export const CHAIN: readonly CellId[] = CELL_LIST.flatMap((c) => ('chain' in c ? [c] : []))
  .sort((a, b) => a.chain.step - b.chain.step)
  .map((c) => c.id);

function isAppCell(c: CellOf): c is Extract<CellOf, { decidedBy: 'app' }> {
  return c.decidedBy === 'app';
}

/**
 * The order of an app's tests in api-specs/apps.spec.ts: the cells that change nothing (column
 * order), then the chain (step order).
 */
export const APP_CELL_ORDER: readonly AppCellId[] = [
  ...CELL_LIST.filter(isAppCell)
    .filter((c) => !('chain' in c))
    .map((c) => c.id),
  ...CHAIN.filter((id): id is AppCellId => isAppCell(CELL[id] as CellOf)),
];
