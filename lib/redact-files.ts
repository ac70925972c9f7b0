/**
 * Scrub files the run wrote: text files, zip files (traces, Allure copies of them) and zips embedded
 * as base64 data URLs (the HTML report's index.html). Two passes over a tree: learn every secret value
 * first, then rewrite, so a cookie seen in one file is removed from all.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isText, type Redactor } from './redact';
import { isZip, readZip, transformZip } from './redact-zip';

const MAX_FILE_BYTES = 200 * 1024 * 1024;
const DATA_URL_ZIP = /data:application\/zip;base64,([A-Za-z0-9+/=]+)/g;

function isImageOrVideo(file: string): boolean {
  return /\.(png|jpe?g|webp|gif|webm|mp4)$/i.test(file);
}

/** Redact one buffer, whatever it holds; returns the same object when nothing changed. */
export function redactContent(buffer: Buffer, redactor: Redactor): Buffer {
  if (isZip(buffer)) {
    try {
      return transformZip(buffer, (entry) => redactContent(entry.data, redactor)) ?? buffer;
    } catch {
      return buffer; // a zip we cannot read is left alone (and the leak test would see it)
    }
  }
  if (!isText(buffer)) return buffer;
  const text = buffer.toString('utf8');
  let out = text.replace(DATA_URL_ZIP, (whole, b64: string) => {
    const inner = Buffer.from(b64, 'base64');
    const redacted = redactContent(inner, redactor);
    return redacted === inner ? whole : `data:application/zip;base64,${redacted.toString('base64')}`;
  });
  out = redactor.redact(out);
  return out === text ? buffer : Buffer.from(out, 'utf8');
}

/** Learn secret values from a buffer (zip entries and embedded zips included). */
export function learnFromContent(buffer: Buffer, redactor: Redactor): void {
  if (isZip(buffer)) {
    try {
      for (const entry of readZip(buffer)) learnFromContent(entry.data, redactor);
    } catch {
      /* unreadable zip: nothing to learn */
    }
    return;
  }
  if (!isText(buffer)) return;
  const text = buffer.toString('utf8');
  redactor.learnFrom(text);
  for (const match of text.matchAll(DATA_URL_ZIP)) learnFromContent(Buffer.from(match[1]!, 'base64'), redactor);
}

/**
 * Other workers remove their artifacts (trace resources, .playwright-artifacts-N) while a sweep runs:
 * a file or folder that is gone by the time we reach it is simply not there, never an error.
 */
function ifPresent<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Redact a file in place; true when it changed. A file that vanishes meanwhile is left to vanish. */
export function redactFile(file: string, redactor: Redactor): boolean {
  if (isImageOrVideo(file)) return false;
  const stat = ifPresent(() => statSync(file));
  if (!stat?.isFile() || stat.size > MAX_FILE_BYTES) return false;
  const buffer = ifPresent(() => readFileSync(file));
  if (!buffer) return false;
  const redacted = redactContent(buffer, redactor);
  if (redacted === buffer) return false;
  // Rewrite only what is still there: writeFileSync would re-create a file its worker just removed.
  return (
    ifPresent(() => {
      statSync(file);
      writeFileSync(file, redacted);
      return true;
    }) ?? false
  );
}

/** Every file under dir (or dir itself when it is a file); what is removed during the walk is skipped. */
export function listFiles(dir: string): string[] {
  const stat = ifPresent(() => statSync(dir));
  if (!stat) return [];
  if (stat.isFile()) return [dir];
  const out: string[] = [];
  for (const entry of ifPresent(() => readdirSync(dir, { withFileTypes: true })) ?? []) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(full));
    else if (entry.isFile()) out.push(full);
  }
  return out;
}

/** Learn from every file under the dirs, then redact them all. Returns the files that changed. */
export function sweepDirs(dirs: string[], redactor: Redactor): string[] {
  const files = [...new Set(dirs.flatMap(listFiles))].filter(
    (f) => !isImageOrVideo(f) && (ifPresent(() => statSync(f).size) ?? Infinity) <= MAX_FILE_BYTES,
  );
  for (const file of files) {
    const buffer = ifPresent(() => readFileSync(file));
    if (buffer) learnFromContent(buffer, redactor);
  }
  return files.filter((file) => redactFile(file, redactor));
}

/** Cookie values of every storageState file in a folder (the `.auth/` sessions). */
export function storageStateSecrets(authDir: string): string[] {
  const out: string[] = [];
  for (const file of listFiles(authDir).filter((f) => f.endsWith('.json'))) {
    try {
      const state = JSON.parse(readFileSync(file, 'utf8')) as { cookies?: { value?: string }[] };
      for (const cookie of state.cookies ?? []) if (cookie.value) out.push(cookie.value);
    } catch {
      /* not a storageState file */
    }
  }
  return out;
}
