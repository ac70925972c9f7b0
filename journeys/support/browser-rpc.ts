/**
 * Cross-layer evidence that a UI click reached the node: wait for the browser's own `/rpc/v1`
 * call of a method and check that the node accepted it (HTTP 200, no error).
 */
import type { Page, Response } from '@playwright/test';
import { expect } from '../../fixtures';

function isCall(response: Response, method: string): boolean {
  if (!response.url().endsWith('/rpc/v1') || response.request().method() !== 'POST') return false;
  try {
    return (JSON.parse(response.request().postData() ?? '{}') as { method?: unknown }).method === method;
  } catch {
    return false;
  }
}

/** Runs `act` (a click) and returns once the page's `method` call answered; fails if the node refused it. */
export async function expectUiCall(
  page: Page,
  method: string,
  act: () => Promise<void>,
  timeoutMs = 15_000,
): Promise<void> {
  const answered = page.waitForResponse((r) => isCall(r, method), { timeout: timeoutMs });
  await act();
  const response = await answered;
  const body = (await response.json().catch(() => null)) as { error?: { message?: string } | null } | null;
  expect(response.status(), `the dashboard's ${method} call: HTTP status`).toBe(200);
  expect(body?.error ?? null, `the dashboard's ${method} call was refused: ${body?.error?.message ?? ''}`).toBeNull();
}
