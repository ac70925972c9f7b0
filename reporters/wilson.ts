/**
 * Wilson score interval for a binomial proportion: how sure 20 passes out of 20 make us.
 * (20/20 gives a 95 % lower bound of about 0.84, which is why the gate wants every run green.)
 */
export interface Interval {
  rate: number;
  low: number;
  high: number;
}

const Z95 = 1.959963984540054;

export function wilsonInterval(successes: number, trials: number, z: number = Z95): Interval {
  if (!Number.isInteger(successes) || !Number.isInteger(trials) || successes < 0 || trials < 0 || successes > trials) {
    throw new RangeError(`wilsonInterval: need 0 <= successes <= trials, got ${successes}/${trials}`);
  }
  if (trials === 0) return { rate: 0, low: 0, high: 1 };
  const p = successes / trials;
  const z2 = z * z;
  const denominator = 1 + z2 / trials;
  const centre = (p + z2 / (2 * trials)) / denominator;
  const margin = (z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials))) / denominator;
  return { rate: p, low: Math.max(0, centre - margin), high: Math.min(1, centre + margin) };
}
