// The element-wise loops' fast paths (lib/np/elementwise.ts: same shape, number with array, array
// with a column or a row, the general strided loop; np.where's whole-operand loops) against the
// operations' own definitions on numbers, element by element and bit for bit (Object.is: -0 is
// not +0, NaN is NaN), on values that make branch-free code go wrong: NaN, ±Infinity, ±0, huge
// and tiny numbers; row lengths that leave every remainder of the four-way unrolling.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { np, NDArray } from "../lib/np/index.ts";
import { expFdlibm } from "../lib/np/exp-fdlibm.ts";

const SPECIAL = [NaN, Infinity, -Infinity, 0, -0, 1, -1, 0.5, -2.5, 1e308, -1e308, 5e-324, -5e-324, 3, 3];

/** An (r, c) array cycling through the special values, shifted by `s` so operands pair up differently; c = 0: a 1-D (r,). */
function special(r: number, c: number, s: number): NDArray {
  const d = new Float64Array(c === 0 ? r : r * c);
  for (let i = 0; i < d.length; i++) d[i] = SPECIAL[(i * 7 + s) % SPECIAL.length]!;
  return new NDArray(d, c === 0 ? [r] : [r, c]);
}

const at = (X: NDArray | number, i: number, j: number): number => {
  if (typeof X === "number") return X;
  if (X.shape.length === 1) return X.get(j);
  return X.get(X.shape[0] === 1 ? 0 : i, X.shape[1] === 1 ? 0 : j);
};

function same(got: number, want: number, label: string): void {
  if (!Object.is(got, want)) assert.unreachable(`${label}: got ${Object.is(got, -0) ? "-0" : got}, the definition gives ${Object.is(want, -0) ? "-0" : want}`);
}

const BINARY = ["add", "subtract", "multiply", "divide", "maximum", "minimum", "power", "greater", "greater_equal", "less", "less_equal", "equal", "not_equal"] as const;
type Fn = (a: NDArray | number, b: NDArray | number) => NDArray | number;

test("every binary op, every fast path, agrees bit for bit with its definition on special values", () => {
  for (const C of [1, 3, 4, 5, 6, 7, 9]) {
    const R = 5;
    const layouts: [string, NDArray | number, NDArray | number][] = [
      ["same shape", special(R, C, 0), special(R, C, 3)],
      ["array, number", special(R, C, 1), 0],
      ["array, -0", special(R, C, 1), -0],
      ["number, array", 0, special(R, C, 2)],
      ["-0, array", -0, special(R, C, 2)],
      ["NaN, array", NaN, special(R, C, 5)],
      ["array, -Infinity", special(R, C, 4), -Infinity],
      ["array, column", special(R, C, 5), special(R, 1, 6)],
      ["column, array", special(R, 1, 7), special(R, C, 8)],
      ["array, row", special(R, C, 9), special(1, C, 10)],
      ["row, array", special(1, C, 11), special(R, C, 12)],
      ["array, 1-D row", special(R, C, 13), special(C, 0, 14)],
      ["column, row", special(R, 1, 2), special(1, C, 4)],
      ["transposed view, array", special(C, R, 6).T, special(R, C, 1)],
    ];
    for (const name of BINARY) {
      const f = (np as unknown as Record<string, Fn>)[name]!;
      for (const [layout, a, b] of layouts) {
        const out = f(a, b) as NDArray;
        const [r, c] = out.shape as [number, number];
        for (let i = 0; i < r; i++) {
          for (let j = 0; j < c; j++) {
            same(out.get(i, j), f(at(a, i, j), at(b, i, j)) as number, `np.${name} (${layout}, ${R}×${C}) at (${i}, ${j})`);
          }
        }
      }
    }
  }
});

test("np.where: whole operands and numbers, conditions NaN, ±0, nonzero, agree with c !== 0 ? x : y", () => {
  for (const n of [1, 2, 3, 4, 5, 8, 11]) {
    const cond = special(3, n, 4); // holds NaN, ±0, ±Infinity, ...
    const X = special(3, n, 1);
    const Y = special(3, n, 2);
    const cases: [string, NDArray | number, NDArray | number, NDArray | number][] = [
      ["all arrays", cond, X, Y],
      ["x a number", cond, 0, Y],
      ["y a number", cond, X, -0],
      ["both numbers", cond, 1, 0],
      ["cond a number (0)", 0, X, Y],
      ["cond a number (NaN)", NaN, X, Y],
      ["cond (1,1)", special(1, 1, 4), X, Y],
      ["x (1,1)", cond, special(1, 1, 0), Y],
      ["1-D cond, row-shaped x", special(n, 0, 3), special(1, n, 5), 7],
      ["column cond (broadcast)", special(3, 1, 3), X, Y],
      ["row x (broadcast)", cond, special(1, n, 6), Y],
      ["transposed view", special(n, 3, 4).T, X, Y],
    ];
    for (const [label, c, x, y] of cases) {
      const out = np.where(c, x, y);
      const [r, w] = out.shape.length === 1 ? [1, out.shape[0]!] : (out.shape as [number, number]);
      for (let i = 0; i < r; i++) {
        for (let j = 0; j < w; j++) {
          const got = out.shape.length === 1 ? out.get(j) : out.get(i, j);
          same(got, at(c, i, j) !== 0 ? at(x, i, j) : at(y, i, j), `np.where ${label} (n = ${n}) at (${i}, ${j})`);
        }
      }
    }
  }
});

