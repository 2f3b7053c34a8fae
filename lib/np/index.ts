// lib/np: a small numpy for 1-D and 2-D float64 arrays. `np.xxx` follows numpy's names,
// broadcasting, axis/keepdims rules, printing and legacy random stream.
import { NpError, describeValue } from "./errors.ts";
import { NDArray, resolveShape } from "./ndarray.ts";
import { arange, array, full, ones, ones_like, zeros, zeros_like } from "./create.ts";
import * as ew from "./elementwise.ts";
import { dot, matmul } from "./dot.ts";
import { argmax, argmin, max, mean, min, sum } from "./reduce.ts";
import { random, RandomState } from "./random.ts";
import { arrayRepr, arrayStr, formatArray, formatScalar } from "./format-array.ts";

export { NDArray } from "./ndarray.ts";
export type { DType } from "./ndarray.ts";
export { NpError, ShapeError } from "./errors.ts";
export { RandomState } from "./random.ts";
export type { RandomStateSnapshot } from "./random.ts";
export type { ReduceOptions } from "./reduce.ts";
export type { Shape, ArrayLike2D } from "./create.ts";
export type { Operand } from "./elementwise.ts";

function asArray(A: NDArray, op: string): NDArray {
  if (!(A instanceof NDArray)) {
    throw new NpError(`${op}: expected an NDArray, got ${describeValue(A)}.` + (Array.isArray(A) ? "\nWrap plain JS arrays with np.array(...) first." : ""));
  }
  return A;
}

/** (1,1) → a number, (1,n) or (n,1) → (n,), (1,) → a number; other shapes are copied unchanged. */
function squeeze(A: NDArray): NDArray | number {
  asArray(A, "np.squeeze");
  const kept = A.shape.filter((d) => d !== 1);
  if (kept.length === 0) return A.data[0]!;
  return new NDArray(A.data.slice(), kept, A.dtype);
}

function reshape(A: NDArray, shape: number | readonly number[]): NDArray {
  asArray(A, "np.reshape");
  const want = typeof shape === "number" ? [shape] : [...shape];
  return new NDArray(A.data.slice(), resolveShape(want, A.size, A.shape), A.dtype);
}

function transpose(A: NDArray): NDArray {
  return asArray(A, "np.transpose").T;
}

/** Frobenius norm of a matrix / 2-norm of a vector: sqrt of the sum of squares of all elements. */
function norm(A: NDArray | number): number {
  if (typeof A === "number") return Math.abs(A);
  const d = asArray(A, "np.linalg.norm").data;
  // Scaled like LAPACK's dnrm2 so huge or tiny values neither overflow nor underflow.
  let scale = 0;
  for (let i = 0; i < d.length; i++) scale = Math.max(scale, Math.abs(d[i]!));
  if (scale === 0 || !Number.isFinite(scale)) return scale;
  let s = 0;
  for (let i = 0; i < d.length; i++) {
    const v = d[i]! / scale;
    s += v * v;
  }
  return scale * Math.sqrt(s);
}

export const np = {
  array,
  zeros,
  ones,
  full,
  zeros_like,
  ones_like,
  arange,

  add: ew.add,
  subtract: ew.subtract,
  multiply: ew.multiply,
  divide: ew.divide,
  maximum: ew.maximum,
  minimum: ew.minimum,
  power: ew.power,
  where: ew.where,
  greater: ew.greater,
  greater_equal: ew.greater_equal,
  less: ew.less,
  less_equal: ew.less_equal,
  equal: ew.equal,
  not_equal: ew.not_equal,
  exp: ew.exp,
  log: ew.log,
  sqrt: ew.sqrt,
  abs: ew.abs,
  tanh: ew.tanh,
  square: ew.square,
  negative: ew.negative,
  sign: ew.sign,
  isclose: ew.isclose,
  allclose: ew.allclose,

  dot,
  matmul,
  sum,
  mean,
  max,
  min,
  argmax,
  argmin,

  squeeze,
  reshape,
  transpose,
  linalg: { norm },
  random,
  RandomState,

  array_repr: arrayRepr,
  array_str: arrayStr,
  formatArray,
  formatScalar,
  isNDArray: NDArray.isNDArray,
};

export default np;
