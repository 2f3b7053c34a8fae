// NDArray: a 1-D or 2-D array of float64 numbers in row-major order, numpy's ndarray cut down to
// what a from-scratch neural network needs.
import { copyOf, resultBuffer } from "./alloc.ts";
import { NpError, ShapeError, describeValue, shapeStr } from "./errors.ts";
import { arrayRepr, arrayStr } from "./format-array.ts";
import { dot } from "./dot.ts";
import { max, mean, min, sum } from "./reduce.ts";
import type { ReduceOptions } from "./reduce.ts";
import { coercionError, tooManyArguments } from "./validate.ts";

/** Node's console.log and util.inspect print an object through this symbol (no node: import needed). */
const INSPECT = Symbol.for("nodejs.util.inspect.custom");

export type DType = "float64" | "bool" | "int64";

/** Checks that `shape` is a valid 1-D or 2-D shape of non-negative integers; returns a copy. */
export function checkShape(shape: readonly number[], where: string): number[] {
  if (shape.length === 0 || shape.length > 2) {
    throw new NpError(
      `${where}: shape ${shapeStr(shape)} has ${shape.length} dimensions; lib/np arrays are 1-D (n,) or 2-D (rows, cols).` +
        (shape.length > 2 ? "\nKeep one example per column instead of adding a third axis." : ""),
    );
  }
  for (const d of shape) {
    if (typeof d !== "number" || !Number.isInteger(d) || d < 0) {
      throw new NpError(
        `${where}: every dimension must be a non-negative integer, got ${typeof d === "number" ? d : String(d)} in shape [${shape.map(String).join(", ")}].` +
          "\nUse whole numbers such as np.zeros([n_h, 1]); Math.floor a computed size.",
      );
    }
  }
  return [...shape];
}

export class NDArray {
  /** @internal Row-major storage. If `_t` is set it holds the *transpose* of this array. */
  _buf: Float64Array;
  /** @internal True for a lazy transpose view (`A.T`): element (i, j) is `_buf[j * rows + i]`. */
  _t: boolean;
  readonly shape: number[];
  /**
   * Only affects printing: "bool" for comparison results (True/False), "int64" for argmax/argmin
   * results (printed as integers). The values are float64 either way.
   */
  readonly dtype: DType;

  /**
   * Wraps `data` (not copied) as an array of `shape`. Most code should use `np.array`, `np.zeros`
   * and friends instead; this is for building arrays from a Float64Array you just filled.
   */
  constructor(data: Float64Array, shape: readonly number[], dtype: DType = "float64") {
    const s = checkShape(shape, "new NDArray");
    const size = s.length === 1 ? s[0]! : s[0]! * s[1]!;
    if (!(data instanceof Float64Array)) throw new NpError(`new NDArray: data must be a Float64Array, got ${typeof data}.`);
    if (data.length !== size) {
      throw new ShapeError(
        "NDArray",
        [[data.length], s],
        `cannot reshape array of size ${data.length} into shape ${shapeStr(s)}\nThe shape must hold exactly ${data.length} elements.`,
      );
    }
    this._buf = data;
    this._t = false;
    this.shape = Object.freeze(s) as number[];
    this.dtype = dtype;
  }

  /** @internal A lazy transpose view of `base` (shares its buffer; materialized on `.data`). */
  static _transposeOf(base: NDArray): NDArray {
    const r = base.shape[0]!;
    const c = base.shape[1]!;
    const out = new NDArray(base._buf, [c, r], base.dtype);
    out._t = !base._t;
    return out;
  }

  static isNDArray(x: unknown): x is NDArray {
    return x instanceof NDArray;
  }

  /** The elements in row-major order. */
  get data(): Float64Array {
    if (this._t) {
      // Materialize the lazy transpose once; from then on this array owns a row-major copy.
      this._buf = transposeData(this._buf, this.shape[1]!, this.shape[0]!);
      this._t = false;
    }
    return this._buf;
  }

