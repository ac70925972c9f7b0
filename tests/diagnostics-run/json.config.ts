/** The suite's own config plus Playwright's JSON reporter (tests/diagnostics.test.ts reads it). */
import type { ReporterDescription } from '@playwright/test';
import base from '../../playwright.config';

const reporters = (base.reporter ?? []) as ReporterDescription[];
export default { ...base, reporter: [...reporters.slice(0, -1), ['json'], reporters.at(-1)!] as ReporterDescription[] };
