/**
 * A guessed check runs only with a profile, passes when the node does what its profile says, is
 * reported "guess contradicted" (not an app failure) when the node now does otherwise, and fails only
 * when the node still does what the profile says and the check fails anyway.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { NodeProfile } from '../../../config/profiles';
import { GUESS_CONTRADICTED, GUESS_UNCHECKED, guessedCheck } from '../guessed-check';

const profile = (observed: string): NodeProfile => ({
  node: 'sim',
  surveyedAt: '2026-12-01T00:00:00Z',
  variant: '7',
  destructive: true,
  guesses: { 'direct-ports': { observed, expected: observed, status: 'confirmed' } },
});

test('without a profile the guessed check does not run', async () => {
  const info = { annotations: [] as { type: string; description?: string }[] };
  let ran = false;
  const outcome = await guessedCheck(
    info,
    null,
    'direct-ports',
    async () => {
      ran = true;
    },
    async () => 'x',
  );
  assert.equal(outcome, 'unchecked');
  assert.equal(ran, false);
  assert.equal(info.annotations[0]?.type, GUESS_UNCHECKED);
});

test('a node that does what its profile says passes the check', async () => {
  const info = { annotations: [] as { type: string; description?: string }[] };
  let seen = '';
  const outcome = await guessedCheck(
    info,
    profile('electrum,lnd-rest'),
    'direct-ports',
    async (s) => {
      seen = s;
    },
    async () => 'electrum,lnd-rest',
  );
  assert.equal(outcome, 'passed');
  assert.equal(seen, 'electrum,lnd-rest');
});

test("another variant than the profile's: the check's failure is reported as a contradicted guess", async () => {
  const info = { annotations: [] as { type: string; description?: string }[] };
  const outcome = await guessedCheck(
    info,
    profile('electrum,lnd-rest'),
    'direct-ports',
    async () => {
      throw new Error('[node sim] lnd/rpc: LND REST :29363 /v1/getinfo connection failed (ECONNREFUSED)');
    },
    async () => 'electrum',
  );
  assert.equal(outcome, 'contradicted');
  assert.equal(info.annotations[0]?.type, GUESS_CONTRADICTED);
  assert.match(info.annotations[0]!.description!, /profile says "electrum,lnd-rest", the node now does "electrum"/);
  assert.match(info.annotations[0]!.description!, /config\/apps\.ts ports/);
});

test('a node that still does what its profile says fails the check: that is the app', async () => {
  const info = { annotations: [] as { type: string; description?: string }[] };
  await assert.rejects(
    guessedCheck(
      info,
      profile('electrum,lnd-rest'),
      'direct-ports',
      async () => {
        throw new Error('LND getinfo has no valid identity_pubkey');
      },
      async () => 'electrum,lnd-rest',
    ),
    /identity_pubkey/,
  );
  assert.equal(info.annotations.length, 0);
});
