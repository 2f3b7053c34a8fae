// Misuse raises a named error (NpError, or ShapeError for shapes that do not fit) whose message
// says what was given, what was expected and what to do; and no operation mutates its inputs.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { np, NDArray, NpError, RandomState, ShapeError } from "../lib/np/index.ts";

/** Asserts that f throws an error of class E whose message matches every pattern. */
function throwsWith(f: () => unknown, E: abstract new (...args: never[]) => Error, ...patterns: (RegExp | string)[]): Error {
  try {
    f();
  } catch (e) {
    assert.instance(e, E);
    const msg = (e as Error).message;
    for (const p of patterns) {
      if (typeof p === "string" ? !msg.includes(p) : !p.test(msg)) assert.unreachable(`message lacks ${p}:\n${msg}`);
    }
    return e as Error;
  }
  assert.unreachable(`expected a thrown ${E.name}`);
  throw new Error("unreachable");
}

const any = <T>(x: unknown) => x as T;

test("np.array: ragged rows, non-numbers, too deep, wrong types", () => {
  throwsWith(() => np.array([[1, 2], [3]]), NpError, "row 0 has 2 elements but row 1 has 1", "rectangular");
  throwsWith(() => np.array([[1, 2], [3, 4, 5]]), NpError, "row 1 has 3");
  throwsWith(() => np.array(any([1, undefined, 3])), NpError, "index 1", "undefined");
  throwsWith(() => np.array(any([[1, "2"]])), NpError, "row 0, column 1", 'a string ("2")');
  throwsWith(() => np.array(any([[[1, 2]]])), NpError, "too deep", "2-D");
  throwsWith(() => np.array(any([1, [2]])), NpError, "element 1 is an array");
  throwsWith(() => np.array(any([[1], 2])), NpError, "row 1 is 2");
  throwsWith(() => np.array(any("abc")), NpError, 'a string ("abc")');
  throwsWith(() => np.array(any(undefined)), NpError, "undefined");
  throwsWith(() => np.array(any({ a: 1 })), NpError, "an object");
  assert.equal(np.array(any([true, false])).tolist(), [1, 0]);
});

test("shapes: negative, fractional, 3-D, wrong type", () => {
  throwsWith(() => np.zeros(-1), NpError, "non-negative integer", "-1");
  throwsWith(() => np.ones([2.5, 1]), NpError, "2.5");
  throwsWith(() => np.zeros([2, 3, 4]), NpError, "(2,3,4)", "3 dimensions", "1-D (n,) or 2-D");
  throwsWith(() => np.full(any("3"), 1), NpError, 'a string ("3")');
  throwsWith(() => np.full([2], any("x")), NpError, "fill value");
  throwsWith(() => np.zeros([]), NpError, "0 dimensions");
  throwsWith(() => new NDArray(new Float64Array(5), [2, 3]), ShapeError, "size 5", "(2,3)");
});

test("reshape: size mismatch names both shapes; -1 fills in", () => {
  const A = np.ones([3, 4]);
  const e = throwsWith(() => A.reshape(5, 2), ShapeError, "cannot reshape array of size 12 into shape (5,2)", "(3,4)") as ShapeError;
  assert.equal(e.shapes, [[3, 4], [5, 2]]);
  assert.is(e.op, "reshape");
  throwsWith(() => np.reshape(A, [5, -1]), ShapeError, "(5,-1)", "not a multiple");
  throwsWith(() => np.reshape(A, [2, 2, 3]), NpError, "3 dimensions");
  assert.equal(A.reshape(-1, 1).shape, [12, 1]);
  assert.equal(np.reshape(A, 12).shape, [12]);
  assert.equal(A.reshape([2, 6]).shape, [2, 6]);
});

