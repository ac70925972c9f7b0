/**
 * Node survey → profile: `npm run survey -- --project=<node>` (default sim). Runs survey/survey.spec.ts
 * against the node (read-only on a real node unless ARCHY_ALLOW_DESTRUCTIVE=1; the sim allows
 * everything), which writes profiles/<node>.json (ARCHY_SURVEY_OUT to write elsewhere) and a Markdown
 * table beside it; prints the table. Review the file before committing it: the suite then checks the
 * guessed details as the profile says (config/profiles.ts).
 *
 *   npm run survey -- --project=sim
 *   npm run survey -- --project=sim --variant 7          the sim of variant 7 (ARCHY_SIM_VARIANT=7), written to
 *                                                         reports/profiles/sim-variant-7.json (not a reviewed profile)
 *                                                         unless ARCHY_SURVEY_OUT says otherwise
 *   ARCHY_SIM_VARIANT=7 ARCHY_SURVEY_OUT=/tmp/p7.json npm run survey -- --project=sim
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { globalEnv, outputPaths, REPO_ROOT } from '../config/env';
import { defaultProfilePath } from '../config/profiles';

const { project, variant } = parseArgs({
  options: { project: { type: 'string', default: 'sim' }, variant: { type: 'string' } },
}).values;
if (variant !== undefined && project !== 'sim')
  throw new Error('--variant picks a variant of the sim: use it with --project=sim');
const cli = require.resolve('@playwright/test/cli');
const variantOut =
  variant !== undefined && !globalEnv().surveyOut
    ? path.join(outputPaths().reports, 'profiles', `sim-variant-${variant.replace(/[^A-Za-z0-9._-]/g, '_')}.json`)
    : undefined;
const run = spawnSync(process.execPath, [cli, 'test', `--project=${project}`, '--reporter=line', '--grep', '@survey'], {
  cwd: REPO_ROOT,
  env: {
    ...process.env,
    ARCHY_SPEC_DIRS: 'survey',
    ARCHY_PROFILE: 'none',
    ...(variant !== undefined ? { ARCHY_SIM_VARIANT: variant, ARCHY_SIM_READY: '' } : {}),
    ...(variantOut ? { ARCHY_SURVEY_OUT: variantOut } : {}),
  },
  stdio: 'inherit',
});
const out = variantOut ?? (globalEnv().surveyOut ? path.resolve(globalEnv().surveyOut!) : defaultProfilePath(project!));
const md = out.replace(/\.json$/, '.md');
if (existsSync(md)) console.log(`\n${readFileSync(md, 'utf8')}\nprofile: ${out}`);
process.exitCode = run.status ?? 1;
