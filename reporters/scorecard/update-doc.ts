/**
 * `npm run scorecard -- --update <TESTING.md>`: replaces the scorecard's sections of a TESTING.md
 * in place, between markers (`<!-- archy-e2e:<id>:start -->` … `<!-- archy-e2e:<id>:end -->`).
 * The first time, it finds each section by its heading, puts markers around its table (for the
 * matrix also the "Done:" paragraph under it), and leaves everything else byte for byte.
 */

export interface DocSection {
  id: string;
  /** The heading the section's table sits under (used only when the markers are not there yet). */
  heading: RegExp;
  /** Also take the paragraph right after the table when it starts like this ("Done:"). */
  trailingParagraph?: RegExp;
  /** New content from the old one (the old one lets a renderer keep values it cannot measure). */
  render: (oldContent: string) => string;
}

export const startMarker = (id: string): string => `<!-- archy-e2e:${id}:start -->`;
export const endMarker = (id: string): string => `<!-- archy-e2e:${id}:end -->`;

function findRegion(lines: string[], section: DocSection): { from: number; to: number } {
  const headingAt = lines.findIndex((l) => section.heading.test(l));
  if (headingAt < 0) throw new Error(`no heading matching ${section.heading} for section "${section.id}"`);
  const level = (lines[headingAt].match(/^#+/) ?? ['#'])[0].length;
  let i = headingAt + 1;
  for (; i < lines.length; i++) {
    const heading = lines[i].match(/^(#+)\s/);
    if (heading && heading[1].length <= level) break;
    if (lines[i].startsWith('|')) break;
  }
  if (i >= lines.length || !lines[i].startsWith('|'))
    throw new Error(`no table under the heading of section "${section.id}"`);
  const from = i;
  while (i < lines.length && lines[i].startsWith('|')) i++;
  let to = i - 1;
  if (section.trailingParagraph) {
    let j = i;
    while (j < lines.length && lines[j].trim() === '') j++;
    if (j < lines.length && section.trailingParagraph.test(lines[j])) {
      while (j < lines.length && lines[j].trim() !== '') j++;
      to = j - 1;
    }
  }
  return { from, to };
}

export function updateDocument(doc: string, sections: readonly DocSection[]): string {
  const eol = doc.includes('\r\n') ? '\r\n' : '\n';
  let lines = doc.split(/\r?\n/);
  for (const section of sections) {
    const start = lines.indexOf(startMarker(section.id));
    const end = lines.indexOf(endMarker(section.id));
    if (start >= 0 && end > start) {
      const old = lines.slice(start + 1, end).join('\n');
      lines = [...lines.slice(0, start + 1), ...section.render(old).split('\n'), ...lines.slice(end)];
      continue;
    }
    if (start >= 0 || end >= 0)
      throw new Error(`section "${section.id}" has only one of its markers; fix the document by hand`);
    const { from, to } = findRegion(lines, section);
    const old = lines.slice(from, to + 1).join('\n');
    lines = [
      ...lines.slice(0, from),
      startMarker(section.id),
      ...section.render(old).split('\n'),
      endMarker(section.id),
      ...lines.slice(to + 1),
    ];
  }
  return lines.join(eol);
}

/** The cells of a Markdown table's rows (header and rule excluded). */
export function tableRows(markdown: string): string[][] {
  return markdown
    .split('\n')
    .filter((l) => l.startsWith('|'))
    .slice(2)
    .map((l) =>
      l
        .replace(/^\|/, '')
        .replace(/\|\s*$/, '')
        .split(/(?<!\\)\|/)
        .map((c) => c.trim()),
    );
}
