/**
 * The shape of one guess: what the sim does where archy-surface.md is silent, and the other
 * choices the evidence equally allows. The first choice is the default (the sim as it always was).
 */
export interface Choice<T> {
  /** kebab-case name, shown in SIM_READY, the report and reports/variants.md. */
  readonly name: string;
  readonly value: T;
}

export interface Dimension<T> {
  /** One line: the evidence (archy-surface section) that leaves every choice open. */
  readonly cite: string;
  readonly choices: readonly [Choice<T>, ...Choice<T>[]];
}

/** A dimension with its value type kept (choices share one value type). */
export function dimension<T>(cite: string, choices: readonly [Choice<T>, ...Choice<T>[]]): Dimension<T> {
  if (choices.length < 2) throw new Error(`a guess needs at least one alternative (${cite})`);
  return { cite, choices };
}

export function choice<T>(name: string, value: T): Choice<T> {
  return { name, value };
}

/** Choices whose values are their own names: `named('open', 'closed')` for a dimension of string values. */
export function named<T extends string>(...names: readonly [T, ...T[]]): [Choice<T>, ...Choice<T>[]] {
  const [first, ...rest] = names;
  return [choice(first, first), ...rest.map((n) => choice(n, n))];
}
