/**
 * Node survey → profile: `npm run survey -- --project=<node>` (default sim). Runs survey/survey.spec.ts
 * against the node (read-only on a real node unless ARCHY_ALLOW_DESTRUCTIVE=1; the sim allows
 * everything), which writes profiles/<node>.json (ARCHY_SURVEY_OUT to write elsewhere) and a Markdown
 * table beside it; prints the table. Review the file before committing it: the suite then checks the
 * guessed details as the profile says (config/profiles.ts).
 *
 *   npm run survey -- --project=sim
 *   ARCHY_SIM_VARIANT=7 ARCHY_SURVEY_OUT=/tmp/p7.json npm run survey -- --project=sim
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { globalEnv, REPO_ROOT } from '../config/env';
import { defaultProfilePath } from '../config/profiles';

const project = parseArgs({ options: { project: { type: 'string', default: 'sim' } } }).values.project;
const cli = require.resolve('@playwright/test/cli');
const run = spawnSync(process.execPath, [cli, 'test', `--project=${project}`, '--reporter=line', '--grep', '@survey'], {
  cwd: REPO_ROOT,
  env: { ...process.env, ARCHY_SPEC_DIRS: 'survey', ARCHY_PROFILE: 'none' },
  stdio: 'inherit',
});
const out = globalEnv().surveyOut ? path.resolve(globalEnv().surveyOut!) : defaultProfilePath(project!);
const md = out.replace(/\.json$/, '.md');
if (existsSync(md)) console.log(`\n${readFileSync(md, 'utf8')}\nprofile: ${out}`);
process.exitCode = run.status ?? 1;
