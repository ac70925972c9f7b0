// Login (/login): password (or first-time setup, or a TOTP step). Built once and updated in place so
// typing is never lost to a re-render. Calls auth.isSetup on mount; Enter submits.
import { HttpError, RpcError, UnreachableError, rpc } from '../rpc.js';
import { t } from '../texts.js';
import { VARIANT } from '../variant.js';

const IS_SETUP_TIMEOUT_MS = 8000;
const IS_SETUP_TRIES = 10;
const RETRY_MS = 2000;

function el(tag, attrs = {}, text) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

function errorText(error) {
  if (error instanceof HttpError && error.status === 429) return t('login.errorTooMany');
  if (error instanceof UnreachableError) return t('login.errorUnreachable');
  if (error instanceof RpcError) return error.message;
  return `${t('login.errorLoginFailed')}: ${error.message}`;
}

/**
 * Mounts the login page into `root`. `onLoggedIn()` is called after a successful login.
 * Returns a function that tears it down (stops retries).
 */
export function mountLogin(root, onLoggedIn) {
  let disposed = false;
  const main = el('main', { class: 'login' });
  const cardEl = el('div', { class: 'login-card' });
  main.append(cardEl);
  root.replaceChildren(main);
  document.title = `${VARIANT.login.submit} · ${t('app.name')}`;

  // The login button's wording and where a refusal is announced are the variant's (login-form,
  // sim/guesses/dashboard.ts): role="alert" in the form above the button, or as a toast over the page.
  const SUBMIT = VARIANT.login.submit;
  const SUBMITTING = VARIANT.login.submitting;
  const TOAST = VARIANT.login.error === 'toast';
  // Whether the button waits for a password (NE) or takes the click and says what is missing (login-empty-submit).
  const EMPTY_DISABLES = VARIANT.emptySubmit === 'disabled';
  const idle = (input) => EMPTY_DISABLES && input.value.trim() === '';

  function showError(form, message) {
    const home = TOAST ? main : form;
    let box = home.querySelector('[role="alert"]');
    if (!message) {
      if (box) box.remove();
      return;
    }
    if (!box) {
      box = el('div', { role: 'alert', class: TOAST ? 'alert toast toast-top' : 'alert' });
      if (TOAST) main.append(box);
      else form.querySelector('button[type="submit"]').before(box);
    }
    box.textContent = message;
  }

  function passwordForm() {
    const form = el('form', { novalidate: '' });
    const label = el('label', { for: 'login-password' }, t('login.password'));
    const input = el('input', {
      id: 'login-password',
      type: 'password',
      autocomplete: 'current-password',
      placeholder: t('login.placeholder'),
    });
    const button = el('button', { type: 'submit', class: 'btn btn-primary btn-block' }, SUBMIT);
    button.disabled = idle(input);
    input.addEventListener('input', () => {
      button.disabled = idle(input);
    });
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const password = input.value.trim();
      if (button.dataset.loading) return;
      if (!password) {
        if (!EMPTY_DISABLES) showError(form, t('login.errorEmpty'));
        return;
      }
      button.dataset.loading = '1';
      button.disabled = true;
      button.textContent = SUBMITTING;
      showError(form, null);
      try {
        const result = await rpc('auth.login', { password }, { allowUnauthorized: true });
        if (disposed) return;
        if (result && result.requires_totp) showTotp();
        else onLoggedIn();
      } catch (error) {
        if (disposed) return;
        showError(form, errorText(error));
        delete button.dataset.loading;
        button.textContent = SUBMIT;
        button.disabled = idle(input);
        input.focus();
      }
    });
    form.append(label, input, button);
    return { form, input };
  }

  function showLogin() {
    const { form, input } = passwordForm();
    cardEl.replaceChildren(el('h1', {}, t('login.title')), el('p', { class: 'subtitle' }, t('login.subtitle')), form);
    input.focus();
  }

  function showSetup() {
    const form = el('form', { novalidate: '' });
    const first = el('input', { id: 'setup-password', type: 'password', autocomplete: 'new-password' });
    const second = el('input', { id: 'setup-confirm-password', type: 'password', autocomplete: 'new-password' });
    const button = el('button', { type: 'submit', class: 'btn btn-primary btn-block' }, t('login.setupSubmit'));
    form.append(
      el('label', { for: 'setup-password' }, t('login.setupPassword')),
      first,
      el('label', { for: 'setup-confirm-password' }, t('login.setupConfirm')),
      second,
      button,
    );
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (first.value !== second.value) return showError(form, t('login.setupMismatch'));
      showError(form, null);
      try {
        await rpc('auth.setup', { password: first.value }, { allowUnauthorized: true });
        await rpc('auth.login', { password: first.value.trim() }, { allowUnauthorized: true });
        if (!disposed) onLoggedIn();
      } catch (error) {
        if (!disposed) showError(form, errorText(error));
      }
    });
    cardEl.replaceChildren(el('h1', {}, t('login.setupTitle')), form);
    first.focus();
  }

  function showTotp() {
    const form = el('form', { novalidate: '' });
    const code = el('input', { id: 'totp-code', type: 'text', inputmode: 'numeric', autocomplete: 'one-time-code' });
    const button = el('button', { type: 'submit', class: 'btn btn-primary btn-block' }, t('login.totpSubmit'));
    form.append(el('label', { for: 'totp-code' }, t('login.totpCode')), code, button);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      showError(form, null);
      try {
        await rpc('auth.login.totp', { code: code.value.trim() }, { allowUnauthorized: true });
        if (!disposed) onLoggedIn();
      } catch (error) {
        if (!disposed) showError(form, errorText(error));
      }
    });
    cardEl.replaceChildren(el('h1', {}, t('login.totpTitle')), form);
    code.focus();
  }

  showLogin();

  (async () => {
    for (let attempt = 1; attempt <= IS_SETUP_TRIES && !disposed; attempt++) {
      try {
        const isSetup = await rpc('auth.isSetup', {}, { timeoutMs: IS_SETUP_TIMEOUT_MS, allowUnauthorized: true });
        if (!disposed && isSetup === false) showSetup();
        return;
      } catch (error) {
        if (!(error instanceof UnreachableError)) return;
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      }
    }
  })();

  return () => {
    disposed = true;
  };
}