test("broadcasting errors carry op, both shapes and an explanation", () => {
  const pairs: [number[], number[]][] = [
    [[4, 3], [3, 4]],
    [[3, 4], [3]],
    [[3, 1], [4, 2]],
    [[5], [3]],
    [[2, 3], [3, 2]],
  ];
  for (const [sa, sb] of pairs) {
    const a = np.ones(sa);
    const b = np.ones(sb);
    const fmt = (s: number[]) => (s.length === 1 ? `(${s[0]},)` : `(${s.join(",")})`);
    for (const op of ["add", "subtract", "multiply", "divide", "maximum", "minimum", "power", "greater", "equal"] as const) {
      const err = throwsWith(
        () => (np[op] as (x: NDArray, y: NDArray) => NDArray)(a, b),
        ShapeError,
        `np.${op}: operands could not be broadcast together with shapes ${fmt(sa)} ${fmt(sb)}`,
        "equal or 1",
      ) as ShapeError;
      assert.equal(err.shapes, [sa, sb]);
      assert.is(err.op, `np.${op}`);
    }
  }
});

test("non-arrays given to operations", () => {
  throwsWith(() => np.add(any([1, 2]), 1), NpError, "np.add", "an array of length 2", "np.array");
  throwsWith(() => np.multiply(np.ones(2), any(undefined)), NpError, "second operand", "undefined", "forget to return");
  throwsWith(() => np.exp(any("x")), NpError, "np.exp", 'a string ("x")');
  throwsWith(() => np.sum(any(null)), NpError, "np.sum", "null");
  throwsWith(() => np.squeeze(any("3")), NpError, "np.squeeze");
  throwsWith(() => np.zeros_like(any([1])), NpError, "np.zeros_like");
  throwsWith(() => np.where(any(undefined), 1, 0), NpError, "np.where", "condition");
});

test("indexing and item", () => {
  const A = np.array([[1, 2, 3], [4, 5, 6]]);
  assert.is(A.get(1, 2), 6);
  assert.is(A.get(-1, -1), 6);
  assert.is(A.T.get(2, 1), 6);
  assert.is(np.array([7, 8]).get(-1), 8);
  throwsWith(() => A.get(2, 0), NpError, "index 2 is out of bounds for axis 0 with size 2", "(2,3)");
  throwsWith(() => A.get(0, 3), NpError, "axis 1 with size 3");
  throwsWith(() => A.get(0), NpError, "needs two indices");
  throwsWith(() => np.ones(3).get(0, 0), NpError, "too many indices");
  throwsWith(() => A.get(0.5, 0), NpError, "not an integer");
  throwsWith(() => A.item(), NpError, "size 1", "(2,3)");
  assert.is(np.full([1, 1], 4).item(), 4);
});

test("squeeze, transpose, tolist, copy", () => {
  assert.is(np.squeeze(np.full([1, 1], 3)), 3);
  assert.equal((np.squeeze(np.ones([1, 4])) as NDArray).shape, [4]);
  assert.equal((np.squeeze(np.ones([4, 1])) as NDArray).shape, [4]);
  assert.equal((np.squeeze(np.ones([2, 3])) as NDArray).shape, [2, 3]);
  assert.is(np.squeeze(np.ones([1])), 1);
  assert.is(np.squeeze(3), 3); // numpy's squeeze of a number is a 0-d array: a number here
  const A = np.array([[1, 2, 3], [4, 5, 6]]);
  assert.equal(np.transpose(A).tolist(), [[1, 4], [2, 5], [3, 6]]);
  assert.equal(A.T.T.tolist(), A.tolist());
  assert.ok(np.ones(3).T.shape.length === 1);
  const C = A.copy();
  C.data[0] = 99;
  assert.is(A.get(0, 0), 1);
  const V = A.T;
  V.data[0] = 42; // materializes a private copy; A is untouched
  assert.is(A.get(0, 0), 1);
  assert.throws(() => any<{ push: (n: number) => void }>(A.shape).push(1));
});

