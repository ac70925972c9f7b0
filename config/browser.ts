/**
 * The one owner of "which Chromium does this run use". Read by playwright.config.ts (resolve only,
 * never installs) and by the entry points `npm run main` / `npm test` (scripts/ensure-browser.ts:
 * resolve, and install when nothing is found and installing is allowed). In order:
 *   1. PLAYWRIGHT_CHROMIUM_EXECUTABLE
 *   2. a system Chromium on PATH (Debian's /usr/bin/chromium, chromium-browser, google-chrome)
 *   3. Playwright's own Chromium in its cache (PLAYWRIGHT_BROWSERS_PATH or ~/.cache/ms-playwright)
 *   4. install: `npx playwright install chromium`, then on Debian as root `apt-get install -y chromium`
 *      (ARCHY_BROWSER_INSTALL=0 forbids both)
 * When none can be had, the browser layer (L4) fails once with NO_BROWSER_HELP; the API layers run.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import path from 'node:path';
import { globalEnv, REPO_ROOT } from './env';

export type BrowserSource = 'PLAYWRIGHT_CHROMIUM_EXECUTABLE' | 'system' | 'playwright-cache';

export type ResolvedBrowser =
  { ok: true; executablePath: string; source: BrowserSource } | { ok: false; reason: string };

/** The flags every Chromium of the suite is launched with (a container or CI box: no sandbox, no GPU, no background traffic). */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

const SYSTEM_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

export const NO_BROWSER_HELP =
  'No Chromium for the browser tests (L4). Install one and run again: `apt-get install -y chromium` (Debian, as root) ' +
  'or `npx playwright install --with-deps chromium`, or point PLAYWRIGHT_CHROMIUM_EXECUTABLE at a Chromium binary.';

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Playwright's bundled Chromium for this @playwright/test version, if its cache holds it. */
function cachedPlaywrightChromium(): string | undefined {
  try {
    const { chromium } = require('playwright-core') as typeof import('playwright-core');
    const file = chromium.executablePath();
    return file && existsSync(file) ? file : undefined;
  } catch {
    return undefined;
  }
}

/** Finds a Chromium without installing anything (cheap: a few stat calls). */
export function resolveBrowser(): ResolvedBrowser {
  const env = globalEnv();
  if (env.chromiumExecutable) {
    if (executable(env.chromiumExecutable))
      return { ok: true, executablePath: env.chromiumExecutable, source: 'PLAYWRIGHT_CHROMIUM_EXECUTABLE' };
    return { ok: false, reason: `PLAYWRIGHT_CHROMIUM_EXECUTABLE=${env.chromiumExecutable} is not an executable file` };
  }
  for (const dir of env.searchPath.split(path.delimiter).filter(Boolean)) {
    for (const name of SYSTEM_NAMES) {
      const file = path.join(dir, name);
      if (executable(file)) return { ok: true, executablePath: file, source: 'system' };
    }
  }
  const cached = cachedPlaywrightChromium();
  if (cached) return { ok: true, executablePath: cached, source: 'playwright-cache' };
  return { ok: false, reason: "no PLAYWRIGHT_CHROMIUM_EXECUTABLE, no chromium on PATH, none in Playwright's cache" };
}

function describe(found: Extract<ResolvedBrowser, { ok: true }>, installedWith?: string): string {
  const from = {
    PLAYWRIGHT_CHROMIUM_EXECUTABLE: 'PLAYWRIGHT_CHROMIUM_EXECUTABLE',
    system: 'system Chromium',
    'playwright-cache': "Playwright's Chromium",
  }[found.source];
  return `browser: ${installedWith ? 'installed' : 'found'} ${from} at ${found.executablePath}${installedWith ? ` (${installedWith})` : ''}`;
}

function run(command: string, args: string[]): boolean {
  const result = spawnSync(command, args, {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
    timeout: 10 * 60_000,
  });
  return result.status === 0;
}

export interface EnsuredBrowser {
  ok: boolean;
  /** One line: what was found or installed, or NO_BROWSER_HELP. */
  line: string;
}

/** Finds a Chromium, installing one when allowed and none is found. Never throws. */
export function ensureBrowser(): EnsuredBrowser {
  const found = resolveBrowser();
  if (found.ok) return { ok: true, line: describe(found) };
  const env = globalEnv();
  if (!env.browserInstall)
    return {
      ok: false,
      line: `browser: none (${found.reason}; installing is off: ARCHY_BROWSER_INSTALL=0). ${NO_BROWSER_HELP}`,
    };
  const tried: string[] = [];
  if (run('npx', ['playwright', 'install', 'chromium'])) {
    const installed = cachedPlaywrightChromium();
    if (installed)
      return {
        ok: true,
        line: describe(
          { ok: true, executablePath: installed, source: 'playwright-cache' },
          'npx playwright install chromium',
        ),
      };
  }
  tried.push('npx playwright install chromium failed');
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  const aptGet = '/usr/bin/apt-get';
  if (root && existsSync(aptGet)) {
    const ok = run(aptGet, ['update', '-qq']) && run(aptGet, ['install', '-y', '-qq', 'chromium']);
    if (ok && executable('/usr/bin/chromium'))
      return {
        ok: true,
        line: describe(
          { ok: true, executablePath: '/usr/bin/chromium', source: 'system' },
          `apt-get install -y chromium, after: ${tried.join('; ')}`,
        ),
      };
    tried.push('apt-get install -y chromium failed');
  } else tried.push('apt-get not tried (needs root on Debian)');
  return { ok: false, line: `browser: none (${found.reason}; ${tried.join('; ')}). ${NO_BROWSER_HELP}` };
}
