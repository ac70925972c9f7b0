/**
 * The dashboard password in `<data-dir>/user.json` (archy: Argon2id; here scrypt, a sim
 * internal no client sees: sim/evidence.ts SIM_INTERNALS). Set up from `--password` on the first start of a data dir.
 */
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import path from 'node:path';
import { isRecord, readJson, writeJsonAtomic } from './persist';

interface UserFile {
  algo: 'scrypt';
  salt: string;
  hash: string;
  createdAt: number;
}

function isUserFile(v: unknown): v is UserFile {
  return isRecord(v) && v.algo === 'scrypt' && typeof v.salt === 'string' && typeof v.hash === 'string';
}

function hashPassword(password: string, salt: Buffer): Buffer {
  return scryptSync(password, salt, 32, { N: 1024 });
}

export class UserStore {
  private user: UserFile | null = null;

  constructor(
    private readonly dataDir: string,
    private readonly log: (line: string) => void,
  ) {}

  private get file(): string {
    return path.join(this.dataDir, 'user.json');
  }

  /** Loads user.json; missing or corrupt → set up with `initialPassword`. */
  load(initialPassword: string): void {
    const read = readJson(this.file, isUserFile);
    if (read.kind === 'ok') {
      this.user = read.value;
      return;
    }
    if (read.kind === 'corrupt')
      this.log(
        `auth: user file ${this.file} is corrupt (${read.reason}); moved to ${read.movedTo}; password reset to the configured one`,
      );
    this.setup(initialPassword);
  }

  setup(password: string): void {
    const salt = randomBytes(16);
    this.user = {
      algo: 'scrypt',
      salt: salt.toString('hex'),
      hash: hashPassword(password, salt).toString('hex'),
      createdAt: Date.now(),
    };
    writeJsonAtomic(this.file, this.user);
  }

  isSetup(): boolean {
    return this.user !== null;
  }

  verify(password: string): boolean {
    if (!this.user) return false;
    const want = Buffer.from(this.user.hash, 'hex');
    const got = hashPassword(password, Buffer.from(this.user.salt, 'hex'));
    return want.length === got.length && timingSafeEqual(want, got);
  }
}
