/**
 * archy's package lifecycle as a model of settled states (archy-surface §3.3, the catalogue's
 * requires / conflicts / companionOf). For a model state and an action it says whether the node
 * must refuse, may refuse or must accept, and which settled states each app may end in when it
 * accepts. Where the evidence is silent the model allows every outcome the evidence leaves open
 * (a `may`, a set of end states) and then follows the one the node chose: a guess never fails a
 * step. Transitional states (installing, stopping, …) can be too short to observe; only the settled
 * state after an action is judged.
 *
 * Model states: absent (no package-data entry), running, stopped, waiting: an install that was
 * accepted while what the app requires is installed but not running, held "installing" until it runs,
 * and held: stopped because what it requires stopped (the node shows it stopped). Whether an app
 * that needs a stopped app stops with it, and whether a held app comes back when what it needs starts
 * again, is not in the evidence: each is allowed until the node's choice is known, from its profile
 * or from what it did earlier in the run (Stack.follows), and then that choice is expected.
 */
import type { Stack } from './stack';

export type AppState = 'absent' | 'running' | 'stopped' | 'waiting' | 'held';
export const APP_ACTIONS = ['install', 'uninstall', 'stop', 'start', 'restart'] as const;
export const NODE_ACTIONS = ['daemon-restart', 'reboot', 'kill-9'] as const;
export type AppAction = (typeof APP_ACTIONS)[number];
export type NodeAction = (typeof NODE_ACTIONS)[number];
export type ActionKind = AppAction | NodeAction;
export type Action = { kind: AppAction; app: string } | { kind: NodeAction };
export type ModelState = Record<string, AppState>;

export type Refusal = 'must' | 'may' | 'never';

export interface Expectation {
  refusal: Refusal;
  /** When accepted: the settled states each listed app may end in; unlisted apps keep their state. */
  accepted: Record<string, AppState[]>;
  /** Why, in words, with the evidence (shown with a failure). */
  why: string;
}

/** Documented user-facing prefixes of handler errors (archy-surface §1.3): a refusal starts with one. */
export const REFUSAL_PREFIXES = ['Invalid', 'Missing', 'Not found', 'Already exists'] as const;

export function isDocumentedRefusal(message: string): boolean {
  return REFUSAL_PREFIXES.some((p) => message.startsWith(p));
}

export function describeAction(action: Action): string {
  return 'app' in action ? `${action.kind} ${action.app}` : action.kind;
}

export function isInstalled(state: AppState | undefined): boolean {
  return state !== undefined && state !== 'absent';
}

/** Stopped, by the user or along with what it requires (the node shows both as stopped). */
export function isStoppedState(state: AppState | undefined): boolean {
  return state === 'stopped' || state === 'held';
}

/** 'up': every requirement has a running member; 'absent': some requirement has no installed member. */
export function requirementStatus(stack: Stack, m: ModelState, id: string): 'up' | 'down' | 'absent' | 'none' {
  const groups = stack.requirementGroups(id);
  if (groups.length === 0) return 'none';
  if (groups.some((g) => !g.some((a) => isInstalled(m[a])))) return 'absent';
  return groups.every((g) => g.some((a) => m[a] === 'running')) ? 'up' : 'down';
}

function refuse(why: string): Expectation {
  return { refusal: 'must', accepted: {}, why };
}

/**
 * After `id` leaves running: apps that need it may stay running or stop with it (held), as the node
 * chooses, and so on down (lnd held behind the bitcoin node may take archy-lnd-ui with it). The
 * node's known choice is what it does on a stop (Stack.follows), applied where the requirement surely
 * stopped; a restart or an uninstall of what they need may differ, so after those both stay allowed.
 */
