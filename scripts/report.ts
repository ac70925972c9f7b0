/**
 * `npm run report`: the Allure 3 report of the latest run of every node
 * (reports/allure-results/<node> → reports/allure-report), one environment per node, categories
 * infrastructure / product / schema drift / install timeout, and history kept across runs in
 * reports/allure-history.jsonl (allurerc.mjs). Open it with `npx allure open reports/allure-report`.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { runAllure } from '../reporters/allure-cli';
import { REPORTS_DIR } from '../reporters/gate-files';
import { claimHistoryEntry, nodeResultDirs, resultsSignature } from '../reporters/report-history';

function main(): number {
  const dirs = nodeResultDirs(join(REPORTS_DIR, 'allure-results'));
  if (dirs.length === 0) {
    console.error(
      'report: no results in reports/allure-results/<node>/ — run `npm run gate -- --project=sim` (or any playwright run) first',
    );
    return 1;
  }
  mkdirSync(REPORTS_DIR, { recursive: true });
  const fresh = claimHistoryEntry(join(REPORTS_DIR, 'allure-history.last'), resultsSignature(dirs));
  if (!fresh) console.log('report: these results are already in the history; regenerating without a new history entry');
  const output = join(REPORTS_DIR, 'allure-report');
  // Allure flattens its single plugin's folder into the output only when the output starts empty
  rmSync(output, { recursive: true, force: true });
  const code = runAllure(['generate', ...dirs, '--config', 'allurerc.mjs', '--output', output], process.cwd(), {
    ARCHY_ALLURE_APPEND_HISTORY: fresh ? '1' : '0',
  });
  if (code !== 0) {
    console.error(`report: allure generate exited ${code}`);
    return code;
  }
  console.log(
    `report: ${join(output, 'index.html')} (${dirs.length} node(s): ${dirs.map((d) => d.split('/').pop()).join(', ')})`,
  );
  console.log('report: open it with `npx allure open reports/allure-report`');
  return 0;
}

process.exitCode = main();
