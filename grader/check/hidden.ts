/**
 * Hidden randomized cases: fresh shapes and values each run, compared with the reference solution,
 * so an answer hard-coded for the visible cases fails.
 */
import type { RandomState } from "../../lib/np/index.ts";
import { argLabel } from "./describe.ts";
import { CheckFailure } from "./failure.ts";
import type { CheckContext } from "./spec.ts";

export type HiddenCase = { args: unknown[]; names: string[] };

/** A random integer in [lo, hi]. */
export function randint(rng: RandomState, lo: number, hi: number): number {
  return lo + Math.floor(rng.rand() * (hi - lo + 1));
}

/** A short label for a case's inputs: "A (7, 4), W (2, 7), b (2, 1)". */
export function labelOf(c: HiddenCase): string {
  return c.args
    .map((a, i) => argLabel(a, c.names[i] ?? `argument ${i + 1}`))
    .filter(Boolean)
    .join(", ");
}

/**
 * Runs `count` hidden cases: `make` draws the inputs, `compare` judges the learner's output against
 * the reference's output (with expect* assertions). A failure names the case and its shapes.
 */
export async function hiddenCases(
  ctx: CheckContext,
  fn: string,
  count: number,
  make: (rng: RandomState, i: number) => HiddenCase,
  compare: (actual: unknown, expected: any, c: HiddenCase) => void,
): Promise<void> {
  for (let i = 0; i < count; i++) {
    const c = make(ctx.rng, i);
    // The learner's call goes out first: the executor computes it while the judge computes the
    // reference's answer (two threads, two cores).
    const pending = ctx.call(fn, ...c.args);
    pending.catch(() => {});
    const expected = ctx.solve(fn, ...c.args);
    const actual = await pending;
    try {
      compare(actual, expected, c);
    } catch (e) {
      if (e instanceof CheckFailure) {
        const label = labelOf(c);
        e.message = `Hidden case ${i + 1} of ${count}${label ? ` (${label})` : ""}: ${e.message}`;
      }
      throw e;
    }
  }
}

/** `items.map(f)` for an async `f`, one item at a time, in order (calls to the executor never overlap). */
export async function inOrder<T, R>(items: readonly T[], f: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i++) out.push(await f(items[i]!, i));
  return out;
}