function dependantsMayStop(
  stack: Stack,
  m: ModelState,
  id: string,
  out: Record<string, AppState[]>,
  how: 'stop' | 'restart' | 'uninstall',
): void {
  const stopping = [id];
  while (stopping.length > 0) {
    const cur = stopping.shift()!;
    const sure = cur === id || (out[cur]!.length === 1 && out[cur]![0] === 'held');
    for (const d of stack.dependantsOf(cur)) {
      if (out[d] || m[d] !== 'running') continue;
      const choice = how === 'stop' ? stack.follows(d) : undefined;
      out[d] = choice === 'keep-state' ? ['running'] : choice && sure ? ['held'] : ['running', 'held'];
      if (out[d]!.includes('held')) stopping.push(d);
    }
  }
}

/**
 * After an app runs again: apps held (stopped along with what they require) may come back or stay
 * stopped, as the node chooses; an app held behind another held app (a companion of a dependant)
 * may come back only if that one may.
 */
function heldMayReturn(stack: Stack, m: ModelState, next: ModelState, out: Record<string, AppState[]>): void {
  const mayRun: ModelState = { ...next };
  for (let changed = true; changed;) {
    changed = false;
    for (const d of stack.ids) {
      if (out[d] || m[d] !== 'held' || requirementStatus(stack, mayRun, d) !== 'up') continue;
      const choice = stack.follows(d);
      const sure = requirementStatus(stack, next, d) === 'up';
      out[d] =
        choice === 'stop-and-stay'
          ? ['stopped']
          : choice === 'stop-and-return' && sure
            ? ['running']
            : ['stopped', 'running'];
      if (out[d]!.includes('running')) {
        mayRun[d] = 'running';
        changed = true;
      }
    }
  }
}

/** After `id` came up: apps waiting for it finish their install once all they require runs. */
function waitersFinish(stack: Stack, m: ModelState, next: ModelState, out: Record<string, AppState[]>): void {
  for (const w of stack.ids) {
    if (m[w] === 'waiting' && requirementStatus(stack, next, w) === 'up') out[w] = ['running'];
  }
}

function withStates(m: ModelState, changes: Record<string, AppState>): ModelState {
  return { ...m, ...changes };
}

function install(stack: Stack, m: ModelState, id: string): Expectation {
  if (isInstalled(m[id])) return refuse(`${id} is already installed (§1.3 "Already exists")`);
  const rival = stack.conflictsOf(id).find((c) => isInstalled(m[c]));
  if (rival) return refuse(`${id} conflicts with the installed ${rival} (catalogue conflicts)`);
  const req = requirementStatus(stack, m, id);
  if (req === 'absent')
    return refuse(`${id} requires ${stack.app(id).requires.join(', ')}, not installed (catalogue requires)`);
  if (req === 'down') {
    return {
      refusal: 'may',
      accepted: { [id]: ['waiting'] },
      why: `${id} requires ${stack.app(id).requires.join(', ')}, installed but not running: refused, or held installing until it runs`,
    };
  }
  const out: Record<string, AppState[]> = { [id]: ['running'] };
  for (const c of stack.companionsOf(id)) if (!isInstalled(m[c])) out[c] = ['running'];
  waitersFinish(stack, m, withStates(m, { [id]: 'running' }), out);
  return {
    refusal: 'never',
    accepted: out,
    why: `install ${id}: running (§3.3), with its companions (catalogue companionOf)`,
  };
}

function uninstall(stack: Stack, m: ModelState, id: string): Expectation {
  if (!isInstalled(m[id])) return refuse(`${id} is not installed`);
  const out: Record<string, AppState[]> = { [id]: ['absent'] };
  for (const c of stack.companionsOf(id)) out[c] = ['absent'];
  if (m[id] === 'running') dependantsMayStop(stack, m, id, out, 'uninstall');
  const dependants = stack.dependantsOf(id).filter((d) => isInstalled(m[d]) && !stack.companionsOf(id).includes(d));
  const refusal: Refusal = dependants.length > 0 || m[id] === 'waiting' ? 'may' : 'never';
  const why =
    dependants.length > 0
      ? `uninstall ${id} while ${dependants.join(', ')} need it: refused, or removed with its companions`
      : `uninstall ${id}: entry removed (§3.3), companions with it`;
  return { refusal, accepted: out, why };
}

