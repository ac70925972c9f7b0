/** The one way the suite attaches JSON to a test's report (Playwright's HTML/JSON report and Allure). */
import type { TestInfo } from '@playwright/test';

export type Attacher = Pick<TestInfo, 'attach'>;

export async function attachJson(testInfo: Attacher, name: string, value: unknown): Promise<void> {
  await testInfo.attach(name, { body: JSON.stringify(value, null, 2), contentType: 'application/json' });
}

/** Attaches what `produce` returns, or `{unavailable: <why>}` when it throws: a diagnostic never fails a teardown. */
export async function attachProduced(testInfo: Attacher, name: string, produce: () => unknown): Promise<void> {
  let value: unknown;
  try {
    value = await produce();
  } catch (error) {
    value = { unavailable: (error as Error).message };
  }
  await attachJson(testInfo, name, value);
}
