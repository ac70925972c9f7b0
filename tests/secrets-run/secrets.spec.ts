/**
 * Run by tests/secrets.test.ts only (ARCHY_SPEC_DIRS=tests/secrets-run), with tracing on, against a
 * sim with a distinctive password. These tests handle the password and the session cookies every way
 * a spec can: UI login that fills the password, RPC login, an assertion that prints the password
 * field's value, and a failing test — so the artifacts of the run are worth grepping.
 */
import { nodePassword } from '../../config/env';
import { expect, test } from '../../fixtures';
import { recordSecrets } from './secrets-probe';

// The browser starts logged out, so the login page shows its password field (the rpc fixture then logs
// in on its first 401, which this run wants to exercise too).
test.use({ storageState: { cookies: [], origins: [] } });

test('UI login fills the password; RPC calls carry the session', async ({
  page,
  context,
  request,
  rpc,
  nodeConfig,
}) => {
  await page.goto('/login');
  await page.locator('#login-password').fill(nodePassword(nodeConfig.name));
  await page.locator('#login-password').press('Enter');
  await expect(page).toHaveURL(/\/dashboard/);
  await rpc.login();
  const state = await rpc.getState();
  expect(Object.keys(state.data['package-data']).length).toBeGreaterThan(0);
  recordSecrets(
    nodeConfig.baseUrl,
    [...(await context.cookies()), ...(await request.storageState()).cookies].map((c) => c.value),
  );
});

test('a failing test whose error shows the password field (fails on purpose)', async ({
  page,
  context,
  rpc,
  nodeConfig,
}) => {
  await rpc.login();
  recordSecrets(nodeConfig.baseUrl, [(await rpc.csrfToken()) ?? '']);
  await page.goto('/login');
  await page.locator('#login-password').fill(nodePassword(nodeConfig.name));
  recordSecrets(
    nodeConfig.baseUrl,
    (await context.cookies()).map((c) => c.value),
  );
  // Fails: the received value in the error message is the password, which the redactor must remove.
  await expect(page.locator('#login-password'), 'the password field holds the password').toHaveValue(
    'not-the-password',
    { timeout: 1000 },
  );
});
