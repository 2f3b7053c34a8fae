// Reductions: np.sum, np.mean, np.max, np.min, np.argmax, np.argmin, with numpy's axis/keepdims
// rules. Sums use numpy's pairwise summation so results agree with numpy to the last bit.
import { resultBuffer, zeroedBuffer } from "./alloc.ts";
import { NpError, describeValue, shapeStr } from "./errors.ts";
import { NDArray } from "./ndarray.ts";
import { checkReduceOptions } from "./validate.ts";

export type ReduceOptions = { axis?: number | null; keepdims?: boolean };

/** numpy's pairwise_sum for float64: 8-way unrolled blocks of up to 128, halved recursively. */
export function pairwiseSum(a: Float64Array, off: number, n: number, stride: number): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += a[off + i * stride]!;
    return res;
  }
  if (n <= 128) {
    let r0 = a[off]!, r1 = a[off + stride]!, r2 = a[off + 2 * stride]!, r3 = a[off + 3 * stride]!;
    let r4 = a[off + 4 * stride]!, r5 = a[off + 5 * stride]!, r6 = a[off + 6 * stride]!, r7 = a[off + 7 * stride]!;
    const m = n - (n % 8);
    let i = 8;
    for (; i < m; i += 8) {
      const p = off + i * stride;
      r0 += a[p]!;
      r1 += a[p + stride]!;
      r2 += a[p + 2 * stride]!;
      r3 += a[p + 3 * stride]!;
      r4 += a[p + 4 * stride]!;
      r5 += a[p + 5 * stride]!;
      r6 += a[p + 6 * stride]!;
      r7 += a[p + 7 * stride]!;
    }
    let res = r0 + r1 + (r2 + r3) + (r4 + r5 + (r6 + r7));
    for (; i < n; i++) res += a[off + i * stride]!;
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwiseSum(a, off, n2, stride) + pairwiseSum(a, off + n2 * stride, n - n2, stride);
}

type Kind = "sum" | "mean" | "max" | "min" | "argmax" | "argmin";

function checkAxis(axis: number, ndim: number, op: string, shape: readonly number[]): number {
  if (!Number.isInteger(axis) || axis < -ndim || axis >= ndim) {
    throw new NpError(
      `${op}: axis ${axis} is out of bounds for array of dimension ${ndim} (shape ${shapeStr(shape)}).\n` +
        (ndim === 2 ? "Use axis: 0 to reduce over rows (one result per column), axis: 1 to reduce over columns (one per row)." : "A 1-D array has only axis 0."),
    );
  }
  return axis < 0 ? axis + ndim : axis;
}

/** Reduces n values at a[off], a[off+stride], ... */
function reduceLine(kind: Kind, a: Float64Array, off: number, n: number, stride: number): number {
  switch (kind) {
    case "sum":
      return pairwiseSum(a, off, n, stride);
    case "mean":
      return pairwiseSum(a, off, n, stride) / n;
    case "max":
    case "min": {
      let best = a[off]!;
      if (best !== best) return best;
      for (let i = 1; i < n; i++) {
        const v = a[off + i * stride]!;
        if (v !== v) return v; // NaN propagates, as in numpy
        // >= rather than >: among equal values (0 and -0) numpy keeps the last one.
        if (kind === "max" ? v >= best : v <= best) best = v;
      }
      return best;
    }
    case "argmax":
    case "argmin": {
      let best = a[off]!;
      let at = 0;
      if (best !== best) return 0;
      for (let i = 1; i < n; i++) {
        const v = a[off + i * stride]!;
        if (v !== v) return i; // the first NaN wins, as in numpy
        if (kind === "argmax" ? v > best : v < best) {
          best = v;
          at = i;
        }
      }
      return at;
    }
  }
}

function reduce(kind: Kind, A: NDArray | number, opts: ReduceOptions | undefined, nargs: number): NDArray | number {
  const op = `np.${kind}`;
  if (typeof A === "number") A = new NDArray(Float64Array.of(A), [1]);
  if (!(A instanceof NDArray)) {
    throw new NpError(`${op}: expected an NDArray, got ${describeValue(A)}.` + (Array.isArray(A) ? "\nWrap plain JS arrays with np.array(...) first." : ""));
  }
  checkReduceOptions(op, opts, nargs);
  const keepdims = opts?.keepdims === true;
  const axisOpt = opts?.axis;
  const shape = A.shape;
  const ndim = shape.length;
  const isArg = kind === "argmax" || kind === "argmin";
  const dtype = isArg ? "int64" : "float64";
  if (A.size === 0 && kind !== "sum" && kind !== "mean") {
    throw new NpError(`${op}: zero-size array (shape ${shapeStr(shape)}) has no ${kind.replace("arg", "")}.`);
  }
  const data = A.data;
  if (axisOpt === undefined || axisOpt === null) {
    const v = reduceLine(kind, data, 0, data.length, 1);
    if (!keepdims) return v;
    return new NDArray(Float64Array.of(v), ndim === 2 ? [1, 1] : [1], dtype);
  }
  const axis = checkAxis(axisOpt, ndim, op, shape);
  if (ndim === 1) {
    const v = reduceLine(kind, data, 0, data.length, 1);
    return keepdims ? new NDArray(Float64Array.of(v), [1], dtype) : v;
  }
  const [r, c] = shape as [number, number];
  let out: Float64Array;
  if (axis === 1) {
    out = resultBuffer(r);
    for (let i = 0; i < r; i++) out[i] = reduceLine(kind, data, i * c, c, 1);
  } else if (kind === "sum" || kind === "mean") {
    // numpy adds the rows one after another (the inner loop runs along a row), not pairwise.
    out = zeroedBuffer(c);
    for (let i = 0; i < r; i++) {
      const o = i * c;
      for (let j = 0; j < c; j++) out[j] += data[o + j]!;
    }
    if (kind === "mean") for (let j = 0; j < c; j++) out[j] /= r;
  } else {
    out = resultBuffer(c);
    for (let j = 0; j < c; j++) out[j] = reduceLine(kind, data, j, r, c);
  }
  const outShape = keepdims ? (axis === 0 ? [1, c] : [r, 1]) : [axis === 0 ? c : r];
  return new NDArray(out, outShape, dtype);
}

// Overloads: without an axis the result is a number (unless keepdims); with an axis it is an
// array, (n,) without keepdims, (1,c) or (r,1) with. (A 1-D array with axis 0 gives a number,
// as numpy's does, even though the type says NDArray.)
type Reducer = {
  (A: NDArray | number, opts?: { axis?: null; keepdims?: false }): number;
  (A: NDArray | number, opts: ReduceOptions): NDArray;
};

function reducer(kind: Kind): Reducer {
  return function (A: NDArray | number, opts?: ReduceOptions) {
    return reduce(kind, A, opts, arguments.length);
  } as Reducer;
}

export const sum = reducer("sum");
export const mean = reducer("mean");
export const max = reducer("max");
export const min = reducer("min");
export const argmax = reducer("argmax");
export const argmin = reducer("argmin");
