/**
 * The login limiter (archy-surface §1.7): N attempts per window per client IP. `fault` switches the
 * rate-limit faults of sim/faults.ts (security block).
 */
import type { IncomingMessage } from 'node:http';

type FaultOn = (name: string) => boolean;

/** The client the limiter counts: the peer address (the fault trusts a client-supplied X-Forwarded-For). */
export function limiterKey(req: IncomingMessage, fault: FaultOn): string {
  const forwarded = req.headers['x-forwarded-for'];
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
  if (first && fault('login-rate-limit-trusts-forwarded-for')) return first;
  return req.socket.remoteAddress ?? 'unknown';
}

export class LoginLimiter {
  private readonly attempts = new Map<string, number[]>();

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
    private readonly fault: FaultOn = () => false,
  ) {}

  /** Records an attempt; false when it is over the limit (answer 429). */
  allow(ip: string): boolean {
    if (this.fault('login-rate-limit-off')) return true;
    const now = Date.now();
    const window = this.fault('login-rate-limit-never-releases') ? Number.POSITIVE_INFINITY : this.windowMs;
    const recent = (this.attempts.get(ip) ?? []).filter((t) => now - t < window);
    recent.push(now);
    this.attempts.set(ip, recent);
    return recent.length <= this.max;
  }

  clear(ip: string): void {
    this.attempts.delete(ip);
  }
}
