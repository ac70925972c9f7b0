/**
 * The "state" of an app in the (state, action) coverage: its own settled state plus what decides the
 * action's outcome: whether what it requires runs, and (while absent) whether a rival is installed.
 * `possibleLabels` lists every label the model can reach, so coverage can say how many pairs exist.
 */
import { isInstalled, requirementStatus, type AppState, type ModelState } from './lifecycle';
import type { Stack } from './stack';

const REQ_WORD = { up: 'needs up', down: 'needs down', absent: 'needs absent' } as const;

export function stateLabel(stack: Stack, m: ModelState, id: string): string {
  const own = m[id] === 'held' ? 'stopped' : (m[id] ?? 'absent'); // held is a stop the node made: counted as stopped
  const parts: string[] = [own];
  const req = requirementStatus(stack, m, id);
  if (req !== 'none') parts.push(REQ_WORD[req]);
  if (own === 'absent' && stack.conflictsOf(id).length > 0)
    parts.push(stack.conflictsOf(id).some((c) => isInstalled(m[c])) ? 'rival in' : 'no rival');
  return parts.join(' · ');
}

export function possibleLabels(stack: Stack, id: string): string[] {
  const companion = stack.app(id).companionOf !== undefined;
  const hasReq = stack.requirementGroups(id).length > 0;
  const hasRival = stack.conflictsOf(id).length > 0;
  const out: string[] = [];
  const owns: AppState[] = hasReq ? ['absent', 'running', 'stopped', 'waiting'] : ['absent', 'running', 'stopped'];
  for (const own of owns) {
    const reqs = hasReq ? (['up', 'down', 'absent'] as const) : [null];
    for (const req of reqs) {
      if (own === 'waiting' && req !== 'down') continue; // held only while what it needs is installed, not running
      if (companion && own !== 'absent' && req === 'absent') continue; // a companion goes with its backend
      const rivals = own === 'absent' && hasRival ? ['no rival', 'rival in'] : [null];
      for (const rival of rivals) out.push([own, req ? REQ_WORD[req] : null, rival].filter(Boolean).join(' · '));
    }
  }
  return out;
}
