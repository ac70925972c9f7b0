/**
 * `npm test`: every `*.test.ts` under tests/ and under any `test/` folder of the project
 * (sim/test/, sim/surfaces/test/, reporters/test/, lib/probes/test/, …), run with node:test.
 * Node 20's --test does not expand globs, so this finds the files.
 *
 *   npm test                      all of them
 *   npm test -- redact rpc        only files whose path contains one of the words
 *   npm test -- --test-name-pattern=leak    options go to node --test as given
 *
 * First it finds or installs a Chromium (config/browser.ts) and says so in one line. Without one,
 * the tests that need a browser skip, the others run, and npm test fails once at the end saying what to install.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ensureBrowser } from '../config/browser';

const ROOT = path.resolve(__dirname, '..');
const SKIP = new Set(['node_modules', '.git', 'reports', 'test-results', '.auth', 'allure-report']);

function testFiles(dir: string, inTestFolder: boolean): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(entry.name) || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory())
      out.push(...testFiles(full, inTestFolder || entry.name === 'test' || (dir === ROOT && entry.name === 'tests')));
    else if (inTestFolder && entry.name.endsWith('.test.ts')) out.push(path.relative(ROOT, full));
  }
  return out;
}

const { positionals: filters, tokens } = parseArgs({ allowPositionals: true, strict: false, tokens: true });
const passThrough = tokens.flatMap((t) =>
  t.kind === 'option' ? [t.value === undefined ? t.rawName : `${t.rawName}=${t.value}`] : [],
);
const files = testFiles(ROOT, false)
  .filter((f) => filters.length === 0 || filters.some((w) => f.includes(w)))
  .sort();

if (files.length === 0) {
  console.error(`npm test: no *.test.ts files found${filters.length ? ` matching ${filters.join(', ')}` : ''}`);
  process.exit(1);
}
const browser = ensureBrowser();
(browser.ok ? console.log : console.error)(browser.line);
console.log(`npm test: ${files.length} test files`);
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-reporter=spec', ...passThrough, ...files],
  {
    cwd: ROOT,
    stdio: 'inherit',
  },
);
if (!browser.ok) {
  console.error(`npm test: the browser tests were skipped. ${browser.line}`);
  process.exit(result.status || 1);
}
process.exit(result.status ?? 1);
