/**
 * Every guess the sim makes about an archy node, by id (kebab-case). The suite's node profiles use
 * the same ids. Adding a guess: add it to one of the files below; its first choice is the default.
 */
import { DASHBOARD_MARKUP_GUESSES } from './dashboard';
import { LIFECYCLE_GUESSES } from './lifecycle';
import { RPC_GUESSES } from './rpc';
import { DASHBOARD_GUESSES, SURFACE_GUESSES } from './surfaces';
import type { Dimension } from './types';

export const DIMENSIONS = {
  ...RPC_GUESSES,
  ...LIFECYCLE_GUESSES,
  ...SURFACE_GUESSES,
  ...DASHBOARD_GUESSES,
  ...DASHBOARD_MARKUP_GUESSES,
} as const;

export type GuessId = keyof typeof DIMENSIONS;
export type GuessValue<K extends GuessId> = (typeof DIMENSIONS)[K] extends Dimension<infer T> ? T : never;

export const guessIds = (Object.keys(DIMENSIONS) as GuessId[]).sort();

export function dimensionOf(id: string): Dimension<unknown> | undefined {
  return (DIMENSIONS as Record<string, Dimension<unknown>>)[id];
}
