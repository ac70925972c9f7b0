// Lint: typescript-eslint's recommended rules (no type-checked rules: tsc --noEmit runs separately),
// plus the suite's boundaries (dependencies point down only; tests/boundaries.test.ts plants a breach):
//   specs (api-specs, journeys, survival, perf, chaos, model) → fixtures/ → pages/, lib/ → config/
// A spec folder never imports another spec folder's files or sim/ (the suite talks to the sim over the
// network and lib/sim-control only), nor `test`/`expect` from Playwright (its layer's `test` is in fixtures/).
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';

const SPEC_DIRS = ['api-specs', 'journeys', 'survival', 'perf', 'chaos', 'model'];
const dirPatterns = (dirs) => dirs.flatMap((d) => [`**/${d}`, `**/${d}/**`]);

// lib/'s layers, top to bottom: lib/survey (the survey's observers) → lib/cells (a cell's check) →
// lib/probes, lib/node-state (one surface, read) → the base (lib/*.ts, rpc, http, control, security,
// node-container) → lib/guesses (a guessed detail checked as the profile saw it: config/ only).
const LIB_BASE = ['./lib/*.ts', './lib/rpc', './lib/http', './lib/control', './lib/security', './lib/node-container'];
const LIB_LAYERS = [
  {
    target: './lib/guesses',
    from: './lib',
    except: ['./guesses'],
    message: 'lib/guesses is the bottom of lib/: it imports only config/',
  },
  {
    target: LIB_BASE,
    from: ['./lib/probes', './lib/node-state', './lib/cells', './lib/survey'],
    message: "lib/'s base (rpc, http, control, lib/*.ts) imports no probe, cell or survey",
  },
  {
    target: ['./lib/probes', './lib/node-state'],
    from: ['./lib/cells', './lib/survey'],
    message: 'a probe imports no cell and no survey observer',
  },
  { target: './lib/cells', from: './lib/survey', message: 'a cell imports no survey observer' },
];

/** `@typescript-eslint/no-restricted-imports` for files under `dirs`: `forbidden` folders and why. */
function boundary(dirs, forbidden, message, extra = {}) {
  // import('…') and require('…') of a forbidden folder too (no-restricted-imports sees static imports only).
  const source = `/(^|\\/)(${forbidden.join('|')})(\\/|$)/`;
  return {
    files: dirs.map((d) => `${d}/**/*.ts`),
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: `ImportExpression[source.value=${source}]`, message },
        { selector: `CallExpression[callee.name='require'][arguments.0.value=${source}]`, message },
      ],
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ group: dirPatterns(forbidden), message }, ...(extra.patterns ?? [])], paths: extra.paths ?? [] },
      ],
    },
  };
}

export default defineConfig(
  {
    ignores: [
      'node_modules/**',
      'reports/**',
      'test-results/**',
      'allure-report/**',
      'playwright-report/**',
      '.auth/**',
      'sim/dashboard/**/*.js',
      'sim/dashboard/assets/vendor/**',
    ],
  },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off', // playwright.config.ts resolves reporter paths with require.resolve
      'no-empty-pattern': 'off', // Playwright fixtures take `{}` when they use no other fixture
    },
  },
  ...SPEC_DIRS.map((dir) =>
    boundary(
      [dir],
      [...SPEC_DIRS.filter((d) => d !== dir), 'sim'],
      `a spec folder imports only fixtures/, pages/, lib/ and config/ (not another spec folder nor sim/: talk to the sim over the network or lib/sim-control)`,
      {
        paths: [
          {
            name: '@playwright/test',
            importNames: ['test', 'expect'],
            allowTypeImports: true,
            message: "import your layer's `test` and `expect` from fixtures/",
          },
        ],
      },
    ),
  ),
  boundary(
    ['lib', 'pages'],
    [...SPEC_DIRS, 'fixtures', 'setup', 'sim'],
    'lib/ and pages/ import only lib/, pages/ and config/ (fixtures and specs build on them, not the other way)',
  ),
  boundary(
    ['config'],
    [...SPEC_DIRS, 'fixtures', 'setup', 'sim', 'lib', 'pages', 'reporters', 'scripts'],
    'config/ is the bottom layer: it imports only config/ and packages',
  ),
  {
    // No circle between files: a file never reaches itself through the value imports of others
    // (type-only imports are erased and do not count). tests/lint-cycles.test.ts plants one.
    files: ['**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.js', '.mjs', '.cjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js', '.mjs', '.json'] })],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      // Inside lib/, dependencies point down only (docs/guide.md "Layers"; tests/boundaries.test.ts plants a breach).
      'import-x/no-restricted-paths': ['error', { zones: LIB_LAYERS }],
    },
  },
  {
    files: ['**/*.mjs', '**/*.cjs', '**/*.js'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
      },
    },
  },
);
