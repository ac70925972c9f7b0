/**
 * Why a test could not run, in the class the gate judges it by. A test that skips itself records one
 * annotation `{ type: 'not-covered', description: '<class>: <reason>' }` before it skips:
 *
 *   policy   the operator's choice on this node keeps it from running (a protected app would have to
 *            be uninstalled, e.g. bitcoin-core on a node whose protected bitcoin-knots would have to go).
 *            The cell is "not covered on <node>: <reason>": shown, never counted as "did not run".
 *   setting  a setting that would let it run is missing (e.g. ARCHY_SSH_HOST for L3 control, or
 *            ARCHY_ALLOW_DESTRUCTIVE). The cell is "not covered: set <SETTING>…" and a gate fails,
 *            naming the setting.
 *   blocked  another cell's bug takes away what this check needs (a login limiter that never
 *            releases leaves a read-only check no login): the other cell is red and names the bug;
 *            this one "could not be judged on <node>: <reason> (judged by <cell>)", and a gate fails.
 *
 * A skip without this annotation is a failure of the run (reporters/gate-summary.ts).
 * Pure: no imports, read by fixtures (writers) and reporters (readers) alike.
 */

export const NOT_COVERED = 'not-covered';

export type NotCoveredClass = 'policy' | 'setting' | 'blocked';

export interface NotCoveredNote {
  class: NotCoveredClass;
  reason: string;
  /** The setting that would cover it (class setting): e.g. ARCHY_SSH_HOST. */
  setting?: string;
}

/** Thrown by preconditions that cannot run a test for one of the two reasons; the fixtures turn it into a skip. */
export class NotCoveredError extends Error {
  override name = 'NotCoveredError';
  constructor(readonly note: NotCoveredNote) {
    super(note.reason);
  }
}

/** "not covered on node-228: protected bitcoin-knots would have to be uninstalled". */
export function policyNote(node: string, why: string): NotCoveredNote {
  return { class: 'policy', reason: `not covered on ${node}: ${why}` };
}

/** "not covered: set ARCHY_SSH_HOST in .env.node-228 (…)". */
export function settingNote(setting: string, how: string): NotCoveredNote {
  return { class: 'setting', setting, reason: `not covered: set ${setting}${how.startsWith('=') ? '' : ' '}${how}` };
}

/** "could not be judged on node-228: the login limiter stays closed (judged by security-rate-limit)". */
export function blockedNote(node: string, why: string, judgedBy: string): NotCoveredNote {
  return { class: 'blocked', reason: `could not be judged on ${node}: ${why} (judged by ${judgedBy})` };
}

export function annotationOf(note: NotCoveredNote): { type: string; description: string } {
  return { type: NOT_COVERED, description: `${note.class}${note.setting ? `[${note.setting}]` : ''}: ${note.reason}` };
}

const PATTERN = /^(policy|setting|blocked)(?:\[([A-Z0-9_]+)\])?: ([\s\S]*)$/;

/** The note of a test's annotations, if it recorded one. */
export function noteFromAnnotations(
  annotations: readonly { type: string; description?: string }[],
): NotCoveredNote | undefined {
  for (const a of annotations) {
    if (a.type !== NOT_COVERED || !a.description) continue;
    const m = PATTERN.exec(a.description);
    if (m) return { class: m[1] as NotCoveredClass, reason: m[3]!, ...(m[2] ? { setting: m[2] } : {}) };
  }
  return undefined;
}