function stop(stack: Stack, m: ModelState, id: string): Expectation {
  const s = m[id];
  if (!isInstalled(s)) return refuse(`${id} is not installed`);
  if (isStoppedState(s))
    return {
      refusal: 'may',
      accepted: { [id]: ['stopped'] },
      why: `${id} is already stopped: refused, or stays stopped`,
    };
  if (s === 'waiting')
    return {
      refusal: 'may',
      accepted: { [id]: ['waiting', 'stopped'] },
      why: `${id} is still installing: refused, or stopped`,
    };
  const out: Record<string, AppState[]> = { [id]: ['stopped'] };
  dependantsMayStop(stack, m, id, out, 'stop');
  return { refusal: 'never', accepted: out, why: `stop ${id}: stopped (§3.3)` };
}

function start(stack: Stack, m: ModelState, id: string, how: 'start' | 'restart'): Expectation {
  const s = m[id];
  if (!isInstalled(s)) return refuse(`${id} is not installed`);
  const req = requirementStatus(stack, m, id);
  const out: Record<string, AppState[]> = { [id]: s === 'waiting' ? ['waiting', 'running'] : ['running'] };
  if (how === 'restart' && s === 'running') dependantsMayStop(stack, m, id, out, 'restart');
  waitersFinish(stack, m, withStates(m, { [id]: 'running' }), out);
  if (s !== 'running') heldMayReturn(stack, m, withStates(m, { [id]: 'running' }), out);
  const clear = req === 'up' || req === 'none';
  if (how === 'start' && isStoppedState(s) && clear)
    return { refusal: 'never', accepted: out, why: `start ${id}: running (§3.3)` };
  if (how === 'restart' && s === 'running' && clear)
    return { refusal: 'never', accepted: out, why: `restart ${id}: running (§3.3)` };
  const reason = !clear ? `what ${id} requires is not running` : `${id} is ${s}`;
  return { refusal: 'may', accepted: out, why: `${how} ${id} while ${reason}: refused, or running` };
}

/**
 * Daemon restart, reboot, kill -9: a running app stays running, a stopped one (by the user or along
 * with what it requires) stays stopped (archy-TESTING L3 "survives", in every state). An install the
 * event catches (waiting) finishes once what it requires runs, or is cleanly undone: no entry, no
 * container (§3.3: a failed install with no container removes the entry).
 */
function nodeEvent(stack: Stack, m: ModelState, kind: NodeAction): Expectation {
  const out: Record<string, AppState[]> = {};
  for (const id of stack.ids)
    if (m[id] === 'waiting')
      out[id] = requirementStatus(stack, m, id) === 'up' ? ['waiting', 'running', 'absent'] : ['waiting', 'absent'];
  return {
    refusal: 'never',
    accepted: out,
    why: `${kind}: every app keeps its state; an install caught waiting finishes or is undone (archy-TESTING L3 "survives")`,
  };
}

export function expectationOf(stack: Stack, m: ModelState, action: Action): Expectation {
  if (!('app' in action)) return nodeEvent(stack, m, action.kind);
  switch (action.kind) {
    case 'install':
      return install(stack, m, action.app);
    case 'uninstall':
      return uninstall(stack, m, action.app);
    case 'stop':
      return stop(stack, m, action.app);
    case 'start':
      return start(stack, m, action.app, 'start');
    case 'restart':
      return start(stack, m, action.app, 'restart');
  }
}

/** The settled states allowed for every app after the action: its expectation, or its state unchanged. */
export function allowedAfter(
  stack: Stack,
  m: ModelState,
  e: Expectation,
  accepted: boolean,
): Record<string, AppState[]> {
  const out: Record<string, AppState[]> = {};
  for (const id of stack.ids) out[id] = accepted && e.accepted[id] ? e.accepted[id]! : [m[id]!];
  return out;
}
