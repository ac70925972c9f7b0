/**
 * Every piece of text a run left behind, with zips unpacked (recursively, including the HTML report's
 * embedded base64 zip), for leak searches.
 */
import { readFileSync } from 'node:fs';
import { listFiles } from '../../lib/redact-files';
import { isZip, readZip } from '../../lib/redact-zip';

export interface ArtifactText {
  /** file, or file!entry for zip entries */
  where: string;
  text: string;
}

function expand(where: string, buffer: Buffer, out: ArtifactText[]): void {
  if (isZip(buffer)) {
    for (const entry of readZip(buffer)) expand(`${where}!${entry.name}`, entry.data, out);
    return;
  }
  const text = buffer.toString('latin1'); // byte-faithful for binary files too
  out.push({ where, text });
  for (const match of text.matchAll(/data:application\/zip;base64,([A-Za-z0-9+/=]+)/g)) {
    expand(`${where}!data-url`, Buffer.from(match[1]!, 'base64'), out);
  }
}

export function artifactTexts(dirs: string[]): ArtifactText[] {
  const out: ArtifactText[] = [];
  for (const file of dirs.flatMap(listFiles)) expand(file, readFileSync(file), out);
  return out;
}

/** Forms a secret can take in a file: raw, JSON-escaped, URL-encoded, base64. */
export function secretForms(secret: string): string[] {
  return [
    ...new Set([
      secret,
      JSON.stringify(secret).slice(1, -1),
      encodeURIComponent(secret),
      Buffer.from(secret).toString('base64'),
    ]),
  ];
}

export function findLeaks(texts: ArtifactText[], secrets: string[]): string[] {
  const hits: string[] = [];
  for (const secret of secrets) {
    for (const form of secretForms(secret)) {
      for (const { where, text } of texts)
        if (text.includes(form))
          hits.push(`${where} holds ${secret === form ? 'a secret' : 'an encoded secret'} (${secret.slice(0, 3)}…)`);
    }
  }
  return hits;
}
