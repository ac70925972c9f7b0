/**
 * The labels the gate adds to each Allure result: layer, app, cell and node from the suite's tags,
 * Allure's behaviours tree (epic = layer, feature = app, story = cell), and the failure class the
 * gate used (label `failure`), so the report's categories (allurerc.mjs) agree with the verdict.
 */
import type { Label } from 'allure-js-commons';
import type { FailureClass } from './classify';
import { parseTags } from '../config/tags';

export const FAILURE_LABEL = 'failure';

export function gateLabels(tags: readonly string[], node: string, failure?: FailureClass): Label[] {
  const t = parseTags(tags);
  const labels: Label[] = [{ name: 'node', value: node }];
  const add = (name: string, value: string | undefined): void => {
    if (value !== undefined) labels.push({ name, value });
  };
  add('layer', t.layer);
  add('app', t.app);
  add('cell', t.cell);
  add('epic', t.layer);
  add('feature', t.app);
  add('story', t.cell);
  add(FAILURE_LABEL, failure);
  return labels;
}

/** Replace labels of the same names (Allure keeps several values per name otherwise). */
export function mergeLabels(existing: Label[], added: readonly Label[]): Label[] {
  const names = new Set(added.map((l) => l.name));
  return [...existing.filter((l) => !names.has(l.name)), ...added];
}