test("unary ops, unrolled, agree with their definitions on special values and every remainder", () => {
  const defs: Record<string, (x: number) => number> = {
    exp: Math.exp,
    log: Math.log,
    sqrt: Math.sqrt,
    abs: Math.abs,
    tanh: Math.tanh,
    square: (x) => x * x,
    negative: (x) => -x,
    sign: (x) => (x > 0 ? 1 : x < 0 ? -1 : x === 0 ? 0 : NaN),
  };
  for (const n of [1, 2, 3, 4, 5, 6, 7, 9, 1030]) {
    const A = special(1, n, 3);
    for (const [name, def] of Object.entries(defs)) {
      const out = (np as unknown as Record<string, (a: NDArray) => NDArray>)[name]!(A);
      for (let j = 0; j < n; j++) same(out.get(0, j), def(A.get(0, j)), `np.${name} (n = ${n}) at ${j}`);
    }
  }
});

test("large results (past the uninitialized-buffer threshold) are written in full", () => {
  const n = 5000;
  const A = new NDArray(Float64Array.from({ length: n }, (_, i) => (i % 3) - 1), [1, n]);
  const checks: [NDArray, (x: number) => number][] = [
    [np.maximum(0, A), (x) => (x > 0 ? x : 0)],
    [np.less_equal(A, 0), (x) => (x <= 0 ? 1 : 0)],
    [np.where(np.less_equal(A, 0), 0, A), (x) => (x <= 0 ? 0 : x)],
    [np.exp(A), Math.exp],
    [np.add(A, 1), (x) => x + 1],
  ];
  for (const [out, f] of checks) for (let j = 0; j < n; j++) same(out.get(0, j), f(A.get(0, j)), `element ${j}`);
  // Dtypes are unchanged by the fast paths.
  assert.is(np.less_equal(A, 0).dtype, "bool");
  assert.is(np.where(np.less_equal(A, 0), 0, A).dtype, "float64");
  assert.is(np.maximum(0, A).dtype, "float64");
});

test("np.exp's inlined fdlibm exp is Math.exp bit for bit: every range, random bit patterns, the case boundaries", () => {
  let seed = 99;
  const rnd = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0), seed / 2 ** 32);
  const words = new Uint32Array(2);
  const asDouble = new Float64Array(words.buffer);
  const xs: number[] = [1, -1, 2, -2, 0.5, 10, -10, 100, 0, -0, NaN, -NaN, Infinity, -Infinity, 2 ** -28, -(2 ** -28), 2 ** -29, 708, -708, 709.78, 709.79, -745.1, -745.2, 1e-300, 5e-324, -5e-324];
  for (const b of [0.5 * Math.LN2, 1.5 * Math.LN2, 0.3465, 0.3467, 1.0397, 708, 2 ** -28]) {
    for (let d = -40; d <= 40; d++) {
      const v = b + d * b * 2 ** -52;
      xs.push(v, -v);
    }
  }
  for (let i = 0; i < 60_000; i++) {
    xs.push((rnd() - 0.5) * 8, (rnd() - 0.5) * 1500, (rnd() - 0.5) * 1e-7, 0.3462 + rnd() * 0.0008, -(0.3462 + rnd() * 0.0008));
    words[0] = (rnd() * 2 ** 32) >>> 0;
    words[1] = (rnd() * 2 ** 32) >>> 0;
    xs.push(asDouble[0]!);
  }
  for (let i = -2000; i <= 2000; i++) xs.push(i / 4); // integers, halves and quarters: exact inputs
  const A = new NDArray(Float64Array.from(xs), [xs.length]);
  const out = np.exp(A);
  for (let i = 0; i < xs.length; i++) {
    const want = Math.exp(xs[i]!);
    if (!Object.is(out.data[i], want) || !Object.is(expFdlibm(xs[i]!), want)) assert.unreachable(`exp(${xs[i]}) = ${out.data[i]}, Math.exp gives ${want}`);
  }
});

test("small results cut from a shared slab never overlap: each keeps its own values", () => {
  const made: [NDArray, number][] = [];
  for (let i = 0; i < 400; i++) {
    const n = 1 + ((i * 13) % 80); // on-heap, slab and plain sizes, in a mixed order
    const A = np.add(np.zeros([n, 1]), i);
    made.push([A, i]);
    A.data[0] = -i; // a learner writing into a result touches only that result
  }
  for (const [A, i] of made) {
    assert.is(A.data[0], -i);
    for (let k = 1; k < A.size; k++) assert.is(A.data[k], i);
    assert.is(A.data.length, A.size);
  }
});

test.run();
