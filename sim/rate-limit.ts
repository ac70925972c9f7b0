/**
 * The login limiter (archy-surface §1.7): N attempts per window per client IP.
 */
export class LoginLimiter {
  private readonly attempts = new Map<string, number[]>();

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
  ) {}

  /** Records an attempt; false when it is over the limit (answer 429). */
  allow(ip: string): boolean {
    const now = Date.now();
    const recent = (this.attempts.get(ip) ?? []).filter((t) => now - t < this.windowMs);
    recent.push(now);
    this.attempts.set(ip, recent);
    return recent.length <= this.max;
  }

  clear(ip: string): void {
    this.attempts.delete(ip);
  }
}
