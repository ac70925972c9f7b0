/** Small helpers for the CLIs in scripts/ (their argv goes through node:util parseArgs). */

/** A positive number from a string option, or a clear error naming the option. */
export function positiveNumber(raw: string | undefined, option: string, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${option} wants a positive number, got ${raw}`);
  return value;
}

/** The median of a bench's runs (mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
