/**
 * A node's profile: what a survey (scripts/survey.ts) saw the node do for each guess of
 * config/guesses.ts. A committed, reviewed file `profiles/<node>.json`; ARCHY_PROFILE picks another
 * file ("none": no profile). Without a profile the suite checks the evidence only.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ConfigError, globalEnv, REPO_ROOT } from './env';
import type { GuessId } from './guesses';

export const GUESS_STATUSES = ['confirmed', 'contradicted', 'unknown'] as const;
export type GuessStatus = (typeof GUESS_STATUSES)[number];

const observationSchema = z.object({
  /** What the node does, in the catalogue's words; null when the survey could not see it. */
  observed: z.string().nullable(),
  /** The catalogue's choice for what could be seen (restricted to the apps that ran). */
  expected: z.string(),
  status: z.enum(GUESS_STATUSES),
  detail: z.string().optional(),
  configChange: z.string().optional(),
});
export type GuessObservation = z.infer<typeof observationSchema>;

export const profileSchema = z.object({
  node: z.string(),
  surveyedAt: z.string(),
  /** The sim variant surveyed (from SIM_READY), when the node is a sim. */
  variant: z.string().nullable().optional(),
  destructive: z.boolean(),
  guesses: z.record(z.string(), observationSchema),
  /**
   * The host facts SSH control found (lib/control/ssh/host-facts.ts): the daemon's unit, the user
   * owning the app containers, config file, state DB, journal; each set, discovered or missing.
   * Absent when the node has no SSH control.
   */
  host: z
    .record(
      z.string(),
      z.object({
        value: z.string().optional(),
        source: z.enum(['set', 'discovered', 'missing']),
        how: z.string(),
      }),
    )
    .optional(),
});
export type NodeProfile = z.infer<typeof profileSchema>;

export const PROFILES_DIR = path.join(REPO_ROOT, 'profiles');

export function defaultProfilePath(node: string): string {
  return path.join(PROFILES_DIR, `${node}.json`);
}

/** The profile file the suite reads for a node, or null (ARCHY_PROFILE=none, or no file). */
export function profilePath(node: string): string | null {
  const chosen = globalEnv().profile;
  if (chosen === 'none') return null;
  if (chosen) return path.resolve(chosen);
  const file = defaultProfilePath(node);
  return existsSync(file) ? file : null;
}

export function parseProfile(text: string, source: string): NodeProfile {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ConfigError(`The node profile ${source} is not JSON: re-run \`npm run survey\` or fix the file`);
  }
  const parsed = profileSchema.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(profile)'}: ${i.message}`).join('; ');
    throw new ConfigError(
      `The node profile ${source} does not match config/profiles.ts (${issues}): re-run \`npm run survey\``,
    );
  }
  return parsed.data;
}

const cache = new Map<string, NodeProfile | null>();

/** The node's profile, or null; an unreadable file named by ARCHY_PROFILE is a ConfigError naming it. */
export function loadProfile(node: string): NodeProfile | null {
  if (cache.has(node)) return cache.get(node)!;
  const file = profilePath(node);
  let profile: NodeProfile | null = null;
  if (file) {
    if (!existsSync(file))
      throw new ConfigError(
        `ARCHY_PROFILE names ${file}, which does not exist (node ${node}): run \`npm run survey -- --project=${node}\` or unset it`,
      );
    profile = parseProfile(readFileSync(file, 'utf8'), file);
  }
  cache.set(node, profile);
  return profile;
}

export function resetProfileCache(): void {
  cache.clear();
}

/** The profile's observation of one guess, when it saw the node do something. */
export function observed(profile: NodeProfile | null, id: GuessId): GuessObservation | undefined {
  const obs = profile?.guesses[id];
  return obs && obs.observed !== null ? obs : undefined;
}

/**
 * What a node does with an app whose requirement stops and starts again (the sim's guesses of the
 * same names; the survey writes what it saw under these ids): keeps it running; stops it and leaves it
 * stopped when the requirement starts again; or stops it and brings it back.
 */
export const FOLLOW_CHOICES = ['keep-state', 'stop-and-stay', 'stop-and-return'] as const;
export type FollowChoice = (typeof FOLLOW_CHOICES)[number];
export type FollowGuess = 'companions-with-backend' | 'dependants-with-bitcoin';

/** The node's choice as its profile records it, or undefined (no profile, not seen, or not one of the choices). */
export function followChoice(profile: NodeProfile | null, id: FollowGuess): FollowChoice | undefined {
  const seen = profile?.guesses[id]?.observed;
  return FOLLOW_CHOICES.find((c) => c === seen);
}
