/**
 * Dashboard sessions and remember-me tokens, stored hashed in `<data-dir>/sessions.json` so they
 * survive a daemon restart (archy-surface §1.4). The CSRF token is derived from the session token,
 * and a request's X-CSRF-Token must equal the token of its own session (§1.4/§1.5). `fault` switches
 * the security faults of sim/faults.ts that live here (each an implementation slip).
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

/** §1.5: the header must carry the CSRF token of the request's own session. */
export function csrfMatches(
  header: string | undefined,
  cookie: string | undefined,
  session: string | undefined,
  fault: (name: string) => boolean,
): boolean {
  if (header === undefined) return fault('csrf-checked-only-when-present');
  if (header === '') return false;
  if (fault('csrf-not-bound-to-session')) return header === cookie;
  return session !== undefined && header === deriveCsrf(session);
}

export interface NewSession {
  session: string;
  csrf: string;
}

export class SessionStore {
  private data: SessionsFile = { sessions: [], remember: [] };
  /** Hashes revoked in memory only (fault logout-not-persisted). */
  private readonly revokedInMemory = new Set<string>();

  constructor(
    private readonly dataDir: string,
    private readonly ttlMs: number,
    private readonly log: (line: string) => void,
    private readonly fault: (name: string) => boolean = () => false,
  ) {}

  private get file(): string {
    return path.join(this.dataDir, 'sessions.json');
  }

  load(): void {
    const read = readJson(this.file, isSessionsFile);
    if (read.kind === 'corrupt')
      this.log(
        `auth: sessions file ${this.file} is corrupt (${read.reason}); moved to ${read.movedTo}; every client must log in again`,
      );
    this.data =
      read.kind === 'ok' && !this.fault('sessions-not-persisted') ? read.value : { sessions: [], remember: [] };
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
    this.data.remember.push({
      hash: hashToken(token),
      createdAt: now,
      expiresAt: now + guess('cookie-attributes').rememberTtlSeconds * 1000,
    });
    this.save();
    return token;
  }

  private valid(list: StoredToken[], token: string | undefined): boolean {
    if (!token) return false;
    const h = hashToken(token);
    const now = Date.now();
    return !this.revokedInMemory.has(h) && list.some((s) => s.hash === h && s.expiresAt > now);
  }

  isSession(token: string | undefined): boolean {
    if (this.fault('session-presence-only')) return Boolean(token);
    return this.valid(this.data.sessions, token);
  }

  isRemember(token: string | undefined): boolean {
    if (this.fault('remember-not-verified')) return Boolean(token);
    return this.valid(this.data.remember, token);
  }

  revoke(session: string | undefined, remember: string | undefined): void {
    if (this.fault('logout-keeps-session')) return;
    const ended = this.fault('remember-survives-logout') ? [session] : [session, remember];
    const drop = new Set(ended.filter((t): t is string => Boolean(t)).map(hashToken));
    if (this.fault('logout-not-persisted')) {
      for (const h of drop) this.revokedInMemory.add(h);
      return;
    }
    this.data.sessions = this.data.sessions.filter((s) => !drop.has(s.hash));
    this.data.remember = this.data.remember.filter((s) => !drop.has(s.hash));
    this.save();
  }

  clear(): void {
    this.data = { sessions: [], remember: [] };
    this.save();
  }
}
