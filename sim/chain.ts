/**
 * The simulated block chain: blocks advance slowly (one per ~10 min at time-scale 1) while a
 * bitcoin node runs; headers run ahead by at most a block.
 */
import { createHash } from 'node:crypto';
import type { ChainInfo } from './surfaces/types';
import { guess } from './guesses';

export class Chain {
  private readonly params = guess('chain-params');
  private blocks: number = this.params.startHeight;
  private headers: number = this.params.startHeight + 1;
  private timer: NodeJS.Timeout | null = null;
  private catchUp: NodeJS.Timeout | null = null;

  constructor(private readonly timeScale: number) {}

  /** Mine while `mining()` says a bitcoin node runs. */
  start(mining: () => boolean): void {
    if (this.timer) return;
    const interval = Math.max(50, this.params.blockIntervalMs * this.timeScale);
    this.catchUp = setTimeout(() => (this.blocks = this.headers), Math.max(20, interval / 4));
    this.catchUp.unref();
    this.timer = setInterval(() => {
      if (!mining()) return;
      this.headers += 1;
      if (this.catchUp) clearTimeout(this.catchUp);
      this.catchUp = setTimeout(() => (this.blocks = this.headers), Math.max(20, interval / 4));
      this.catchUp.unref();
    }, interval);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.catchUp) clearTimeout(this.catchUp);
    this.timer = null;
    this.catchUp = null;
  }

  info(): ChainInfo {
    const blocks = Math.min(this.blocks, this.headers);
    return {
      chain: this.params.chain,
      blocks,
      headers: this.headers,
      bestblockhash: createHash('sha256')
        .update(`archy-sim block ${blocks}`)
        .digest('hex')
        .replace(/^.{16}/, '0000000000000000'),
      verificationprogress: blocks === this.headers ? 0.9999995 : 0.999998,
      mediantime: Math.floor(Date.now() / 1000) - 3000,
      difficulty: 110_451_907_374_649.6,
      size_on_disk: 712_345_678_901 + (blocks - this.params.startHeight) * 1_600_000,
      pruned: false,
    };
  }
}
