/**
 * The reporter that keeps secrets out of everything Playwright records.
 *
 *   phase 'live'  (first in the reporter list) rewrites step titles, errors, annotations and attachments
 *                 (trace zips included) as they arrive, before any later reporter (html, Allure) reads them.
 *   phase 'sweep' (last) makes a final pass over every file the run wrote — test-results/, reports/ —
 *                 with every secret learnt during the run, and says how many files it rewrote.
 *
 * Secrets: the passwords of every configured node, the cookies of every stored session, and whatever
 * cookie / CSRF / password values the redactor sees (lib/redact.ts).
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { FullConfig, Reporter, Suite, TestCase, TestError, TestResult, TestStep } from '@playwright/test/reporter';
import { knownPasswords, outputPaths } from '../config/env';
import { Redactor } from './redact';
import { redactContent, redactFile, storageStateSecrets, sweepDirs } from './redact-files';

export interface RedactReporterOptions {
  phase?: 'live' | 'sweep';
}

export default class RedactReporter implements Reporter {
  private readonly phase: 'live' | 'sweep';
  private readonly redactor = new Redactor();
  private readonly paths = outputPaths();

  constructor(options: RedactReporterOptions = {}) {
    this.phase = options.phase ?? 'live';
  }

  printsToStdio(): boolean {
    return false;
  }

  onBegin(_config: FullConfig, _suite: Suite): void {
    for (const password of knownPasswords()) this.redactor.addSecret(password);
  }

  onStepBegin(_test: TestCase, _result: TestResult, step: TestStep): void {
    if (this.phase === 'live') this.redactStep(step, false);
  }

  onStepEnd(_test: TestCase, _result: TestResult, step: TestStep): void {
    if (this.phase === 'live') this.redactStep(step, false);
  }

  onTestEnd(_test: TestCase, result: TestResult): void {
    if (this.phase !== 'live') return;
    this.learnSessions();
    for (const error of result.errors) this.redactError(error);
    if (result.error) this.redactError(result.error);
    for (const step of result.steps) this.redactStep(step, true);
    for (const annotation of result.annotations)
      if (annotation.description) annotation.description = this.redactor.redact(annotation.description);
    for (const attachment of result.attachments) {
      attachment.name = this.redactor.redact(attachment.name);
      if (attachment.body) attachment.body = redactContent(attachment.body, this.redactor);
      if (attachment.path) redactFile(attachment.path, this.redactor);
    }
    result.stdout = result.stdout.map((chunk) => this.redactChunk(chunk));
    result.stderr = result.stderr.map((chunk) => this.redactChunk(chunk));
  }

  onEnd(): void {
    if (this.phase !== 'sweep') return;
    this.learnSessions();
    const reportDirs = existsSync(this.paths.reports)
      ? readdirSync(this.paths.reports)
          .filter((name) => name !== 'allure-report')
          .map((name) => path.join(this.paths.reports, name))
      : [];
    const dirs = [this.paths.testResults, ...reportDirs];
    const changed = sweepDirs(dirs, this.redactor);
    if (changed.length > 0) console.log(`redact: removed secrets from ${changed.length} file(s) of this run`);
  }

  private learnSessions(): void {
    for (const value of storageStateSecrets(path.dirname(this.paths.authFile('x')))) this.redactor.addSecret(value);
  }

  private redactChunk(chunk: string | Buffer): string | Buffer {
    return typeof chunk === 'string' ? this.redactor.redact(chunk) : redactContent(chunk, this.redactor);
  }

  private redactError(error: TestError): void {
    const e = error as { message?: string; stack?: string; snippet?: string; value?: string; cause?: TestError };
    if (e.message) e.message = this.redactor.redact(e.message);
    if (e.stack) e.stack = this.redactor.redact(e.stack);
    if (e.snippet) e.snippet = this.redactor.redact(e.snippet);
    if (e.value) e.value = this.redactor.redact(e.value);
    if (e.cause) this.redactError(e.cause);
  }

  private redactStep(step: TestStep, deep: boolean): void {
    const writable = step as { title: string };
    writable.title = this.redactor.redact(step.title);
    if (step.error) this.redactError(step.error);
    if (deep) for (const child of step.steps) this.redactStep(child, true);
  }
}
