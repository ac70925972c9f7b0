/**
 * allure-playwright, narrowed to one node: writes only that node's project (and its setup
 * dependencies) to `reports/allure-results/<node>`, which holds the latest run of that node only
 * (emptied when a run of the node begins; earlier runs live on in the report's history), labels each result for the gate
 * (allure-labels.ts), and records the node's facts as environment info at the end of the run,
 * when the setup project has written them.
 */
import { rmSync } from 'node:fs';
import type { FullConfig, Suite, TestCase, TestResult, TestStep } from '@playwright/test/reporter';
import { AllureReporter } from 'allure-playwright';
import type { Label, TestResult as AllureTestResult } from 'allure-js-commons';
import { classifyFailure } from './classify';
import { errorText } from './error-text';
import { gateLabels, mergeLabels } from './allure-labels';
import { nodeEnvironment } from './node-environment';

export interface AllureNodeReporterOptions {
  node: string;
  resultsDir: string;
  envFile: string;
}

type AllureConfig = ConstructorParameters<typeof AllureReporter>[0];

/** The parts of allure-playwright's runtime this wrapper uses (not in its public typings). */
interface AllureInternals {
  allureRuntime: {
    updateTest(uuid: string, update: (result: AllureTestResult) => void): void;
    environmentInfo?: Record<string, string>;
  };
  allureResultsUuids: Map<string, string>;
}

export default class AllureNodeReporter extends AllureReporter {
  private readonly node: string;
  private readonly envFile: string;
  private readonly resultsDir: string;
  private projects = new Set<string>();

  constructor(options: AllureNodeReporterOptions) {
    // resultsDir/environmentInfo come from allure-js-commons' ReporterConfig, which this tsconfig's
    // module resolution cannot see through allure-playwright's typings; hence the assertions.
    super({ resultsDir: options.resultsDir, detail: true, suiteTitle: true } as AllureConfig);
    this.node = options.node;
    this.envFile = options.envFile;
    this.resultsDir = options.resultsDir;
  }

  onConfigure(config: FullConfig): void {
    super.onConfigure(config);
    const project = config.projects.find((p) => p.name === this.node);
    this.projects = new Set([this.node, ...(project?.dependencies ?? [])]);
  }

  onBegin(suite: Suite): void {
    const mine = suite.allTests().filter((t) => this.isMine(t));
    if (mine.length > 0) rmSync(this.resultsDir, { recursive: true, force: true });
    super.onBegin(suite);
    // allure-playwright lists not-started tests from this.suite at the end; keep it to this node
    this.suite = Object.create(suite, { allTests: { value: () => mine } }) as Suite;
  }

  onTestBegin(test: TestCase): void {
    if (this.isMine(test)) super.onTestBegin(test);
  }

  onStepBegin(test: TestCase, result: TestResult, step: TestStep): void {
    if (this.isMine(test)) super.onStepBegin(test, result, step);
  }

  onStepEnd(test: TestCase, result: TestResult, step: TestStep): void {
    if (this.isMine(test)) super.onStepEnd(test, result, step);
  }

  async onTestEnd(test: TestCase, result: TestResult): Promise<void> {
    if (!this.isMine(test)) return;
    const failed = result.status !== 'skipped' && result.status !== test.expectedStatus;
    const failure = failed ? classifyFailure(result.errors.map(errorText)) : undefined;
    this.addLabels(test, gateLabels(test.tags, this.node, failure));
    await super.onTestEnd(test, result);
  }

  async onEnd(): Promise<void> {
    // read now: the setup project writes the facts during the run, after the runtime was created
    (this as unknown as AllureInternals).allureRuntime.environmentInfo = nodeEnvironment(this.node, this.envFile);
    await super.onEnd();
  }

  private addLabels(test: TestCase, labels: Label[]): void {
    const internals = this as unknown as AllureInternals;
    const uuid = internals.allureResultsUuids.get(test.id);
    if (!uuid) return;
    internals.allureRuntime.updateTest(uuid, (r) => {
      r.labels = mergeLabels(r.labels, labels);
    });
  }

  private isMine(test: TestCase): boolean {
    const name = test.parent.project()?.name;
    return name !== undefined && this.projects.has(name);
  }
}
