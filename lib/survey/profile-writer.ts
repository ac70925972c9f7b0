/**
 * Turns observations into a node profile (config/profiles.ts) and its Markdown table:
 * guess · catalogue's choice · what this node does · confirmed / contradicted / unknown · the change.
 */
import { GUESS_CATALOGUE, type GuessId } from '../../config/guesses';
import type { GuessObservation, NodeProfile } from '../../config/profiles';
import type { Observation } from './observers';

export function toObservation(id: GuessId, o: Observation): GuessObservation {
  const def = GUESS_CATALOGUE.find((g) => g.id === id)!;
  const expected = o.expected ?? def.choice;
  const status = o.observed === null ? 'unknown' : o.observed === expected ? 'confirmed' : 'contradicted';
  return {
    observed: o.observed,
    expected,
    status,
    ...(o.detail ? { detail: o.detail } : {}),
    ...(status === 'contradicted' ? { configChange: def.configChange(o.observed!) } : {}),
  };
}

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function profileMarkdown(profile: NodeProfile, simChoices?: Record<string, string>): string {
  const lines = [
    `# Profile of ${profile.node}`,
    '',
    `Surveyed ${profile.surveyedAt}${profile.variant ? `, sim variant \`${profile.variant}\`` : ''}; ${profile.destructive ? 'destructive observations allowed' : 'read-only'}.`,
    '',
    `| guess | catalogue's choice | what this node does | status | change in config/ to match |${simChoices ? ' sim variant chose |' : ''}`,
    `|---|---|---|---|---|${simChoices ? '---|' : ''}`,
  ];
  for (const def of GUESS_CATALOGUE) {
    const o = profile.guesses[def.id];
    if (!o) continue;
    const does =
      o.observed === null ? `(unseen: ${o.detail ?? ''})` : `${o.observed}${o.detail ? ` — ${o.detail}` : ''}`;
    lines.push(
      `| ${def.id} | ${cell(o.expected)} | ${cell(does)} | ${o.status} | ${cell(o.configChange ?? '')} |${simChoices ? ` ${simChoices[def.id] ?? '(not a sim guess)'} |` : ''}`,
    );
  }
  const counts = (s: string) => Object.values(profile.guesses).filter((o) => o.status === s).length;
  lines.push(
    '',
    `${counts('confirmed')} confirmed, ${counts('contradicted')} contradicted, ${counts('unknown')} unknown.`,
  );
  return `${lines.join('\n')}\n`;
}
