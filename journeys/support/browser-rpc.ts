/**
 * Cross-layer evidence that a UI click reached the node: wait for the browser's own `/rpc/v1`
 * call of a method, check that it was for the app the user clicked (params.id, when given), and that
 * the node accepted it (HTTP 200, no error).
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

/** The `params.id` of the page's call, or undefined. */
function calledId(response: Response): unknown {
  try {
    return (JSON.parse(response.request().postData() ?? '{}') as { params?: { id?: unknown } }).params?.id;
  } catch {
    return undefined;
  }
}

/**
 * Runs `act` (a click) and returns once the page's `method` call answered; fails if the click sent no
 * such call, sent it for another app than `forId`, or the node refused it.
 */
export async function expectUiCall(
  page: Page,
  method: string,
  act: () => Promise<void>,
  { forId, timeoutMs = 15_000 }: { forId?: string; timeoutMs?: number } = {},
): Promise<void> {
  const answered = page
    .waitForResponse((r) => isCall(r, method), { timeout: timeoutMs })
    .catch((error: Error) => {
      throw new Error(`the click sent no ${method} call within ${timeoutMs} ms (${error.message.split('\n')[0]})`);
    });
  await act();
  const response = await answered;
  if (forId !== undefined)
    expect(calledId(response), `the dashboard's ${method} call names the app that was clicked`).toBe(forId);
  const body = (await response.json().catch(() => null)) as { error?: { message?: string } | null } | null;
  expect(response.status(), `the dashboard's ${method} call: HTTP status`).toBe(200);
  expect(body?.error ?? null, `the dashboard's ${method} call was refused: ${body?.error?.message ?? ''}`).toBeNull();
}
