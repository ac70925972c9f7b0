/**
 * `npm run main` and `npm test` run this first: find a Chromium (or install one when allowed) and
 * say in one line what it did (config/browser.ts). It never stops the run: without a browser the
 * API layers still run and the browser layer fails once, saying what to install.
 *
 *   tsx scripts/ensure-browser.ts            find or install, print one line, exit 0
 *   tsx scripts/ensure-browser.ts --strict   the same, but exit 1 when no browser can be had
 */
import { parseArgs } from 'node:util';
import { ensureBrowser } from '../config/browser';

const { values } = parseArgs({ options: { strict: { type: 'boolean', default: false } } });
const result = ensureBrowser();
(result.ok ? console.log : console.error)(result.line);
process.exit(!result.ok && values.strict ? 1 : 0);
