/**
 * The node's log: numbered lines kept in memory for the control channel and appended to
 * `<data-dir>/archipelago.log`.
 */
import { appendFile } from 'node:fs';
import path from 'node:path';

export interface LogLine {
  seq: number;
  at: string;
  line: string;
}

const KEEP = 5000;

export class NodeLog {
  private seq = 0;
  private readonly lines: LogLine[] = [];
  private pending: string[] = [];
  private flushing = false;

  constructor(
    private dataDir: string,
    private readonly echo: ((line: string) => void) | null = null,
  ) {}

  setDataDir(dir: string): void {
    this.dataDir = dir;
  }

  write(line: string): void {
    const entry = { seq: ++this.seq, at: new Date().toISOString(), line };
    this.lines.push(entry);
    if (this.lines.length > KEEP) this.lines.splice(0, this.lines.length - KEEP);
    this.echo?.(line);
    this.pending.push(`${entry.at} ${line}\n`);
    this.flush();
  }

  /** The seq of the last line written (0: none yet): the cursor to pass to since() for what comes after. */
  lastSeq(): number {
    return this.seq;
  }

  since(seq: number): LogLine[] {
    return this.lines.filter((l) => l.seq > seq);
  }

  private flush(): void {
    if (this.flushing || this.pending.length === 0) return;
    this.flushing = true;
    const text = this.pending.join('');
    this.pending = [];
    appendFile(path.join(this.dataDir, 'archipelago.log'), text, () => {
      this.flushing = false;
      this.flush();
    });
  }
}
