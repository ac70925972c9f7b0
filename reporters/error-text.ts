/** The text of a Playwright error that the classifier reads: message, then the stack if it adds anything. */
import type { TestError } from '@playwright/test/reporter';

// Playwright colours messages for terminals; the classifier and the reports want plain text.
const ANSI = /\u001b\[[0-9;]*m/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

export function errorText(error: TestError): string {
  const message = stripAnsi(error.message ?? error.value ?? '');
  const stack = stripAnsi(error.stack ?? '');
  if (!stack || stack.includes(message)) return stack || message;
  return `${message}\n${stack}`;
}
