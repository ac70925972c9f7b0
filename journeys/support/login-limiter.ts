/**
 * A journey's login through the page meets the same limiter as the API checks (archy-surface §1.7:
 * 5 attempts a minute per client; whether a successful login counts too is not seen). The L1 checks
 * that ran just before may have used this minute's attempts: an answer 429 then says nothing of the
 * dashboard, so it is waited out on the checks' schedule (lib/security/login-window.ts) and the form
 * submitted again. A limiter still closed after the schedule is the security-rate-limit cell's to
 * judge; the journey then meets its answer as it is.
 */
import type { Page, Response } from '@playwright/test';
import { reportStep } from '../../fixtures';
import { limiterRetrySchedule, loginWindowMs } from '../../lib/security/login-window';

/** How long a submit may take to send auth.login; a dashboard that logs in some other way is left as it is. */
const LOGIN_CALL_MS = 15_000;

function isLoginCall(response: Response): boolean {
  const request = response.request();
  if (request.method() !== 'POST' || !new URL(response.url()).pathname.endsWith('/rpc/v1')) return false;
  try {
    return (request.postDataJSON() as { method?: unknown } | null)?.method === 'auth.login';
  } catch {
    return false;
  }
}

/**
 * Submits the login form (`submit`) and returns the HTTP status of its auth.login, or undefined when
 * the page sent none within 15 s. A 429 is waited out and the form submitted again.
 */
export async function submitLogin(
  page: Page,
  timeScale: number,
  what: string,
  submit: () => Promise<void>,
): Promise<number | undefined> {
  const once = async (): Promise<number | undefined> => {
    const answer = page.waitForResponse(isLoginCall, { timeout: LOGIN_CALL_MS }).catch(() => undefined);
    await submit();
    return (await answer)?.status();
  };
  let status = await once();
  let waited = 0;
  for (const at of limiterRetrySchedule(loginWindowMs(timeScale))) {
    if (status !== 429) break;
    await reportStep(
      `the login limiter answered 429 to ${what} (earlier logins used this minute's attempts): wait ${at - waited} ms, then submit again`,
      () => page.waitForTimeout(at - waited),
    );
    waited = at;
    status = await once();
  }
  return status;
}
