/**
 * The Allure results of gate shards that each ran whole iterations (scripts/gate.ts), copied into
 * one result set. allure-playwright names a run's repetition in a "Repetition" parameter (1-based,
 * only when the process ran more than one) and folds it into the historyId, so two shards' first
 * iterations would look like retries of one run. Each copied result gets the gate's iteration
 * number (offset + its own) and the historyId that goes with it.
 */
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestResult } from 'allure-js-commons';

// The historyId as allure-js computes it (this tsconfig's module resolution cannot see the subpath's types).
const { getTestResultHistoryId } = require('allure-js-commons/sdk/reporter') as {
  getTestResultHistoryId: (result: TestResult) => string;
};

const REPETITION = 'Repetition';

/** The result as the gate's iteration offset + its own (its own is 1 when the parameter is absent). */
export function renumberResult(result: TestResult, offset: number): TestResult {
  const parameters = [...(result.parameters ?? [])];
  const at = parameters.findIndex((p) => p.name === REPETITION);
  const own = at >= 0 ? Number(parameters[at]?.value) || 1 : 1;
  const repetition = { name: REPETITION, value: String(offset + own) };
  if (at >= 0) parameters[at] = { ...parameters[at], ...repetition };
  else parameters.push(repetition);
  const renumbered: TestResult = { ...result, parameters, historyId: undefined };
  return { ...renumbered, historyId: getTestResultHistoryId(renumbered) };
}

/** Copies one shard's results folder into `to`, renumbering its test results by `offset` iterations. */
export function copyShardResults(from: string, to: string, offset: number): void {
  mkdirSync(to, { recursive: true });
  for (const name of readdirSync(from)) {
    const source = join(from, name);
    if (!name.endsWith('-result.json')) {
      cpSync(source, join(to, name), { recursive: true });
      continue;
    }
    const result = JSON.parse(readFileSync(source, 'utf8')) as TestResult;
    writeFileSync(join(to, name), JSON.stringify(renumberResult(result, offset)));
  }
}
