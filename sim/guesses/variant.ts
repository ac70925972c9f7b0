/**
 * A variant: one choice per guess, picked deterministically from a seed (`--variant <seed>`,
 * `ARCHY_SIM_VARIANT`). `default` is the sim as it always was. Overrides pin single guesses:
 * `--variant 7,dashboard-script=inline` or `--variant default,test-ids=absent`.
 *
 * Each guess is drawn from its own stream (FNV-1a of "<seed>/<id>" seeds mulberry32), so adding a
 * guess never changes the choices an existing seed makes for the others.
 */
import { DIMENSIONS, guessIds, dimensionOf, type GuessId, type GuessValue } from './registry';

export interface Variant {
  /** The spec as given: "default", "<seed>" or "<seed>,<id>=<choice>,…". */
  readonly spec: string;
  readonly seed: string;
  /** guess id → choice name, for every guess. */
  readonly choices: Readonly<Record<string, string>>;
}

export class VariantError extends Error {
  override name = 'VariantError';
}

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** mulberry32: a small, well-known 32-bit PRNG (one state word). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SEED_RE = /^[A-Za-z0-9._-]{1,64}$/;

/** Parses a variant spec; throws VariantError naming what is wrong. */
export function variantFor(spec: string): Variant {
  const [rawSeed = '', ...overrides] = spec.split(',').map((s) => s.trim());
  const seed = rawSeed === '' ? 'default' : rawSeed;
  if (!SEED_RE.test(seed))
    throw new VariantError(`--variant: seed "${seed}" must be 1-64 of A-Z a-z 0-9 . _ - (or "default")`);
  const choices: Record<string, string> = {};
  for (const id of guessIds) {
    const dim = DIMENSIONS[id];
    const index = seed === 'default' ? 0 : Math.floor(mulberry32(fnv1a(`${seed}/${id}`))() * dim.choices.length);
    choices[id] = (dim.choices[index] ?? dim.choices[0]).name;
  }
  for (const o of overrides.filter(Boolean)) {
    const eq = o.indexOf('=');
    const id = eq > 0 ? o.slice(0, eq) : o;
    const name = eq > 0 ? o.slice(eq + 1) : '';
    const dim = dimensionOf(id);
    if (!dim) throw new VariantError(`--variant: unknown guess "${id}" (known: ${guessIds.join(', ')})`);
    if (!dim.choices.some((c) => c.name === name))
      throw new VariantError(
        `--variant: guess "${id}" has no choice "${name}" (choices: ${dim.choices.map((c) => c.name).join(', ')})`,
      );
    choices[id] = name;
  }
  return { spec: [seed, ...overrides.filter(Boolean)].join(','), seed, choices };
}

export const DEFAULT_VARIANT: Variant = variantFor('default');

/** The choices that differ from the default, as "id=choice". */
export function differences(v: Variant): string[] {
  return guessIds.filter((id) => v.choices[id] !== DEFAULT_VARIANT.choices[id]).map((id) => `${id}=${v.choices[id]}`);
}

// The variant of the sim running in this process. One sim per process (main.ts); in-process tests
// start their sims one after another, each setting its own.
let active: Variant = DEFAULT_VARIANT;

export function useVariant(v: Variant): void {
  active = v;
}

export function activeVariant(): Variant {
  return active;
}

/** The value the active variant chose for a guess. */
export function guess<K extends GuessId>(id: K): GuessValue<K> {
  const dim = DIMENSIONS[id];
  const name = active.choices[id];
  const c = dim.choices.find((x) => x.name === name) ?? dim.choices[0];
  return c.value as GuessValue<K>;
}

/** The name of the choice the active variant made for a guess. */
export function guessName(id: GuessId): string {
  return active.choices[id] ?? DIMENSIONS[id].choices[0].name;
}
