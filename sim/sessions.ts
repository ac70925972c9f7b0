/**
 * Dashboard sessions and remember-me tokens, stored hashed in `<data-dir>/sessions.json` so they
 * survive a daemon restart (archy-surface §1.4). The CSRF token is derived from the session token.
 */
import { createHash, randomBytes } from 'node:crypto';
import path from 'node:path';
import { isRecord, readJson, writeJsonAtomic } from './persist';
import { guess } from './guesses';

interface StoredToken {
  hash: string;
  createdAt: number;
  expiresAt: number;
}

interface SessionsFile {
  sessions: StoredToken[];
  remember: StoredToken[];
}

function isSessionsFile(v: unknown): v is SessionsFile {
  return isRecord(v) && Array.isArray(v.sessions) && Array.isArray(v.remember);
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function deriveCsrf(sessionToken: string): string {
  return createHash('sha256').update(`csrf:${sessionToken}`).digest('base64url');
}

export interface NewSession {
  session: string;
  csrf: string;
}

export class SessionStore {
  private data: SessionsFile = { sessions: [], remember: [] };

  constructor(
    private readonly dataDir: string,
    private readonly ttlMs: number,
    private readonly log: (line: string) => void,
  ) {}

  private get file(): string {
    return path.join(this.dataDir, 'sessions.json');
  }

  load(): void {
    const read = readJson(this.file, isSessionsFile);
    if (read.kind === 'corrupt') this.log(`auth: sessions file ${this.file} is corrupt (${read.reason}); moved to ${read.movedTo}; every client must log in again`);
    this.data = read.kind === 'ok' ? read.value : { sessions: [], remember: [] };
  }

  private save(): void {
    const now = Date.now();
    this.data.sessions = this.data.sessions.filter((s) => s.expiresAt > now);
    this.data.remember = this.data.remember.filter((s) => s.expiresAt > now);
    writeJsonAtomic(this.file, this.data);
  }

  createSession(): NewSession {
    const session = randomBytes(32).toString('base64url');
    const now = Date.now();
    this.data.sessions.push({ hash: hashToken(session), createdAt: now, expiresAt: now + this.ttlMs });
    this.save();
    return { session, csrf: deriveCsrf(session) };
  }

  createRemember(): string {
    const token = randomBytes(32).toString('base64url');
    const now = Date.now();
    this.data.remember.push({ hash: hashToken(token), createdAt: now, expiresAt: now + guess('cookie-attributes').rememberTtlSeconds * 1000 });
    this.save();
    return token;
  }

  private valid(list: StoredToken[], token: string | undefined): boolean {
    if (!token) return false;
    const h = hashToken(token);
    const now = Date.now();
    return list.some((s) => s.hash === h && s.expiresAt > now);
  }

  isSession(token: string | undefined): boolean {
    return this.valid(this.data.sessions, token);
  }

  isRemember(token: string | undefined): boolean {
    return this.valid(this.data.remember, token);
  }

  revoke(session: string | undefined, remember: string | undefined): void {
    const drop = new Set([session, remember].filter((t): t is string => Boolean(t)).map(hashToken));
    this.data.sessions = this.data.sessions.filter((s) => !drop.has(s.hash));
    this.data.remember = this.data.remember.filter((s) => !drop.has(s.hash));
    this.save();
  }

  clear(): void {
    this.data = { sessions: [], remember: [] };
    this.save();
  }
}
