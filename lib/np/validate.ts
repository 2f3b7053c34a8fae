// Argument checks and teaching messages for the ways numpy code goes wrong in TypeScript: JS
// operators on arrays (`Z / m`, `np.dot(W, A) + b`, `AL > 0.5`), Math.* on arrays, Python's
// tuples and keyword arguments (`np.zeros(n, 1)`, `{ keepdim: true }`), extra arguments, and shapes
// that do not fit. Each check is small and runs at an API entry point; none allocates unless it
// throws, so they cost nothing measurable in a training loop.
import { NpError, ShapeError, describeValue, shapeStr } from "./errors.ts";

/** Where a numpy user finds every idiom of the course side by side with its lib/np spelling. */
export const CHEATSHEET = "lib/np/CHEATSHEET.md";
const SEE = `\nnumpy → lib/np, side by side: ${CHEATSHEET}`;

// ---------------------------------------------------------------------------------------------
// JS operators and Math.* on arrays (NDArray's Symbol.toPrimitive calls coercionError).

/** What to use instead of a Math function given an array. */
const MATH_FIX: Record<string, string> = {
  max: "use np.maximum(0, Z) to compare element by element (ReLU), or np.max(Z) for the largest element",
  min: "use np.minimum(a, b) to compare element by element, or np.min(Z) for the smallest element",
  exp: "use np.exp(Z)",
  log: "use np.log(A)",
  sqrt: "use np.sqrt(A)",
  abs: "use np.abs(A)",
  tanh: "use np.tanh(Z)",
  pow: "use np.power(A, p), or np.square(A)",
  sign: "use np.sign(A)",
};

/** The built-in function (Math.max, Number, isNaN, …) that tried to turn an array into a number, if the stack shows it. */
function builtinCaller(): string | undefined {
  const stack = new Error().stack;
  if (typeof stack !== "string") return undefined;
  // V8 lists built-ins as "at Math.max (<anonymous>)" right above the caller's own frame.
  const lines = stack.split("\n");
  for (let i = 1; i < lines.length && i < 8; i++) {
    const line = lines[i]!;
    if (line.includes("toPrimitive") || line.includes("builtinCaller") || line.includes("coercionError")) continue;
    const m = /^\s*at ([A-Za-z_$][\w$.]*) \((?:<anonymous>|native)\)\s*$/.exec(line);
    return m ? m[1] : undefined;
  }
  return undefined;
}

const OPERATORS_NUMBER =
  "JavaScript would turn the array into NaN. Write the operator as its np function:\n" +
  "  a - b → np.subtract(a, b)      a * b  → np.multiply(a, b)\n" +
  "  a / b → np.divide(a, b)        a ** 2 → np.power(a, 2)\n" +
  "  -a    → np.negative(a)         1 / m * A → np.multiply(1 / m, A)\n" +
  "  a > b → np.greater(a, b)       a >= b → np.greater_equal(a, b)\n" +
  "  a < b → np.less(a, b)          a <= b → np.less_equal(a, b)   (1/0 arrays)";

/**
 * The error for an NDArray used where JavaScript wants a primitive. `hint` is the one the runtime
 * passed to Symbol.toPrimitive: "number" for arithmetic, comparisons and Math.*, "default" for
 * `+` and `==`. ("string", for templates and String(A), prints the array and never gets here.)
 */
export function coercionError(hint: string, shape: readonly number[]): NpError {
  const what = `an array of shape ${shapeStr(shape)}`;
  if (hint === "default") {
    return new NpError(
      `arrays do not support \`+\` in TypeScript: use np.add(a, b) (for Z = np.dot(W, A) + b: np.add(np.dot(W, A), b)).\n` +
        `JavaScript would turn both operands into text and glue them together. \`==\` on arrays is refused too (it would compare their text): ` +
        `np.equal(a, b) compares element by element, np.allclose(a, b) says whether all are close.\n` +
        `To print ${what} next to text, use a template literal (\`Z = \${Z}\`) or console.log("Z =", Z).` +
        SEE,
    );
  }
  const caller = builtinCaller();
  if (caller !== undefined && caller.startsWith("Math.")) {
    const name = caller.slice(5);
    const fix = MATH_FIX[name];
    return new NpError(
      `${caller} works on plain numbers, not on ${what}: ` +
        (fix !== undefined ? `${fix}.` : `lib/np has no np.${name}; take one element first (A.get(i, j), np.item(A)) or use the np functions.`) +
        `\nnp functions work element by element on whole arrays, like numpy's.` +
        SEE,
    );
  }
  if (caller === "Number" || caller === "parseFloat" || caller === "parseInt") {
    return new NpError(
      `${caller}() cannot turn ${what} into a number. For a size-1 array (a cost of shape (1, 1)) use np.item(A) ` +
        `(numpy's float(A) or A.item()); np.sum(A) without an axis is already a number.` +
        SEE,
    );
  }
  return new NpError(`arrays do not support arithmetic or comparison operators in TypeScript (here: ${what}).\n` + OPERATORS_NUMBER + SEE);
}

