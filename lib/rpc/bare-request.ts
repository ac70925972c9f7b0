/**
 * A request context with no cookies at all, for what an anonymous client sees. Inside the test
 * runner `playwright.request.newContext()` starts from the project's `use` options, including the
 * stored session (storageState), so the empty state is given explicitly.
 */
import type { APIRequestContext, PlaywrightWorkerArgs } from '@playwright/test';
import { RPC_PATH } from './client';

export async function newBareContext(
  playwright: PlaywrightWorkerArgs['playwright'],
  ignoreHTTPSErrors: boolean,
): Promise<APIRequestContext> {
  return playwright.request.newContext({ ignoreHTTPSErrors, storageState: { cookies: [], origins: [] } });
}

/** One JSON-RPC call without cookies: HTTP status and parsed body (text when not JSON). */
export async function anonymousRpc(
  bare: APIRequestContext,
  baseUrl: string,
  method: string,
  params?: unknown,
): Promise<{ status: number; body: unknown }> {
  const data: Record<string, unknown> = { jsonrpc: '2.0', id: 1, method };
  if (params !== undefined) data.params = params;
  const response = await bare.post(baseUrl + RPC_PATH, { data, failOnStatusCode: false, maxRedirects: 0 });
  const text = await response.text();
  try {
    return { status: response.status(), body: JSON.parse(text) as unknown };
  } catch {
    return { status: response.status(), body: text };
  }
}
