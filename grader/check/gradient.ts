/**
 * Numerical gradient checking by central differences.
 */
import { NDArray } from "../../lib/np/index.ts";
import { formatIndex } from "./describe.ts";
import { fail } from "./failure.ts";

/**
 * ∂f/∂x by central differences: (f(x + ε) − f(x − ε)) / 2ε for every element of x.
 * `x` must be the grader's own array: it is perturbed in place and restored.
 */
export function numericalGradient(f: () => number, x: NDArray, eps = 1e-6): NDArray {
  const grad = new Float64Array(x.size);
  const data = x.data;
  for (let i = 0; i < data.length; i++) {
    const keep = data[i]!;
    data[i] = keep + eps;
    const plus = f();
    data[i] = keep - eps;
    const minus = f();
    data[i] = keep;
    grad[i] = (plus - minus) / (2 * eps);
  }
  return new NDArray(grad, x.shape.slice());
}

/** ‖a − b‖ / (‖a‖ + ‖b‖), 0 when both are zero. */
export function relativeError(a: NDArray, b: NDArray): number {
  let diff = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.data.length; i++) {
    diff += (a.data[i]! - b.data[i]!) ** 2;
    na += a.data[i]! ** 2;
    nb += b.data[i]! ** 2;
  }
  const denom = Math.sqrt(na) + Math.sqrt(nb);
  return denom === 0 ? 0 : Math.sqrt(diff) / denom;
}

/**
 * Compares analytic gradients with numerical ones, in order; fails naming the first that disagrees.
 * `of` says whose forward pass the numbers come from, e.g. "your forward pass".
 */
export function expectGradients(
  pairs: { name: string; analytic: NDArray; numeric: NDArray }[],
  of: string,
  threshold = 1e-6,
): string {
  const errors: string[] = [];
  for (const { name, analytic, numeric } of pairs) {
    const err = relativeError(analytic, numeric);
    if (!(err < threshold)) {
      let worst = 0;
      for (let i = 1; i < analytic.size; i++) {
        if (Math.abs(analytic.data[i]! - numeric.data[i]!) > Math.abs(analytic.data[worst]! - numeric.data[worst]!)) worst = i;
      }
      fail(
        `${name} disagrees with the numerical gradient of ${of}: relative error ${err.toExponential(2)} (a correct gradient gives < ${threshold}). ` +
          `The largest gap is at ${formatIndex(worst, analytic.shape)}: ${analytic.data[worst]!.toPrecision(6)} vs ${numeric.data[worst]!.toPrecision(6)} numerically.`,
        { expected: numeric.toString(), actual: analytic.toString() },
      );
    }
    errors.push(`${name} ${err.toExponential(1)}`);
  }
  return `relative errors: ${errors.join(", ")}`;
}
