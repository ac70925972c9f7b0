/**
 * The dependency rule (eslint.config.mjs): specs → fixtures → pages / lib → config, and no spec folder
 * imports another one or sim/. A temp copy of the lint config gets planted files: each breach must fail
 * the lint, naming the rule; the allowed imports must pass.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { REPO_ROOT } from '../config/env';

/** Lints `file` planted with `source`, and `others` (path → source) beside it, in a temp copy of the lint config. */
function lintPlanted(
  file: string,
  source: string,
  others: Record<string, string> = {},
): { code: number | null; output: string } {
  const root = mkdtempSync(path.join(tmpdir(), 'archy-boundaries-'));
  copyFileSync(path.join(REPO_ROOT, 'eslint.config.mjs'), path.join(root, 'eslint.config.mjs'));
  symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  for (const [where, text] of Object.entries({ ...others, [file]: source })) {
    mkdirSync(path.dirname(path.join(root, where)), { recursive: true });
    writeFileSync(path.join(root, where), text);
  }
  const eslint = path.join(REPO_ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js');
  const run = spawnSync(process.execPath, [eslint, file, ...Object.keys(others)], { cwd: root, encoding: 'utf8' });
  return { code: run.status, output: run.stdout + run.stderr };
}

/** A planted module that imports `name` from `from` and uses it (re-exports it). */
function importing(name: string, from: string): string {
  return `import { ${name} } from '${from}';\nexport const x = ${name};\n`;
}
const IMPORTS = /no-restricted-imports/;

const breaches: [string, string, string, RegExp][] = [
  [
    'a spec imports another spec folder',
    'survival/planted.spec.ts',
    importing('checkPresent', '../api-specs/support/cells'),
    IMPORTS,
  ],
  ['a spec imports sim/', 'journeys/bench/planted.ts', importing('SIM_APPS', '../../sim/apps'), IMPORTS],
  [
    'a spec imports sim/ dynamically',
    'journeys/bench/planted.ts',
    "export const x = import('../../sim/apps');\n",
    /no-restricted-syntax/,
  ],
  ['a spec takes `test` from Playwright', 'api-specs/planted.spec.ts', importing('test', '@playwright/test'), IMPORTS],
  ['lib/ imports fixtures/', 'lib/planted.ts', importing('test', '../fixtures'), IMPORTS],
  ['pages/ imports a spec folder', 'pages/planted.ts', importing('phase', '../journeys/support/phase'), IMPORTS],
  ['config/ imports lib/', 'config/planted.ts', importing('waitForAppState', '../lib/waiters'), IMPORTS],
];

describe('the boundary rule', () => {
  for (const [what, file, source, rule] of breaches) {
    test(`fails when ${what}`, () => {
      const run = lintPlanted(file, source);
      assert.equal(run.code, 1, run.output);
      assert.match(run.output, rule);
    });
  }

  test('passes for the allowed direction (spec → fixtures, lib, config; types from Playwright)', () => {
    const run = lintPlanted(
      'api-specs/planted.spec.ts',
      "import type { Page } from '@playwright/test';\nimport { apiTest as test } from '../fixtures';\nimport { waitForAppState } from '../lib/waiters';\nimport { APPS } from '../config/apps';\nimport { phase } from './support/phase';\nexport const x: unknown[] = [test, waitForAppState, APPS, phase, null as unknown as Page];\n",
    );
    assert.equal(run.code, 0, run.output);
  });
});

/** lib/'s layers (eslint.config.mjs LIB_LAYERS): the imported file exists, so the rule can resolve it. */
describe("lib/'s layer rule", () => {
  const LAYERS = /import-x\/no-restricted-paths/;
  const upward: [string, string, string, string][] = [
    [
      'a guess check imports a probe',
      'lib/guesses/planted.ts',
      'lib/probes/planted-probe.ts',
      '../probes/planted-probe',
    ],
    ['a probe imports a cell', 'lib/probes/planted.ts', 'lib/cells/planted-cell.ts', '../cells/planted-cell'],
    [
      'a cell imports a survey observer',
      'lib/cells/planted.ts',
      'lib/survey/planted-observer.ts',
      '../survey/planted-observer',
    ],
    ["lib/'s base imports a probe", 'lib/rpc/planted.ts', 'lib/probes/planted-probe.ts', '../probes/planted-probe'],
  ];
  for (const [what, file, imported, specifier] of upward) {
    test(`fails when ${what}`, () => {
      const run = lintPlanted(file, importing('y', specifier), { [imported]: 'export const y = 1;\n' });
      assert.equal(run.code, 1, run.output);
      assert.match(run.output, LAYERS);
    });
  }

  test('passes downward: a survey observer → a cell → a probe → a guess check', () => {
    const run = lintPlanted('lib/survey/planted.ts', importing('y', '../cells/planted-cell'), {
      'lib/cells/planted-cell.ts': "import { y as p } from '../probes/planted-probe';\nexport const y = p;\n",
      'lib/probes/planted-probe.ts': "import { y as g } from '../guesses/planted-guess';\nexport const y = g;\n",
      'lib/guesses/planted-guess.ts': 'export const y = 1;\n',
    });
    assert.equal(run.code, 0, run.output);
  });
});
