/**
 * A check of a guessed detail (config/guesses.ts). It runs only where the node's profile records what
 * the node does, and checks the node still does that. When it fails, the guess is looked at afresh:
 * if the node no longer does what the profile says, the test records "guess contradicted: …" and
 * passes (the profile, not the app, is wrong: re-survey the node); if the node still does what the
 * profile says, the failure is the app's and is thrown.
 */
import { guessDef, type GuessId } from '../../config/guesses';
import { observed, type NodeProfile } from '../../config/profiles';

export interface Annotated {
  annotations: { type: string; description?: string }[];
}

export type GuessedOutcome = 'passed' | 'unchecked' | 'contradicted';

export const GUESS_CONTRADICTED = 'guess contradicted';
export const GUESS_UNCHECKED = 'guess unchecked';

/** An annotation once per test: a check repeated in a test (a journey at two viewports) says it once. */
function note(testInfo: Annotated, type: string, description: string): void {
  if (!testInfo.annotations.some((a) => a.type === type && a.description === description))
    testInfo.annotations.push({ type, description });
}

export async function guessedCheck(
  testInfo: Annotated,
  profile: NodeProfile | null,
  id: GuessId,
  check: (observed: string) => Promise<void>,
  reobserve: () => Promise<string | null>,
): Promise<GuessedOutcome> {
  const obs = observed(profile, id);
  if (!obs) {
    note(
      testInfo,
      GUESS_UNCHECKED,
      `${id}: ${profile ? 'the profile did not see it' : 'no profile for this node'}; only the evidence is checked`,
    );
    return 'unchecked';
  }
  try {
    await check(obs.observed!);
    return 'passed';
  } catch (error) {
    let now: string | null;
    try {
      now = await reobserve();
    } catch {
      now = null;
    }
    if (now !== null && now !== obs.observed) {
      const change = guessDef(id).configChange(now);
      note(
        testInfo,
        GUESS_CONTRADICTED,
        `${id}: the profile says "${obs.observed}", the node now does "${now}" (${(error as Error).message.split('\n')[0].slice(0, 200)}); re-survey the node, or: ${change}`,
      );
      return 'contradicted';
    }
    throw error;
  }
}
