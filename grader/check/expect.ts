/**
 * Assertions for specs. Each one either returns (and tells how close the answer was) or throws a
 * CheckFailure that says what was expected, what was found, and what to try.
 */
import { NDArray } from "../../lib/np/index.ts";
import { describe, formatIndex, formatNumber, formatShape, show } from "./describe.ts";
import { fail } from "./failure.ts";

export type Tolerance = { rtol?: number; atol?: number };
/** A known wrong answer and the words that name the mistake behind it. */
/** A named mistake: the value it produces, a stable id for reports ("db-without-1-over-m"), and what it says to the learner. */
export type Mistake = { value: NDArray | number; id: string; says: string };

export const DEFAULT_TOLERANCE: Required<Tolerance> = { rtol: 1e-7, atol: 1e-9 };

/** `value` must be an np array. Names plain JS arrays, Promises, undefined precisely. */
export function expectArray(value: unknown, what: string): NDArray {
  if (value instanceof NDArray) return value;
  const hint =
    Array.isArray(value) && value.every((x) => Array.isArray(x) || typeof x === "number")
      ? " Wrap it with np.array(...) or build it with np operations."
      : "";
  return fail(`${what} should be an np array, but it is ${describe(value)}.${hint}`);
}

/**
 * Shape assertion in lecture notation: `expectShape(dW, [1, 3], "dW[2]", "the shape of W[2]: (n[2], n[1])")`
 * → "dW[2] should have the shape of W[2]: (n[2], n[1]) = (1, 3), but it is (3, 1)".
 */
export function expectShape(value: unknown, shape: readonly number[], what: string, notation?: string): NDArray {
  const arr = expectArray(value, what);
  if (sameShape(arr.shape, shape)) return arr;
  const want = notation ? `${notation} = ${formatShape(shape)}` : formatShape(shape);
  const verb = notation?.startsWith("the shape") ? "have" : "be";
  let why = "";
  if (shape.length === 2 && arr.shape.length === 2 && arr.shape[0] === shape[1] && arr.shape[1] === shape[0]) {
    why = " It is the transpose of what it should be: check the order of the operands.";
  } else if (arr.shape.length === 1 && shape.length === 2 && (shape[0] === arr.shape[0] || shape[1] === arr.shape[0])) {
    why = " A 1-D result usually means a sum without keepdims: true.";
  } else if (shape.length === 2 && arr.shape.length === 2 && arr.shape[0] === arr.shape[1] && shape[1] === 1) {
    why = " A square result where a column was expected usually comes from broadcasting a 1-D (n,) array against an (n, 1) column.";
  }
  return fail(`${what} should ${verb} ${want}, but it is ${formatShape(arr.shape)}.${why}`, {
    expected: `shape ${formatShape(shape)}`,
    actual: `shape ${formatShape(arr.shape)}`,
  });
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((n, i) => n === b[i]);
}

type Closeness = { exact: boolean; maxDiff: number; at: number; bad: number };

function closeness(actual: Float64Array, expected: Float64Array, tol: Required<Tolerance>): Closeness {
  let exact = true;
  let maxDiff = 0;
  let at = -1;
  let bad = 0;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (Object.is(a, e) || a === e) continue;
    exact = false;
    const d = Number.isNaN(a) || Number.isNaN(e) ? Infinity : Math.abs(a - e);
    if (!(d <= tol.atol + tol.rtol * Math.abs(e))) bad++;
    if (d > maxDiff || at < 0) {
      maxDiff = d;
      at = i;
    }
  }
  return { exact, maxDiff, at, bad };
}

/** How close a passing answer was, in words: "exact", "within tolerance (largest difference 2.2e-16)". */
export function closenessWords(c: { exact: boolean; maxDiff: number }): string {
  return c.exact ? "exact" : `within tolerance (largest difference ${c.maxDiff.toExponential(1)})`;
}

/**
 * Value check against a reference: shape first, then every element within `rtol`/`atol`.
 * On failure: the largest absolute difference and where, expected and actual in numpy's format,
 * and the name of a known mistake when the answer equals one of `mistakes`.
 */