test("no operation mutates its inputs", () => {
  np.random.seed(9);
  const A = np.random.randn(3, 4);
  const B = np.random.randn(3, 4);
  const col = np.random.randn(3, 1);
  const row = np.random.randn(4);
  const W = np.random.randn(4, 3);
  const inputs = [A, B, col, row, W];
  const saved = inputs.map((x) => x.data.slice());
  const ops: [string, () => unknown][] = [
    ["array", () => np.array(A)],
    ["zeros_like", () => np.zeros_like(A)],
    ["ones_like", () => np.ones_like(A)],
    ...(["add", "subtract", "multiply", "divide", "maximum", "minimum", "power", "greater", "greater_equal", "less", "less_equal", "equal", "not_equal"] as const).flatMap(
      (op): [string, () => unknown][] => [
        [op, () => (np[op] as (x: unknown, y: unknown) => unknown)(A, B)],
        [`${op} col`, () => (np[op] as (x: unknown, y: unknown) => unknown)(col, A)],
        [`${op} row`, () => (np[op] as (x: unknown, y: unknown) => unknown)(A, row)],
        [`${op} number`, () => (np[op] as (x: unknown, y: unknown) => unknown)(2, A)],
      ],
    ),
    ...(["exp", "log", "sqrt", "abs", "tanh", "square", "negative", "sign"] as const).map((op): [string, () => unknown] => [op, () => np[op](A)]),
    ...(["sum", "mean", "max", "min", "argmax", "argmin"] as const).flatMap((op): [string, () => unknown][] => [
      [op, () => np[op](A)],
      [`${op} axis 0`, () => np[op](A, { axis: 0 })],
      [`${op} axis 1`, () => np[op](A, { axis: 1, keepdims: true })],
    ]),
    ["where", () => np.where(np.greater(A, 0), A, B)],
    ["dot", () => np.dot(A, W)],
    ["dot T", () => np.dot(W.T, A.T)],
    ["dot vec", () => np.dot(A, row)],
    ["squeeze", () => np.squeeze(col)],
    ["reshape", () => np.reshape(A, [4, 3])],
    ["method reshape", () => A.reshape(2, 6)],
    ["transpose", () => np.transpose(A).data],
    ["T data", () => A.T.data],
    ["isclose", () => np.isclose(A, B)],
    ["allclose", () => np.allclose(A, B)],
    ["norm", () => np.linalg.norm(A)],
    ["repr", () => String(A)],
    ["str", () => A.toPrintString()],
    ["tolist", () => A.tolist()],
    ["copy", () => A.copy()],
    ["methods", () => [A.sum(), A.mean({ axis: 0 }), A.dot(W), A.max(), A.min({ axis: 1 })]],
  ];
  for (const [name, f] of ops) {
    const out = f();
    inputs.forEach((x, k) => assert.equal(x.data, saved[k], `${name} mutated input ${k}`));
    if (out instanceof NDArray) assert.ok(!inputs.some((x) => x.data === out.data), `${name} returned an input's buffer`);
  }
});

test("np.linalg.norm is the Frobenius norm", () => {
  assert.is(np.linalg.norm(np.array([[3, 4]])), 5);
  assert.is(np.linalg.norm(np.array([3, 4])), 5);
  assert.is(np.linalg.norm(np.zeros([2, 2])), 0);
  assert.ok(Math.abs(np.linalg.norm(np.full([10, 10], 1e200)) - 1e201) < 1e187);
});

test("creation helpers", () => {
  assert.equal(np.zeros(3).shape, [3]);
  assert.equal(np.zeros([3, 1]).shape, [3, 1]);
  assert.equal(np.full([2, 2], 7).tolist(), [[7, 7], [7, 7]]);
  assert.equal(np.ones_like(np.zeros([2, 5])).shape, [2, 5]);
  assert.equal(np.arange(4).tolist(), [0, 1, 2, 3]);
  assert.equal(np.arange(1, 2, 0.25).tolist(), [1, 1.25, 1.5, 1.75]);
  assert.equal(np.array(np.ones([2, 2])).shape, [2, 2]);
  assert.equal(np.array(2.5).tolist(), [2.5]);
  assert.ok(np.isNDArray(np.ones(1)) && !np.isNDArray([1]));
  assert.ok(new RandomState(1).rand(2).shape[0] === 2);
});

test.run();
