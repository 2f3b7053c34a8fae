// Creating arrays: np.array, np.zeros, np.ones, np.full, np.zeros_like, np.ones_like, np.arange.
import { resultBuffer, zeroedBuffer } from "./alloc.ts";
import { NpError, describeValue } from "./errors.ts";
import { NDArray, checkShape } from "./ndarray.ts";
import { shapeAsArguments, tooManyArguments } from "./validate.ts";

export type Shape = number | readonly number[];
export type ArrayLike2D = number | readonly number[] | readonly (readonly number[])[] | Float64Array | NDArray;

function numberAt(x: unknown, where: string): number {
  if (typeof x === "number") return x;
  if (typeof x === "boolean") return x ? 1 : 0;
  const what = Array.isArray(x) ? "a nested array (one level too deep: lib/np arrays are at most 2-D)" : describeValue(x);
  throw new NpError(`np.array: expected a number at ${where}, got ${what}.\nPass a number, a list of numbers, or a list of equally long rows.`);
}

/** A new array holding a copy of `x`: rows of numbers → 2-D, numbers → 1-D, an NDArray → its copy. */
export function array(x: ArrayLike2D): NDArray {
  if (arguments.length > 1) {
    throw tooManyArguments("np.array", arguments.length, 1, "np.array([[1, 2], [3, 4]])", "Rows go inside one outer array; lib/np arrays are always float64 (no dtype argument).");
  }
  if (x instanceof NDArray) return x.copy();
  if (typeof x === "number" || typeof x === "boolean") {
    // numpy would make a 0-d array; lib/np has none, so a number becomes shape (1,).
    return new NDArray(Float64Array.of(numberAt(x, "the top level")), [1]);
  }
  if (x instanceof Float64Array || (ArrayBuffer.isView(x) && !(x instanceof DataView))) {
    return new NDArray(Float64Array.from(x as unknown as ArrayLike<number>), [(x as unknown as ArrayLike<number>).length]);
  }
  if (!Array.isArray(x)) {
    throw new NpError(`np.array: expected a number, an array of numbers, or an array of rows, got ${describeValue(x)}.`);
  }
  if (x.length > 0 && Array.isArray(x[0])) {
    const rows = x as readonly (readonly number[])[];
    const c = rows[0]!.length;
    const out = resultBuffer(rows.length * c);
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i] as unknown;
      if (!Array.isArray(row)) {
        throw new NpError(`np.array: row 0 is an array but row ${i} is ${describeValue(row)}.\nEvery row must be an array of the same length.`);
      }
      if (row.length !== c) {
        throw new NpError(
          `np.array: the rows have different lengths: row 0 has ${c} elements but row ${i} has ${row.length}.\nA 2-D array must be rectangular; every row needs ${c} numbers.`,
        );
      }
      for (let j = 0; j < c; j++) out[i * c + j] = numberAt(row[j], `row ${i}, column ${j}`);
    }
    return new NDArray(out, [rows.length, c]);
  }
  const out = resultBuffer(x.length);
  for (let i = 0; i < x.length; i++) {
    const v = x[i] as unknown;
    if (Array.isArray(v)) {
      throw new NpError(`np.array: element 0 is a number but element ${i} is an array.\nUse either a list of numbers (1-D) or a list of rows (2-D), not a mix.`);
    }
    out[i] = numberAt(v, `index ${i}`);
  }
  return new NDArray(out, [x.length]);
}

/** @internal Normalizes `3` or `[3, 1]` to a checked shape array. */
export function toShape(shape: Shape, where: string): number[] {
  if (typeof shape === "number") return checkShape([shape], where);
  if (!Array.isArray(shape)) {
    throw new NpError(`${where}: shape must be a number or an array like [rows, cols], got ${describeValue(shape)}.`);
  }
  return checkShape(shape, where);
}

/** np.zeros(n, 1): numbers are a shape given as separate arguments; anything else is one too many. */
function extraShapeArguments(op: string, args: IArguments): NpError {
  return typeof args[0] === "number" && typeof args[1] === "number"
    ? shapeAsArguments(op, args)
    : tooManyArguments(op, args.length, 1, `${op}([rows, cols])`, "lib/np arrays are always float64 (no dtype argument).");
}

function sizeOf(shape: readonly number[]): number {
  return shape.length === 1 ? shape[0]! : shape[0]! * shape[1]!;
}

export function full(shape: Shape, value: number): NDArray {
  if (arguments.length > 2) throw tooManyArguments("np.full", arguments.length, 2, "np.full([rows, cols], value)");
  const s = toShape(shape, "np.full");
  if (typeof value !== "number") throw new NpError(`np.full: fill value must be a number, got ${describeValue(value)}.`);
  return new NDArray(resultBuffer(sizeOf(s)).fill(value), s);
}

export function zeros(shape: Shape): NDArray {
  if (arguments.length > 1) throw extraShapeArguments("np.zeros", arguments);
  const s = toShape(shape, "np.zeros");
  return new NDArray(zeroedBuffer(sizeOf(s)), s);
}

export function ones(shape: Shape): NDArray {
  if (arguments.length > 1) throw extraShapeArguments("np.ones", arguments);
  const s = toShape(shape, "np.ones");
  return new NDArray(resultBuffer(sizeOf(s)).fill(1), s);
}

export function zeros_like(A: NDArray): NDArray {
  if (arguments.length > 1) throw tooManyArguments("np.zeros_like", arguments.length, 1, "np.zeros_like(A)");
  if (!(A instanceof NDArray)) throw new NpError(`np.zeros_like: expected an NDArray, got ${describeValue(A)}.`);
  return new NDArray(zeroedBuffer(A.size), A.shape);
}

export function ones_like(A: NDArray): NDArray {
  if (arguments.length > 1) throw tooManyArguments("np.ones_like", arguments.length, 1, "np.ones_like(A)");
  if (!(A instanceof NDArray)) throw new NpError(`np.ones_like: expected an NDArray, got ${describeValue(A)}.`);
  return new NDArray(resultBuffer(A.size).fill(1), A.shape);
}

/** 0, 1, ..., n-1 (or start, start+step, ... below stop) as a 1-D array. */
export function arange(start: number, stop?: number, step = 1): NDArray {
  if (arguments.length > 3) throw tooManyArguments("np.arange", arguments.length, 3, "np.arange(stop) or np.arange(start, stop, step)");
  if (stop === undefined) {
    stop = start;
    start = 0;
  }
  for (const v of [start, stop, step]) {
    if (typeof v !== "number" || !Number.isFinite(v)) throw new NpError(`np.arange: arguments must be finite numbers, got ${describeValue(v)}.`);
  }
  if (step === 0) throw new NpError("np.arange: step must not be 0.");
  const n = Math.max(0, Math.ceil((stop - start) / step));
  const out = resultBuffer(n);
  for (let i = 0; i < n; i++) out[i] = start + i * step;
  return new NDArray(out, [n]);
}
