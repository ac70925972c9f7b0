/**
 * Time-scaled timers owned by one component, so a kill -9 or a shutdown cancels all of them at once.
 */
export class ScaledTimers {
  private readonly live = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(private readonly timeScale: number) {}

  /** Milliseconds at time-scale 1 → real milliseconds. */
  scaled(ms: number): number {
    return Math.max(1, Math.round(ms * this.timeScale));
  }

  after(ms: number, fn: () => void): NodeJS.Timeout | null {
    if (this.closed) return null;
    const t = setTimeout(() => {
      this.live.delete(t);
      fn();
    }, this.scaled(ms));
    this.live.add(t);
    return t;
  }

  every(ms: number, fn: () => void): NodeJS.Timeout | null {
    if (this.closed) return null;
    const t = setInterval(fn, this.scaled(ms));
    this.live.add(t);
    return t;
  }

  cancel(t: NodeJS.Timeout | null | undefined): void {
    if (!t) return;
    clearTimeout(t);
    this.live.delete(t);
  }

  /** Real-time sleep of `ms` at time-scale 1, cancelled (never resolves) after close. */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.after(ms, resolve));
  }

  close(): void {
    this.closed = true;
    for (const t of this.live) clearTimeout(t);
    this.live.clear();
  }
}
