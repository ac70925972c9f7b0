/**
 * One password login from a fresh context without cookies, recording what the security specs
 * check: HTTP status, the RPC error message, and whether any session cookie was handed out.
 * The password tried is a made-up wrong one; the real one never passes through here.
 */
import type { APIRequestContext } from '@playwright/test';
import { RPC_PATH } from './client';

export interface LoginAttempt {
  status: number;
  errorMessage: string | null;
  setsSessionCookie: boolean;
  cookieNames: string[];
}

export function wrongPassword(): string {
  return `archy-e2e-wrong-${Math.random().toString(36).slice(2, 10)}`;
}

export async function attemptLogin(bare: APIRequestContext, baseUrl: string, password: string): Promise<LoginAttempt> {
  const response = await bare.post(baseUrl + RPC_PATH, {
    data: { jsonrpc: '2.0', id: 1, method: 'auth.login', params: { password } },
    failOnStatusCode: false,
    maxRedirects: 0,
  });
  const text = await response.text();
  let errorMessage: string | null = null;
  try {
    const body = JSON.parse(text) as { error?: { message?: unknown } | null };
    errorMessage = typeof body.error?.message === 'string' ? body.error.message : null;
  } catch {
    errorMessage = null;
  }
  const setCookies = response
    .headersArray()
    .filter((h) => h.name.toLowerCase() === 'set-cookie')
    .map((h) => h.value);
  const cookieNames = (await bare.storageState()).cookies.map((c) => c.name);
  return {
    status: response.status(),
    errorMessage,
    setsSessionCookie: setCookies.some((c) => /^\s*session=[^;]+/.test(c)) || cookieNames.includes('session'),
    cookieNames,
  };
}
