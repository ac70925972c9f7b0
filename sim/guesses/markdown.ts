/**
 * The guesses as a Markdown table (`npm run sim -- --list-guesses`; sim/README.md keeps a copy).
 */
import { DIMENSIONS, guessIds } from './registry';

export function guessesMarkdown(): string {
  const rows = guessIds.map((id) => {
    const d = DIMENSIONS[id];
    const choices = d.choices.map((c, i) => (i === 0 ? `**${c.name}**` : c.name)).join(' · ');
    return `| \`${id}\` | ${choices} | ${d.cite.replace(/\|/g, '\\|')} |`;
  });
  return [
    '| guess | choices (default in bold) | why each is allowed (archy-surface.md) |',
    '|---|---|---|',
    ...rows,
  ].join('\n');
}
