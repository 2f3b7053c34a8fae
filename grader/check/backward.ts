/**
 * Assertions shared by the backward-pass exercises (06 linear_backward … 10 train): reference data
 * from JSON, gradient shapes in lecture notation, naming a mistake behind a shape error, and
 * gradient checks against the reference forward pass (one mistake is counted once: a backward
 * exercise never runs the learner's code of a forward exercise).
 */
import { np, NDArray } from "../../lib/np/index.ts";
import { formatShape } from "./describe.ts";
import { expectShape, matches } from "./expect.ts";
import type { Mistake } from "./expect.ts";
import { LearnerError, fail } from "./failure.ts";
import { expectGradients, relativeError } from "./gradient.ts";
import type { CheckContext } from "./spec.ts";
import { ExecutorStopped } from "./context.ts";

/** Nested number lists (as the reference JSON stores arrays) become np arrays, at any depth; the rest stays. */
export function fromJson(value: unknown): any {
  if (Array.isArray(value)) {
    if (value.length > 0 && value.every((row) => Array.isArray(row) && row.every((x) => typeof x === "number"))) {
      return np.array(value as number[][]);
    }
    return value.map(fromJson);
  }
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fromJson(v)]));
  }
  return value;
}

/**
 * A gradient has the shape of what it is the gradient of. Explains the usual db mistakes:
 * a sum without keepdims (a 1-D db that turns the update b − α·db into an (n, n) matrix) and a sum
 * over the wrong axis.
 *
 *   expectGradShape(db, [3, 1], "db[1]", "b[1]: (n[1], 1)")
 *   → "db[1] should have the shape of b[1]: (n[1], 1) = (3, 1), but it is (3,). …"
 */
export function expectGradShape(value: unknown, shape: readonly number[], what: string, of: string, m?: number): NDArray {
  const notation = `the shape of ${of}`;
  if (value instanceof NDArray && shape.length === 2 && shape[1] === 1 && shape[0]! > 1 && what.startsWith("db")) {
    const n = shape[0]!;
    const s = value.shape;
    const head = `${what} should have ${notation} = ${formatShape(shape)}, but it is ${formatShape(s)}.`;
    const sumAxis1 = "Sum dZ over its columns, the m examples: np.sum(dZ, { axis: 1, keepdims: true }).";
    if (s.length === 1 && s[0] === n) {
      fail(
        `${head} np.sum without keepdims: true drops the summed axis. Then the update b − α·db broadcasts ` +
          `${formatShape(shape)} against ${formatShape(s)} into an (${n}, ${n}) matrix, and b is no longer a column. ${sumAxis1}`,
        { expected: `shape ${formatShape(shape)}`, actual: `shape ${formatShape(s)}` },
      );
    }
    if (m !== undefined && ((s.length === 2 && s[0] === 1 && s[1] === m) || (s.length === 1 && s[0] === m))) {
      fail(`${head} That is one number per example: a sum over axis 0 (the units). ${sumAxis1}`, {
        expected: `shape ${formatShape(shape)}`,
        actual: `shape ${formatShape(s)}`,
      });
    }
    if (m !== undefined && s.length === 2 && s[0] === n && s[1] === m) {
      fail(`${head} It has the shape of dZ: db is dZ summed over the m examples, not dZ itself. ${sumAxis1}`, {
        expected: `shape ${formatShape(shape)}`,
        actual: `shape ${formatShape(s)}`,
      });
    }
  }
  return expectShape(value, shape, what, notation);
}

/** The first mistake whose value `actual` equals (same shape, within tolerance), or undefined. */
export function findMistake(actual: unknown, mistakes: Mistake[]): Mistake | undefined {
  if (!(actual instanceof NDArray)) return undefined;
  return mistakes.find((m) => m.value instanceof NDArray && matches(actual, m.value));
}

/**
 * Calls the learner's `fn` through `ctx.call`. When the learner's code stops on a ShapeError (np.dot
 * operands that do not fit, shapes that do not broadcast), `explain` may run the same function on a
 * square case, where every dimension is equal and a wrong product still fits, and name the mistake
 * its answer there equals; that sentence is added to the learner's error, which keeps their file and
 * line.
 */
export async function callExplained<T>(ctx: CheckContext, fn: string, args: unknown[], explain: () => Promise<string | undefined>): Promise<T> {
  try {
    return await ctx.call<T>(fn, ...args);
  } catch (e) {
    if (e instanceof LearnerError && e.thrown.name === "ShapeError") {
      let note: string | undefined;
      try {
        note = await explain();
      } catch (inner) {
        if (inner instanceof ExecutorStopped) throw inner;
        note = undefined;
      }
      if (note) e.thrown.message += `\nOn a square case, where every dimension is equal and the shapes happen to fit, ${note}`;
    }
    throw e;
  }
}

/**
 * Runs the learner's export `fn` on copies of `args`, outside the reported call (so the failing call
 * stays the one the report names); undefined when it throws.
 */
export function tryLearner(ctx: CheckContext, fn: string, args: unknown[]): Promise<unknown> {
  return ctx.attempt(fn, ...args);
}

/** True when `a` and `b` are arrays of the same shape and values (within the default tolerance). */
export function same(a: unknown, b: unknown): boolean {
  return a instanceof NDArray && b instanceof NDArray && matches(a, b);
}

/** Σ (G ⊙ X): the linear "cost" whose gradient with respect to X is G. */
export function weightedSum(G: NDArray, X: NDArray): number {
  return np.sum(np.multiply(G, X));
}

export type GradientPair = { name: string; analytic: NDArray; numeric: NDArray };

/**
 * expectGradients, with a short verdict: how many gradients, the largest relative error, and
 * whose forward pass the numbers came from.
 */
export function checkGradients(pairs: GradientPair[], of: string, forward: string): string {
  expectGradients(pairs, of);
  const worst = Math.max(...pairs.map((p) => relativeError(p.analytic, p.numeric)));
  return `${pairs.length} gradients, largest relative error ${worst.toExponential(1)}; forward: ${forward}`;
}