// ---------------------------------------------------------------------------------------------
// Arguments: how many, option objects, booleans and numbers.

/** `op` was called with `got` arguments but takes at most `max`; `call` is the right call. */
export function tooManyArguments(op: string, got: number, max: number, call: string, why = ""): NpError {
  const takes = max === 1 ? "one argument" : `${max} arguments`;
  return new NpError(`${op} takes ${takes}, got ${got}: write ${call}.${why ? "\n" + why : ""}` + SEE);
}

/** A shape given as separate numbers (`np.zeros(n, 1)`, numpy's `np.zeros((n, 1))`). */
export function shapeAsArguments(op: string, args: ArrayLike<unknown>): NpError {
  const dims = `${String(args[0])}, ${String(args[1])}`;
  return new NpError(
    `${op} takes the shape as ONE argument, an array: ${op}([${dims}]), not ${op}(${dims}).\n` +
      `numpy writes the shape as a tuple, ${op}((n, 1)); in TypeScript (n, 1) is the comma operator and means just 1, ` +
      `so ${op}((n, 1)) quietly makes a 1-D array of shape (1,). Use square brackets: ${op}([n, 1]).` +
      SEE,
  );
}

/** Throws unless `opts` is undefined or an object whose keys are all in `allowed`. */
export function checkOptionKeys(op: string, opts: unknown, allowed: readonly string[], example: string): void {
  if (opts === undefined) return;
  if (typeof opts !== "object" || opts === null || Array.isArray(opts)) {
    throw new NpError(`${op}: options must be an object like ${example}, got ${describeValue(opts)}.` + SEE);
  }
  for (const key in opts as object) {
    if (!allowed.includes(key)) {
      const near = nearest(key, allowed);
      throw new NpError(
        `${op}: unknown option \`${key}\`${near ? ` (did you mean \`${near}\`?)` : ""}; the options are ${allowed.map((k) => `\`${k}\``).join(" and ")}, as in ${example}.` +
          SEE,
      );
    }
  }
}

/** The allowed key a misspelt one most likely meant: same letters ignoring case and `_`, or a prefix. */
function nearest(key: string, allowed: readonly string[]): string | undefined {
  const norm = (s: string) => s.toLowerCase().replace(/_/g, "");
  const k = norm(key);
  return allowed.find((a) => {
    const n = norm(a);
    return n === k || (k.length >= 3 && (n.startsWith(k) || k.startsWith(n)));
  });
}

const REDUCE_KEYS = ["axis", "keepdims"] as const;

/**
 * Checks the second argument of np.sum/mean/max/min/argmax/argmin: `{ axis?, keepdims? }`.
 * Catches Python's positional axis (`np.sum(A, 1)`), unknown keys (`keepdim`), and values of
 * the wrong type (`keepdims: 1`, `axis: true`).
 */
export function checkReduceOptions(op: string, opts: unknown, nargs: number): void {
  if (nargs > 2) {
    throw tooManyArguments(op, nargs, 2, `${op}(A, { axis: 1, keepdims: true })`, "The axis and keepdims go into one options object; numpy's other arguments (dtype, out) do not exist here.");
  }
  if (opts === undefined) return;
  if (typeof opts === "number") {
    throw new NpError(
      `${op}: the axis goes into an options object: ${op}(A, { axis: ${opts} }) (numpy's ${op}(A, ${opts}) or ${op}(A, axis=${opts})).\n` +
        `Add keepdims: true to keep the summed axis as a 1: ${op}(A, { axis: ${opts}, keepdims: true }).` +
        SEE,
    );
  }
  checkOptionKeys(op, opts, REDUCE_KEYS, "{ axis: 1, keepdims: true }");
  const { axis, keepdims } = opts as { axis?: unknown; keepdims?: unknown };
  if (keepdims !== undefined && typeof keepdims !== "boolean") {
    throw new NpError(`${op}: keepdims must be true or false, got ${describeValue(keepdims)}: ${op}(A, { axis: 1, keepdims: true }).` + SEE);
  }
  if (axis !== undefined && axis !== null && typeof axis !== "number") {
    throw new NpError(
      `${op}: axis must be a number, 0 (down the rows) or 1 (across the columns), got ${describeValue(axis)}.` +
        (Array.isArray(axis) ? " To reduce over every element, leave the axis out." : "") +
        SEE,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Shapes that do not fit: messages that match the operation.

function dimsText(a: readonly number[], b: readonly number[]): string {
  // Align from the right, as numpy does, and name the dimensions that clash.
  const n = Math.max(a.length, b.length);
  const bad: string[] = [];
  for (let k = 1; k <= n; k++) {
    const x = a[a.length - k];
    const y = b[b.length - k];
    if (x !== undefined && y !== undefined && x !== y && x !== 1 && y !== 1) {
      bad.push(`${n - k === n - 1 ? "last" : "first"} dimension ${x} vs ${y}`);
    }
  }
  return bad.reverse().join(", ");
}

const isColumn = (s: readonly number[]) => s.length === 2 && s[1] === 1 && s[0] !== 1;

/** Shapes that do not broadcast, with a next step that fits `op` (np.add, np.multiply, …). */
export function broadcastError(op: string, shapes: readonly (readonly number[])[]): ShapeError {
  const [a, b] = [shapes[0]!, shapes[shapes.length - 1]!];
  let clash = "";
  for (let i = 0; i < shapes.length && !clash; i++) {
    for (let j = i + 1; j < shapes.length && !clash; j++) clash = dimsText(shapes[i]!, shapes[j]!);
  }
  let next: string;
  if (op === "np.multiply" && a.length === 2 && b.length === 2) {
    next =
      "np.multiply is the element-wise product (numpy's *): both arrays need the same shape, or 1s where one is stretched. " +
      (a[1] === b[0]
        ? `For the matrix product W·A (numpy's np.dot(W, A) or W @ A) use np.dot: np.dot of ${shapeStr(a)} and ${shapeStr(b)} gives ${shapeStr([a[0]!, b[1]!])}.`
        : "For a matrix product (numpy's np.dot or @) use np.dot.");
  } else if (a.length === 1 || b.length === 1) {
    next = "A 1-D (n,) array counts as a row (1, n); use keepdims: true or reshape(n, 1) for a column.";
  } else if (op === "np.add" && shapes.some(isColumn)) {
    next = "A bias b[l] of shape (n[l], 1) stretches across the m columns of W·A (n[l], m): its rows must equal W·A's rows.";
  } else {
    next = "Print the shapes (console.log(A.shape)) and compare them with the lecture's: which one is not what it should be?";
  }
  return new ShapeError(
    op,
    shapes,
    `${op}: operands could not be broadcast together with shapes ${shapes.map(shapeStr).join(" ")}\n` +
      `Compared from the right, each dimension must be equal or 1 (a 1 is stretched to fit); here the ${clash} differ. ` +
      next,
  );
}

/**
 * np.dot's "not aligned" error. It says which rearrangement would fit (operands swapped, one or
 * both transposed) only when one does; otherwise that one of the arrays has the wrong shape.
 */
export function notAligned(a: readonly number[], b: readonly number[]): ShapeError {
  const ka = a[a.length - 1]!;
  const kb = b[0]!;
  const head = `np.dot: shapes ${shapeStr(a)} and ${shapeStr(b)} not aligned: ${ka} (dim ${a.length - 1}) != ${kb} (dim 0)\n`;
  const rule =
    `In Z = np.dot(W, A) the columns of W must equal the rows of A: W[l] is (n[l], n[l-1]), A[l-1] is (n[l-1], m), and (r, k)·(k, c) → (r, c). ` +
    `Here the first operand has ${ka} column${ka === 1 ? "" : "s"} but the second has ${kb} row${kb === 1 ? "" : "s"}. ` +
    `(Backward: dW[l] = dZ[l]·A[l-1]ᵀ, dA[l-1] = W[l]ᵀ·dZ[l].)`;
  const fits: string[] = [];
  if (a.length === 2 && b.length === 2) {
    const [r1, c1] = a as [number, number];
    const [r2, c2] = b as [number, number];
    const T = (s: readonly number[]) => shapeStr([s[1]!, s[0]!]);
    if (c2 === r1) fits.push(`the operands swapped, np.dot(second, first): ${shapeStr(b)}·${shapeStr(a)} → ${shapeStr([r2, c1])}`);
    if (r1 === r2) fits.push(`the first transposed, np.dot(first.T, second): ${T(a)}·${shapeStr(b)} → ${shapeStr([c1, c2])}`);
    if (c1 === c2) fits.push(`the second transposed, np.dot(first, second.T): ${shapeStr(a)}·${T(b)} → ${shapeStr([r1, r2])}`);
    if (fits.length === 0 && r1 === c2) fits.push(`both transposed, np.dot(first.T, second.T): ${T(a)}·${T(b)} → ${shapeStr([c1, r2])}`);
  } else if (a.length === 1 && b.length === 2 && b[1] === a[0]) {
    fits.push(`the operands swapped, np.dot(second, first): ${shapeStr(b)}·${shapeStr(a)} → ${shapeStr([b[0]!])}`);
  } else if (a.length === 2 && b.length === 1 && a[0] === b[0]) {
    fits.push(`the operands swapped, np.dot(second, first): ${shapeStr(b)}·${shapeStr(a)} → ${shapeStr([a[1]!])}`);
  }
  const next =
    fits.length > 0
      ? `\nThese would fit — ${fits.join("; ")}. Which one does the formula say?`
      : "\nNo order or transpose of these two makes them fit, so one of them has the wrong shape: print both shapes and compare them with the lecture's.";
  return new ShapeError("np.dot", [a, b], head + rule + next);
}

// ---------------------------------------------------------------------------------------------
// Wrappers that check how many arguments an np function got, around the computing functions.

/** A wrong number of operands for an element-wise or product function of two operands. */
export function operandCount(op: string, got: number): NpError {
  if (got < 2) return new NpError(`${op} takes two operands, got ${got}: ${op}(a, b).` + SEE);
  return new NpError(
    `${op} takes two operands, got ${got}: for three, nest the calls, ${op}(${op}(a, b), c).\n` +
      `(numpy's third argument is \`out\`, an array to write into; lib/np always returns a new array.)` +
      SEE,
  );
}

/** A boolean given as an operand: TypeScript's `x > 0` gives one, where numpy code means an array of 1/0. */
export function booleanOperand(op: string, which: string, value: boolean): NpError {
  return new NpError(
    `${op}: the ${which} operand is a boolean (${value}); lib/np computes with numbers and arrays. ` +
      `For a 0/1 mask compare arrays with np functions (np.greater(Z, 0) is numpy's Z > 0); for a constant write 1 or 0.` +
      SEE,
  );
}

/** `f` (two operands), refusing any other number of arguments and boolean operands. */
export function twoOperands<F extends (a: never, b: never) => unknown>(op: string, f: F): F {
  const g = f as unknown as (a: unknown, b: unknown) => unknown;
  return function (a: unknown, b: unknown) {
    if (arguments.length !== 2) throw operandCount(op, arguments.length);
    if (typeof a === "boolean") throw booleanOperand(op, "first", a);
    if (typeof b === "boolean") throw booleanOperand(op, "second", b);
    return g(a, b);
  } as unknown as F;
}

/** `f` (one array or number), refusing extra arguments. */
export function oneOperand<F extends (a: never) => unknown>(op: string, f: F): F {
  const g = f as unknown as (a: unknown) => unknown;
  return function (a: unknown) {
    if (arguments.length > 1) throw tooManyArguments(op, arguments.length, 1, `${op}(A)`, "It works element by element on the whole array.");
    return g(a);
  } as unknown as F;
}