  get ndim(): number {
    return this.shape.length;
  }

  get size(): number {
    return this._buf.length;
  }

  /** Rows and columns swapped. A cheap view: np.dot uses it without copying. 1-D: itself. */
  get T(): NDArray {
    if (this.shape.length === 1) return this;
    return NDArray._transposeOf(this);
  }

  /** Element (i, j) of a 2-D array, element i of a 1-D array; negative indices count from the end. */
  get(i: number, j?: number): number {
    const s = this.shape;
    if (s.length === 1) {
      if (j !== undefined) throw new NpError(`get(${i}, ${j}): too many indices for a 1-D array of shape ${shapeStr(s)}; use get(${i}).`);
      return this._buf[index(i, s[0]!, 0, s)]!;
    }
    if (j === undefined) {
      throw new NpError(`get(${i}): a 2-D array of shape ${shapeStr(s)} needs two indices, get(row, col).`);
    }
    const r = index(i, s[0]!, 0, s);
    const c = index(j, s[1]!, 1, s);
    return this._t ? this._buf[c * s[0]! + r]! : this._buf[r * s[1]! + c]!;
  }

  /** The single element of a size-1 array as a number. */
  item(): number {
    if (this.size !== 1) {
      throw new NpError(`can only convert an array of size 1 to a number; this one has shape ${shapeStr(this.shape)} (size ${this.size}).\nUse np.sum(A) or A.get(i, j) for one element.`);
    }
    return this._buf[0]!;
  }

  copy(): NDArray {
    return new NDArray(copyOf(this.data), this.shape, this.dtype);
  }

  /** Same elements in a new shape; one dimension may be -1 ("whatever fits"). */
  reshape(rows: number | readonly number[], cols?: number): NDArray {
    if (arguments.length > 2) throw tooManyArguments("A.reshape", arguments.length, 2, "A.reshape(rows, cols) or A.reshape([rows, cols])");
    if (typeof rows !== "number" && !Array.isArray(rows)) {
      throw new NpError(`A.reshape: the new shape is numbers, A.reshape(rows, cols), or one array, A.reshape([rows, cols]); got ${describeValue(rows)}.`);
    }
    const want = typeof rows === "number" ? (cols === undefined ? [rows] : [rows, cols]) : [...rows];
    return new NDArray(copyOf(this.data), resolveShape(want, this.size, this.shape), this.dtype);
  }

  /** Nested JS arrays: number[][] for 2-D, number[] for 1-D. */
  tolist(): number[] | number[][] {
    const d = this.data;
    if (this.shape.length === 1) return Array.from(d);
    const [r, c] = this.shape as [number, number];
    const out: number[][] = [];
    for (let i = 0; i < r; i++) out.push(Array.from(d.subarray(i * c, i * c + c)));
    return out;
  }

  dot(B: NDArray | number): NDArray {
    if (arguments.length > 1) throw tooManyArguments("A.dot", arguments.length, 1, "A.dot(B), or np.dot(np.dot(A, B), C) for three");
    return dot(this, B) as NDArray;
  }

  sum(): number;
  sum(opts: ReduceOptions): NDArray;
  sum(opts?: ReduceOptions): NDArray | number {
    if (arguments.length > 1) throw tooManyArguments("A.sum", arguments.length, 1, "A.sum({ axis: 1, keepdims: true })");
    return sum(this, opts as ReduceOptions);
  }

  mean(): number;
  mean(opts: ReduceOptions): NDArray;
  mean(opts?: ReduceOptions): NDArray | number {
    if (arguments.length > 1) throw tooManyArguments("A.mean", arguments.length, 1, "A.mean({ axis: 1, keepdims: true })");
    return mean(this, opts as ReduceOptions);
  }

  max(): number;
  max(opts: ReduceOptions): NDArray;
  max(opts?: ReduceOptions): NDArray | number {
    if (arguments.length > 1) throw tooManyArguments("A.max", arguments.length, 1, "A.max({ axis: 1, keepdims: true })");
    return max(this, opts as ReduceOptions);
  }