export function expectClose(
  value: unknown,
  expected: NDArray,
  what: string,
  options: Tolerance & { mistakes?: Mistake[]; notation?: string } = {},
): string {
  const tol = { ...DEFAULT_TOLERANCE, ...options };
  const arr = expectShape(value, expected.shape, what, options.notation);
  const c = closeness(arr.data, expected.data, tol);
  if (c.bad === 0) return closenessWords(c);
  const named = options.mistakes?.find((m) => m.value instanceof NDArray && matches(arr, m.value, tol));
  const nan = Number.isNaN(arr.data[c.at]!) ? " It contains NaN: look for log(0), 0/0 or an overflowing exp." : "";
  const diff = Number.isFinite(c.maxDiff) ? `largest absolute difference ${c.maxDiff.toPrecision(4)}` : "a NaN or infinite element";
  const head = `${what} has the right shape but ${c.bad} of ${arr.size} values differ: ${diff} at ${formatIndex(c.at, arr.shape)}`;
  return fail(`${head} (tolerance rtol=${tol.rtol}, atol=${tol.atol}).${nan}${named ? `\n${named.says}` : ""}`, {
    expected: show(expected),
    actual: show(arr),
    mistake: named?.id,
  });
}

/** True when `a` equals `b` within tolerance (same shape required). */
export function matches(a: NDArray, b: NDArray, tol: Tolerance = {}): boolean {
  if (!sameShape(a.shape, b.shape)) return false;
  return closeness(a.data, b.data, { ...DEFAULT_TOLERANCE, ...tol }).bad === 0;
}

/** A plain number result (like the cost). Arrays, even 1×1, fail with a message that says how to unwrap. */
export function expectNumber(
  value: unknown,
  expected: number,
  what: string,
  options: Tolerance & { mistakes?: Mistake[] } = {},
): string {
  const tol = { ...DEFAULT_TOLERANCE, ...options };
  if (value instanceof NDArray) {
    const size = value.size;
    return fail(
      `${what} should be a plain number, but it is an array of shape ${formatShape(value.shape)}.` +
        (size === 1 ? " Turn a 1×1 array into a number with np.squeeze(...)." : " A cost must sum over all m examples into one number."),
      { expected: formatNumber(expected), actual: show(value) },
    );
  }
  if (typeof value !== "number") return fail(`${what} should be a number, but it is ${describe(value)}.`);
  if (Object.is(value, expected)) return "exact";
  const d = Math.abs(value - expected);
  if (d <= tol.atol + tol.rtol * Math.abs(expected)) return closenessWords({ exact: false, maxDiff: d });
  const named = options.mistakes?.find((m) => typeof m.value === "number" && Math.abs(m.value - value) <= tol.atol + tol.rtol * Math.abs(m.value));
  return fail(
    `${what} is ${formatNumber(value)}, expected ${formatNumber(expected)} (difference ${d.toPrecision(4)}).` +
      (Number.isNaN(value) ? " NaN usually comes from log(0) or 0/0." : "") +
      (named ? `\n${named.says}` : ""),
    { expected: formatNumber(expected), actual: formatNumber(value), mistake: named?.id },
  );
}

/** `value` must be a list (tuple) of `names.length` items, like `[Z, cache]`. */
export function expectTuple(value: unknown, names: string[], what: string): unknown[] {
  const want = `[${names.join(", ")}]`;
  if (!Array.isArray(value)) {
    return fail(`${what} should return ${want}, but it returned ${describe(value)}.`, { expected: want, actual: describe(value) });
  }
  if (value.length !== names.length) {
    return fail(`${what} should return ${names.length} values ${want}, but it returned ${value.length}.`, {
      expected: want,
      actual: describe(value),
    });
  }
  return value;
}

/** `value` must be an object with at least these keys. */
export function expectKeys(value: unknown, keys: string[], what: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value) || value instanceof NDArray) {
    return fail(`${what} should be an object with keys {${keys.join(", ")}}, but it is ${describe(value)}.`);
  }
  const obj = value as Record<string, unknown>;
  const missing = keys.filter((k) => !(k in obj));
  if (missing.length) {
    const has = Object.keys(obj);
    return fail(
      `${what} is missing the key${missing.length > 1 ? "s" : ""} ${missing.join(", ")}; it has {${has.join(", ")}}.`,
      { expected: `{${keys.join(", ")}}`, actual: `{${has.join(", ")}}` },
    );
  }
  return obj;
}

/** The cache must hold the very inputs (the same object, or an untouched copy of it). */
export function expectHolds(value: unknown, input: NDArray, what: string, inputName: string): void {
  if (value === input) return;
  if (value instanceof NDArray && matches(value, input, { rtol: 0, atol: 0 })) return;
  fail(`${what} should hold the input ${inputName} itself (${formatShape(input.shape)}), but it holds ${describe(value)}.`, {
    expected: show(input),
    actual: show(value),
  });
}
