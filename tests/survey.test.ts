/**
 * Issue 11 acceptance: `npm run survey -- --project=sim` against a variant writes a profile that names
 * that variant's choices (at least 10 guesses, in the sim's own words), destructive observers included:
 * the install-progress keys seen during an install, the login window timed after the limit. Issue 24:
 * the dashboard's nav items, Logout's place, empty state, badge and Launch, as the variant chose them.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT } from '../config/env';
import type { NodeProfile } from '../config/profiles';
import { dimensionOf, variantFor } from '../sim/guesses';

// Variant 7 with two destructive guesses pinned away from the defaults (a scaled login window keeps it quick).
const VARIANT = '7,install-progress-shape=startos-fields,login-window-scaling=scaled';

test('the survey of a sim variant names the variant’s choices for at least 10 guesses', { timeout: 600_000 }, () => {
  const out = mkdtempSync(path.join(tmpdir(), 'archy-survey-'));
  const file = path.join(out, 'profile.json');
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/survey.ts', '--project=sim'], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      FORCE_COLOR: '0',
      ARCHY_OUTPUT_ROOT: out,
      ARCHY_SURVEY_OUT: file,
      ARCHY_SIM_VARIANT: VARIANT,
    },
    encoding: 'utf8',
    timeout: 540_000,
  });
  assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`.slice(-3000));
  const profile = JSON.parse(readFileSync(file, 'utf8')) as NodeProfile;
  assert.equal(profile.variant, VARIANT);
  const choices = variantFor(VARIANT).choices;
  const named = Object.entries(profile.guesses).filter(([id, g]) => g.observed !== null && g.observed === choices[id]);
  assert.ok(named.length >= 10, `only ${named.length} guesses named as the variant chose: ${JSON.stringify(named)}`);
  assert.equal(profile.guesses['install-progress-shape']?.observed, 'startos-fields');
  assert.equal(profile.guesses['login-window-scaling']?.observed, 'scaled');
  // issue 24: the dashboard's choices, read from the page (read-only)
  for (const id of ['nav-items', 'logout-place', 'apps-empty-state', 'state-badge', 'launch-opens'])
    assert.equal(profile.guesses[id]?.observed, choices[id], `${id}: ${JSON.stringify(profile.guesses[id])}`);
  // where the survey answered with one of a guess's choice names, it is the variant's choice, never another one
  for (const [id, g] of Object.entries(profile.guesses)) {
    const names = dimensionOf(id)?.choices.map((c) => c.name) ?? [];
    if (g.observed !== null && names.includes(g.observed))
      assert.equal(g.observed, choices[id], `${id}: the survey saw ${g.observed}, the variant chose ${choices[id]}`);
  }
});
