/**
 * Scrubbing that does not depend on the reporters a user picks (`--reporter=line` replaces the whole
 * configured list, lib/redact-reporter.ts included). Two auto fixtures (fixtures/redaction.ts) use it:
 *   - per test, before the result leaves the worker: the errors' message, stack, snippet and value and
 *     the annotations lose every known secret (so no reporter prints one);
 *   - per worker, when it stops (after the traces of its tests are written): every file in the output
 *     folders of the tests it ran that changed since it started is swept (trace zips included,
 *     lib/redact-files.ts). Only its own: another worker (another node's project) may still be writing
 *     or zipping its trace under test-results/, and a file rewritten under it breaks that.
 * Secrets: the passwords of every configured node, the cookies of every stored session (.auth/), and
 * what the redactor learns from what it scrubs (cookie, CSRF header and password fields).
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { knownPasswords, outputPaths } from '../config/env';
import { Redactor } from './redact';
import { learnFromContent, listFiles, redactFile, storageStateSecrets } from './redact-files';

export function runRedactor(): Redactor {
  const redactor = new Redactor(knownPasswords());
  for (const value of storageStateSecrets(path.dirname(outputPaths().authFile('x')))) redactor.addSecret(value);
  return redactor;
}

interface ErrorLike {
  message?: string;
  stack?: string;
  snippet?: string;
  value?: string;
  cause?: ErrorLike;
}

export function redactErrors(errors: ErrorLike[], redactor: Redactor): void {
  const visit = (e: ErrorLike | undefined, depth: number): void => {
    if (!e || depth > 5) return;
    if (e.message) e.message = redactor.redact(e.message);
    if (e.stack) e.stack = redactor.redact(e.stack);
    if (e.snippet) e.snippet = redactor.redact(e.snippet);
    if (typeof e.value === 'string') e.value = redactor.redact(e.value);
    visit(e.cause, depth + 1);
  };
  for (const error of errors) visit(error, 0);
}

export function redactAnnotations(annotations: { type: string; description?: string }[], redactor: Redactor): void {
  for (const a of annotations) if (a.description) a.description = redactor.redact(a.description);
}

/** Sweep the files under `dirs` changed since `sinceMs` (learn from all of them first). Returns the files rewritten. */
export function sweepChangedSince(dirs: readonly string[], sinceMs: number, redactor: Redactor): string[] {
  const files = [...new Set(dirs.flatMap(listFiles))].filter((f) => {
    try {
      return statSync(f).mtimeMs >= sinceMs - 1000;
    } catch {
      return false;
    }
  });
  for (const file of files) {
    try {
      learnFromContent(readFileSync(file), redactor);
    } catch {
      /* gone meanwhile */
    }
  }
  return files.filter((file) => redactFile(file, redactor));
}
