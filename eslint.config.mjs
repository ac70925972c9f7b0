// Lint: typescript-eslint's recommended rules (no type-checked rules: tsc --noEmit runs separately).
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  {
    ignores: ['node_modules/**', 'reports/**', 'test-results/**', 'allure-report/**', 'playwright-report/**', '.auth/**', 'sim/dashboard/**/*.js'],
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
  {
    files: ['**/*.mjs', '**/*.cjs', '**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', require: 'readonly', module: 'writable', __dirname: 'readonly' } },
  },
);
