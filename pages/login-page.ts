/**
 * The login page (`/login`, archy-surface §4.2 AA 0007 Login.vue): the password field is
 * `<label for="login-password">{{ t('login.password') }}</label><input id="login-password" type="password">`
 * (the label's text is not seen, so the field is found by its label or by that id), Enter submits,
 * errors show in role="alert" (in the form or as a toast: anywhere on the page). The button's label key
 * is not seen (NE "Login"): the button is the first one after the password field.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import type { DashboardSelectors } from './selectors';

export class LoginPage {
  constructor(
    readonly page: Page,
    private readonly sel: DashboardSelectors,
  ) {}

  get passwordInput(): Locator {
    return this.page.getByLabel(this.sel.login.passwordLabel).or(this.page.locator('input#login-password')).first();
  }
  /** The button that submits the password: the first `<button>` or role=button after the field, whatever it says. */
  get submitButton(): Locator {
    return this.passwordInput.locator('xpath=following::*[self::button or @role="button"][1]');
  }
  get errorAlert(): Locator {
    return this.page.getByRole('alert');
  }

  /** Opens `/login`, optionally with the `redirect` the auth guard would add. */
  async goto(redirect?: string): Promise<void> {
    const query = redirect ? `?redirect=${encodeURIComponent(redirect)}` : '';
    await this.page.goto(this.sel.routes.login + query);
  }

  /** Types the password and submits with Enter (as a user does). */
  async login(password: string): Promise<void> {
    await this.passwordInput.fill(password);
    await this.passwordInput.press('Enter');
  }

  /** Types the password and clicks the Login button. */
  async loginWithButton(password: string): Promise<void> {
    await this.passwordInput.fill(password);
    await this.submitButton.click();
  }

  async errorText(): Promise<string> {
    return (await this.errorAlert.textContent())?.trim() ?? '';
  }

  /** The `redirect` query of the current URL (where the guard will send the user after login). */
  redirectTarget(): string | null {
    return new URL(this.page.url()).searchParams.get('redirect');
  }

  async expectReady(): Promise<void> {
    await expect(this.page, 'the login page is at /login').toHaveURL(new RegExp(`${this.sel.routes.login}(\\?|$)`));
    await expect(this.passwordInput, 'the login page shows the password field').toBeVisible();
    await expect(this.passwordInput, 'the password field is a password input').toHaveAttribute('type', 'password');
  }
}
