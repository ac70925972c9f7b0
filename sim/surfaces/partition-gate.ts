/**
 * Holds work while the network is partitioned: connections are accepted but nothing is answered
 * until the partition heals (then held work runs in arrival order). One timer polls the partition
 * flag, and only while something is waiting.
 */
export class PartitionGate {
  private readonly waiting: Array<{ run: () => void; cancelled: () => boolean }> = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly partitioned: () => boolean,
    private readonly pollMs = 25,
  ) {}

  /** Runs `work` now, or once the partition heals; skipped if `cancelled()` is true by then. */
  whenOpen(work: () => void, cancelled: () => boolean = () => false): void {
    if (!this.partitioned() && this.waiting.length === 0) {
      work();
      return;
    }
    this.waiting.push({ run: work, cancelled });
    this.arm();
  }

  get held(): number {
    return this.waiting.length;
  }

  /** Drops everything held (the listeners are closing). */
  clear(): void {
    this.waiting.length = 0;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private arm(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.tick(), this.pollMs);
    this.timer.unref();
  }

  private tick(): void {
    const stillWaiting = this.waiting.filter((w) => !w.cancelled());
    this.waiting.length = 0;
    if (this.partitioned()) {
      this.waiting.push(...stillWaiting);
      if (this.waiting.length === 0) this.clear();
      return;
    }
    this.clear();
    for (const w of stillWaiting) {
      try {
        w.run();
      } catch {
        // one held request failing must not stop the others
      }
    }
  }
}
