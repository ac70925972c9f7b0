/**
 * Files in the data dir: atomic writes (temp file + rename) and reads that survive corruption.
 */
import { existsSync, readFileSync, renameSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';

export function writeJsonAtomic(file: string, value: unknown): void {
  writeTextAtomic(file, JSON.stringify(value, null, 1));
}

export function writeTextAtomic(file: string, text: string, mode?: number): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}-${Date.now()}`;
  writeFileSync(tmp, text, mode === undefined ? undefined : { mode });
  renameSync(tmp, file);
}

export type ReadResult<T> =
  { kind: 'missing' } | { kind: 'ok'; value: T } | { kind: 'corrupt'; reason: string; movedTo: string };

/**
 * Reads a JSON file. A file that does not parse or fails `valid` is moved aside to
 * `<file>.corrupt-<ms>` (kept for forensics) and reported as corrupt.
 */
export function readJson<T>(file: string, valid: (v: unknown) => v is T): ReadResult<T> {
  if (!existsSync(file)) return { kind: 'missing' };
  let reason: string;
  try {
    const value: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (valid(value)) return { kind: 'ok', value };
    reason = 'unexpected shape';
  } catch (error) {
    reason = (error as Error).message;
  }
  const movedTo = `${file}.corrupt-${Date.now()}`;
  try {
    renameSync(file, movedTo);
  } catch {
    /* already gone: nothing to keep */
  }
  return { kind: 'corrupt', reason, movedTo };
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
