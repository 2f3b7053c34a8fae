// lib/np: a small numpy for 1-D and 2-D float64 arrays. `np.xxx` follows numpy's names,
// broadcasting, axis/keepdims rules, printing and legacy random stream.
import { NpError, describeValue } from "./errors.ts";
import { NDArray, resolveShape } from "./ndarray.ts";
import { arange, array, full, ones, ones_like, zeros, zeros_like } from "./create.ts";
import * as ew from "./elementwise.ts";
import { dot } from "./dot.ts";
import { argmax, argmin, max, mean, min, sum } from "./reduce.ts";
import { random, RandomState } from "./random.ts";
import { arrayRepr, arrayStr, formatArray, formatScalar } from "./format-array.ts";
import { checkOptionKeys, oneOperand, tooManyArguments, twoOperands } from "./validate.ts";
import type { Operand } from "./elementwise.ts";

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

/**
 * What np.squeeze gives for an array: a plain number when every dimension is 1 (a (1, 1) cost),
 * else an NDArray without its 1s. TypeScript cannot see shapes, so this type lets the result be
 * used as either (`return np.squeeze(cost)` in a function that returns a number, as the course
 * writes it); the grader checks at run time which one it is. `np.item(A)` insists on a number.
 */
export type Squeezed = NDArray & number;

/** (1,1) → a number, (1,n) or (n,1) → (n,), (1,) → a number; other shapes are copied unchanged; a number stays itself. */
function squeeze(A: number): number;
function squeeze(A: NDArray): Squeezed;
function squeeze(A: NDArray | number): NDArray | number;
function squeeze(A: NDArray | number): NDArray | number {
  if (arguments.length > 1) throw tooManyArguments("np.squeeze", arguments.length, 1, "np.squeeze(A)", "It removes every dimension of size 1 (lib/np has no axis argument here).");
  // numpy's np.squeeze of a number is a 0-d array, which lib/np writes as a number.
  if (typeof A === "number") return A;
  asArray(A, "np.squeeze");
  const kept = A.shape.filter((d) => d !== 1);
  if (kept.length === 0) return A.data[0]!;
  return new NDArray(A.data.slice(), kept, A.dtype);
}

/** The single value of a size-1 array ((1, 1), (1,)) as a number, like numpy's `A.item()` or `float(A)`; a number stays itself. */
function item(A: NDArray | number): number {
  if (arguments.length > 1) throw tooManyArguments("np.item", arguments.length, 1, "np.item(A)");
  if (typeof A === "number") return A;
  return asArray(A, "np.item").item();
}

function reshape(A: NDArray, shape: number | readonly number[]): NDArray {
  if (arguments.length > 2) {
    throw tooManyArguments("np.reshape", arguments.length, 2, `np.reshape(A, [${[...arguments].slice(1).map(String).join(", ")}])`, "The new shape is one array (numpy's tuple).");
  }
  asArray(A, "np.reshape");
  const want = typeof shape === "number" ? [shape] : [...shape];
  return new NDArray(A.data.slice(), resolveShape(want, A.size, A.shape), A.dtype);
}

function transpose(A: NDArray): NDArray {
  if (arguments.length > 1) throw tooManyArguments("np.transpose", arguments.length, 1, "np.transpose(A) or A.T");
  return asArray(A, "np.transpose").T;
}

/** Frobenius norm of a matrix / 2-norm of a vector: sqrt of the sum of squares of all elements. */
function norm(A: NDArray | number): number {
  if (arguments.length > 1) throw tooManyArguments("np.linalg.norm", arguments.length, 1, "np.linalg.norm(A)", "Only the Frobenius norm (numpy's default) is there.");
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

function where(cond: Operand, x: Operand, y: Operand): NDArray {
  if (arguments.length !== 3) {
    throw tooManyArguments("np.where", arguments.length, 3, "np.where(cond, x, y)", "It takes x where cond is nonzero, else y (numpy's one-argument np.where(cond), the indices, is not there).");
  }
  return ew.where(cond, x, y);
}

type CloseOptions = { rtol?: number; atol?: number };
const CLOSE_KEYS = ["rtol", "atol"];

function isclose(a: Operand, b: Operand, opts?: CloseOptions): NDArray {
  if (arguments.length > 3) throw tooManyArguments("np.isclose", arguments.length, 3, "np.isclose(a, b, { rtol: 1e-5, atol: 1e-8 })");
  checkOptionKeys("np.isclose", opts, CLOSE_KEYS, "{ rtol: 1e-5, atol: 1e-8 }");
  return ew.isclose(a, b, opts);
}

function allclose(a: Operand, b: Operand, opts?: CloseOptions): boolean {
  if (arguments.length > 3) throw tooManyArguments("np.allclose", arguments.length, 3, "np.allclose(a, b, { rtol: 1e-5, atol: 1e-8 })");
  checkOptionKeys("np.allclose", opts, CLOSE_KEYS, "{ rtol: 1e-5, atol: 1e-8 }");
  return ew.allclose(a, b, opts);
}

const checkedDot = twoOperands("np.dot", dot);

export const np = {
  array,
  zeros,
  ones,
  full,
  zeros_like,
  ones_like,
  arange,

  add: twoOperands("np.add", ew.add),
  subtract: twoOperands("np.subtract", ew.subtract),
  multiply: twoOperands("np.multiply", ew.multiply),
  divide: twoOperands("np.divide", ew.divide),
  maximum: twoOperands("np.maximum", ew.maximum),
  minimum: twoOperands("np.minimum", ew.minimum),
  power: twoOperands("np.power", ew.power),
  where,
  greater: twoOperands("np.greater", ew.greater),
  greater_equal: twoOperands("np.greater_equal", ew.greater_equal),
  less: twoOperands("np.less", ew.less),
  less_equal: twoOperands("np.less_equal", ew.less_equal),
  equal: twoOperands("np.equal", ew.equal),
  not_equal: twoOperands("np.not_equal", ew.not_equal),
  exp: oneOperand("np.exp", ew.exp),
  log: oneOperand("np.log", ew.log),
  sqrt: oneOperand("np.sqrt", ew.sqrt),
  abs: oneOperand("np.abs", ew.abs),
  tanh: oneOperand("np.tanh", ew.tanh),
  square: oneOperand("np.square", ew.square),
  negative: oneOperand("np.negative", ew.negative),
  sign: oneOperand("np.sign", ew.sign),
  isclose,
  allclose,

  dot: checkedDot,
  matmul: checkedDot,
  sum,
  mean,
  max,
  min,
  argmax,
  argmin,

  squeeze,
  item,
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
