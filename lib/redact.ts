/**
 * Secrets never reach a trace, report, attachment, step title or log: every artifact writer and the
 * post-run scrubber pass text through a Redactor.
 *
 * It knows secrets two ways: values it is told (the node passwords from config/env.ts, session cookie
 * values from storageState files) and values it learns from what it scrubs (any `session=`, `csrf_token=`,
 * `remember=` cookie, `X-CSRF-Token` header or `"password": "…"` field it sees). Known values are then
 * replaced wherever they occur, also JSON- and URL-encoded.
 */

export const REDACTED = '[REDACTED]';

/** Cookie names whose values are secret (archy-surface §1.4). */
export const SECRET_COOKIES = ['session', 'csrf_token', 'remember'] as const;

/** Values shorter than this are not replaced globally (too likely to match innocent text). */
export const MIN_SECRET_LENGTH = 6;

interface Pattern {
  re: RegExp;
  /** Index of the capture group holding the secret value. */
  group: number;
}

const cookieNames = SECRET_COOKIES.join('|');

/** Places where a secret value sits, whatever it is. Each has the value in one capture group. */
const PATTERNS: Pattern[] = [
  // Cookie / Set-Cookie headers and document.cookie: session=abc; csrf_token=def
  { re: new RegExp(`\\b(?:${cookieNames})=([^;\\s"'\\\\,&<>]+)`, 'g'), group: 1 },
  // storageState / trace cookie objects: {"name":"session","value":"abc"} (also with escaped quotes)
  {
    re: new RegExp(
      `\\\\?"name\\\\?"\\s*:\\s*\\\\?"(?:${cookieNames}|x-csrf-token)\\\\?"\\s*,\\s*\\\\?"value\\\\?"\\s*:\\s*\\\\?"([^"\\\\]+)`,
      'gi',
    ),
    group: 1,
  },
  // Header lines: X-CSRF-Token: abc
  { re: /\bx-csrf-token\s*[:=]\s*"?([^\s",;}\\]+)/gi, group: 1 },
  // JSON fields named like a password: "password":"abc" / \"password\":\"abc\"
  {
    re: /\\?"(?:password|newPassword|oldPassword|new_password|old_password|current_password)\\?"\s*:\s*\\?"([^"\\]*)/gi,
    group: 1,
  },
];

export class Redactor {
  private readonly secrets = new Set<string>();
  private sorted: string[] | undefined;

  constructor(secrets: Iterable<string> = []) {
    for (const s of secrets) this.addSecret(s);
  }

  /** A secret to replace wherever it occurs (plus its JSON- and URL-encoded forms). */
  addSecret(value: string | undefined | null): void {
    if (!value || value.length < MIN_SECRET_LENGTH || value === REDACTED) return;
    const forms = new Set([value, JSON.stringify(value).slice(1, -1), encodeURIComponent(value)]);
    for (const form of forms) {
      if (!this.secrets.has(form)) {
        this.secrets.add(form);
        this.sorted = undefined;
      }
    }
  }

  get size(): number {
    return this.secrets.size;
  }

  /** Remember every secret value that the patterns find in a text. */
  learnFrom(text: string): void {
    for (const { re, group } of PATTERNS) {
      re.lastIndex = 0;
      for (const match of text.matchAll(re)) this.addSecret(match[group]);
    }
  }

  /** Learn from the text, then replace every pattern hit and every known secret. */
  redact(text: string): string {
    if (!text) return text;
    this.learnFrom(text);
    let out = text;
    for (const { re, group } of PATTERNS) {
      re.lastIndex = 0;
      out = out.replace(re, (whole: string, ...groups: unknown[]) => {
        const value = groups[group - 1];
        return typeof value === 'string' && value.length > 0 && value !== REDACTED
          ? whole.replace(value, REDACTED)
          : whole;
      });
    }
    this.sorted ??= [...this.secrets].sort((a, b) => b.length - a.length);
    for (const secret of this.sorted) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    return out;
  }

  /** Does the text still hold a known secret? */
  leaks(text: string): boolean {
    for (const secret of this.secrets) if (text.includes(secret)) return true;
    return false;
  }

  /** Redact a buffer if it is text (no NUL byte); binary buffers come back unchanged. */
  redactBuffer(buffer: Buffer): Buffer {
    if (!isText(buffer)) return buffer;
    const text = buffer.toString('utf8');
    const redacted = this.redact(text);
    return redacted === text ? buffer : Buffer.from(redacted, 'utf8');
  }
}

export function isText(buffer: Buffer): boolean {
  return !buffer.subarray(0, 65_536).includes(0);
}
