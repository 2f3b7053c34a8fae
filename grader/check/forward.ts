/**
 * Assertions the forward-pass exercises need beyond expect.ts: learner classes (construct one, call
 * its methods with the same guarantees as ctx.call), plain [rows, cols] shape tables, and finite numbers.
 */
import { NDArray } from "../../lib/np/index.ts";
import { describe, formatShape } from "./describe.ts";
import { expectClose, matches } from "./expect.ts";
import type { Mistake, Tolerance } from "./expect.ts";
import { fail } from "./failure.ts";
import type { CheckContext } from "./spec.ts";

/**
 * `new Name(...args)` for a class the learner's module exports: the judge's stand-in for the
 * instance (its fields; the instance itself stays in the executor). Fails when the export is missing
 * or not a class; what the constructor throws is the learner's (their file and line).
 */
export function construct<T = Record<string, unknown>>(ctx: CheckContext, name: string, ...args: unknown[]): Promise<T> {
  return ctx.construct<T>(name, ...args);
}

/**
 * `obj[method](...args)` with ctx.call's guarantees: a missing method fails clearly, what it throws
 * is the learner's, a Promise is refused, and changing an argument fails the check.
 * `label` names the call in messages, like "layer.call".
 */
export function callMethod<T = unknown>(ctx: CheckContext, obj: unknown, method: string, label: string, args: unknown[], params: string[] = []): Promise<T> {
  return ctx.method<T>(obj, method, label, args, params);
}

/** A shape written as a plain `[rows, cols]` pair, and the words that name a known wrong pair. */
export type ShapeMistake = { value: readonly [number, number]; id: string; says: string };

/**
 * `value` must be the pair `[rows, cols]` equal to `expected`. `what` names it ("W[2] of
 * layerShapes([2, 3, 5], 10)"), `notation` gives it in lecture notation ("(n[2], n[1])").
 * A wrong pair that equals one of `mistakes` is explained with its words.
 */
export function expectShapePair(
  value: unknown,
  expected: readonly [number, number],
  what: string,
  notation: string,
  mistakes: ShapeMistake[] = [],
): void {
  const ok = Array.isArray(value) && value.length === 2 && value.every((d) => typeof d === "number" && Number.isInteger(d) && d >= 0);
  if (!ok) {
    fail(`${what} should be a shape [rows, cols], two whole numbers like [${expected.join(", ")}], but it is ${describe(value)}.`, {
      expected: JSON.stringify(expected),
      actual: describe(value),
    });
  }
  const pair = value as number[];
  if (pair[0] === expected[0] && pair[1] === expected[1]) return;
  const named = mistakes.find((m) => m.value[0] === pair[0] && m.value[1] === pair[1]);
  const transposed = pair[0] === expected[1] && pair[1] === expected[0];
  const why = named ? `\n${named.says}` : transposed ? "\nIt is the transpose: rows and columns are exchanged." : "";
  fail(`${what} should be ${notation} = ${formatShape(expected)}, but it is ${formatShape(pair)}.${why}`, {
    expected: formatShape(expected),
    actual: formatShape(pair),
    mistake: named?.id,
  });
}

/** A finite plain number, or a failure that says why an infinite or NaN one appeared (`why`). */
export function expectFinite(value: unknown, what: string, why: string): void {
  if (typeof value === "number" && !Number.isFinite(value)) {
    fail(`${what} is ${Number.isNaN(value) ? "NaN" : value > 0 ? "inf" : "-inf"}. ${why}`, { actual: String(value) });
  }
  if (value instanceof NDArray && value.data.some((x) => !Number.isFinite(x))) {
    fail(`${what} (${formatShape(value.shape)}) contains NaN or infinite values. ${why}`, { actual: value.toString() });
  }
}

/**
 * expectClose with mistakes computed only when they are needed: `mistakes` is a function, called
 * when the value is wrong (computing every wrong forward pass for a right answer wastes the budget).
 */
export function expectCloseNamed(
  value: unknown,
  expected: NDArray,
  what: string,
  options: Tolerance & { notation?: string; mistakes?: () => Mistake[] } = {},
): string {
  const { mistakes, ...rest } = options;
  if (!(value instanceof NDArray) || !mistakes || matches(value, expected, rest)) return expectClose(value, expected, what, rest);
  return expectClose(value, expected, what, { ...rest, mistakes: mistakes() });
}
