// Printing: repr (toString, util.inspect) and str (toPrintString) identical to numpy's defaults,
// for the catalog in printing.json (zeros, ±0, 1×1, ties, tiny and huge magnitudes, nan/inf,
// wide arrays that wrap, summarized arrays over 1000 elements, bools, empty arrays).
import { inspect } from "node:util";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { np } from "../lib/np/index.ts";
import type { EncArray } from "./fixtures/np/golden.ts";
import { arr, load } from "./fixtures/np/golden.ts";

const golden = load<{ cases: { a: EncArray; repr: string; str: string }[] }>("printing.json");

test(`repr matches numpy for ${golden.cases.length} arrays`, () => {
  for (const c of golden.cases) {
    const A = arr(c.a);
    assert.is(String(A), c.repr, `repr of ${c.repr.slice(0, 60)}`);
    assert.is(np.array_repr(A), c.repr);
  }
});

test(`str (print) matches numpy for ${golden.cases.length} arrays`, () => {
  for (const c of golden.cases) {
    const A = arr(c.a);
    assert.is(A.toPrintString(), c.str, `str of ${c.repr.slice(0, 60)}`);
    assert.is(np.array_str(A), c.str);
  }
});

test("console.log / util.inspect show the repr", () => {
  const A = np.array([[1, 2.5]]);
  assert.is(inspect(A), "array([[1. , 2.5]])");
  assert.is(inspect({ A }), "{ A: array([[1. , 2.5]]) }");
});

test("transposed views print their own layout", () => {
  const A = np.array([[1, 2, 3], [4, 5, 6]]);
  assert.is(String(A.T), "array([[1., 4.],\n       [2., 5.],\n       [3., 6.]])");
});

test("argmax results print as integers", () => {
  assert.is(String(np.argmax(np.array([[1, 9, 3], [7, 0, 2]]), { axis: 1 })), "array([1, 0])");
  assert.is(String(np.argmax(np.array([[1, 9, 3], [7, 0, 2], [0, 0, 0], [0, 0, 0], [0, 0, 0], [0, 0, 0], [0, 0, 0], [0, 0, 0], [0, 0, 0], [0, 0, 0], [0, 0, 0]]), { axis: 0 })), "array([1, 0, 0])");
});

test("formatScalar prints like Python's float repr", () => {
  assert.is(np.formatScalar(0.1 + 0.2), "0.30000000000000004");
  assert.is(np.formatScalar(1), "1.0");
  assert.is(np.formatScalar(-2.5e-7), "-2.5e-07");
  assert.is(np.formatScalar(1e16), "1e+16");
  assert.is(np.formatScalar(NaN), "nan");
});

test.run();
