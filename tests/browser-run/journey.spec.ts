/** A browser test for tests/browser.test.ts: without a Chromium it must skip, not fail on its own. */
import { journeyTest as test, expect, layer } from '../../fixtures';

test('the login page shows', { tag: [layer(4)] }, async ({ page }) => {
  await page.goto('/login');
  await expect(page.locator('#login-password')).toBeVisible();
});