  min(): number;
  min(opts: ReduceOptions): NDArray;
  min(opts?: ReduceOptions): NDArray | number {
    if (arguments.length > 1) throw tooManyArguments("A.min", arguments.length, 1, "A.min({ axis: 1, keepdims: true })");
    return min(this, opts as ReduceOptions);
  }

  /** numpy's repr: `array([[ 1.62434536, -0.61175641]])`. */
  toString(): string {
    return arrayRepr(this);
  }

  /** numpy's str, what `print(A)` shows: `[[ 1.62434536 -0.61175641]]`. */
  toPrintString(): string {
    return arrayStr(this);
  }

  [INSPECT](): string {
    return arrayRepr(this);
  }

  /**
   * Text for templates and String(A) (numpy's repr); an error that names the np function for
   * everything else: `Z / m`, `AL > 0.5`, `np.dot(W, A) + b`, `Math.max(0, Z)` would otherwise
   * quietly give NaN, false or a string.
   */
  [Symbol.toPrimitive](hint: string): string {
    if (hint === "string") return arrayRepr(this);
    throw coercionError(hint, this.shape);
  }
}

function index(i: number, n: number, axis: number, shape: readonly number[]): number {
  if (!Number.isInteger(i)) throw new NpError(`index ${i} is not an integer (array of shape ${shapeStr(shape)}).`);
  const k = i < 0 ? i + n : i;
  if (k < 0 || k >= n) throw new NpError(`index ${i} is out of bounds for axis ${axis} with size ${n} (array of shape ${shapeStr(shape)}).`);
  return k;
}

/** @internal Row-major data of the transpose of a rows×cols row-major matrix. */
export function transposeData(src: Float64Array, rows: number, cols: number): Float64Array {
  const out = resultBuffer(src.length);
  // Blocked so both source and destination are read/written in cache-sized tiles.
  const B = 32;
  for (let i0 = 0; i0 < rows; i0 += B) {
    const i1 = Math.min(i0 + B, rows);
    for (let j0 = 0; j0 < cols; j0 += B) {
      const j1 = Math.min(j0 + B, cols);
      for (let i = i0; i < i1; i++) {
        for (let j = j0; j < j1; j++) out[j * rows + i] = src[i * cols + j]!;
      }
    }
  }
  return out;
}

/** @internal Checks a requested shape against `size` and fills in one -1. */
export function resolveShape(want: readonly number[], size: number, from: readonly number[]): number[] {
  if (want.length === 0 || want.length > 2) {
    throw new NpError(`reshape: shape ${shapeStr(want)} has ${want.length} dimensions; lib/np arrays are 1-D (n,) or 2-D (rows, cols).`);
  }
  let unknown = -1;
  let known = 1;
  for (let k = 0; k < want.length; k++) {
    const d = want[k]!;
    if (d === -1 && unknown < 0) unknown = k;
    else if (!Number.isInteger(d) || d < 0) {
      throw new NpError(`reshape: dimensions must be non-negative integers (or one -1), got ${shapeStr(want)}.`);
    } else known *= d;
  }
  const out = [...want];
  if (unknown >= 0) {
    if (known === 0 || size % known !== 0) {
      throw new ShapeError("reshape", [from, want], `cannot reshape array of size ${size} into shape ${shapeStr(want)}\nNo whole number fits the -1: ${size} is not a multiple of ${known}.`);
    }
    out[unknown] = size / known;
  } else if (known !== size) {
    throw new ShapeError(
      "reshape",
      [from, want],
      `cannot reshape array of size ${size} into shape ${shapeStr(want)}\nAn array of shape ${shapeStr(from)} has ${size} elements, but ${shapeStr(want)} holds ${known}; use -1 for one dimension to let it be computed.`,
    );
  }
  return out;
}
