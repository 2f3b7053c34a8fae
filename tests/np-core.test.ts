// Smoke tests of lib/np's core API against values printed by numpy 2.x.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { np, NDArray, NpError, ShapeError } from "../lib/np/index.ts";

test("seed(1) randn(2, 3) matches numpy", () => {
  np.random.seed(1);
  const A = np.random.randn(2, 3);
  assert.equal(A.shape, [2, 3]);
  assert.is(A.data[0], 1.6243453636632417);
  assert.is(A.data[1], -0.6117564136500754);
  assert.is(
    String(A),
    "array([[ 1.62434536, -0.61175641, -0.52817175],\n       [-1.07296862,  0.86540763, -2.3015387 ]])",
  );
});

test("repr of simple arrays", () => {
  assert.is(String(np.array([0.5, 0.25])), "array([0.5 , 0.25])");
  assert.is(String(np.zeros([1, 2])), "array([[0., 0.]])");
  assert.is(String(np.array([1, 2])), "array([1., 2.])");
  assert.is(String(np.greater(np.array([[1, -1]]), 0)), "array([[ True, False]])");
});

test("sum with and without keepdims", () => {
  const A = np.array([[1, 2, 3], [4, 5, 6]]);
  assert.is(np.sum(A), 21);
  assert.equal(np.sum(A, { axis: 1, keepdims: true }).shape, [2, 1]);
  assert.equal(np.sum(A, { axis: 1 }).shape, [2]);
  assert.equal(np.sum(A, { axis: 0 }).tolist(), [5, 7, 9]);
  assert.equal(np.mean(A, { axis: -1 }).tolist(), [2, 5]);
});

test("(n,1) + (n,) broadcasts to (n,n) like numpy", () => {
  const b = np.zeros([3, 1]);
  const db = np.ones(3);
  assert.equal(np.subtract(b, np.multiply(0.1, db)).shape, [3, 3]);
});

test("dot and transposed views", () => {
  const A = np.array([[1, 2], [3, 4], [5, 6]]);
  assert.equal(np.dot(A.T, A).tolist(), [[35, 44], [44, 56]]);
  assert.equal(np.dot(A, A.T).tolist(), [[5, 11, 17], [11, 25, 39], [17, 39, 61]]);
  assert.equal(A.T.data, Float64Array.of(1, 3, 5, 2, 4, 6));
});

test("errors", () => {
  assert.throws(() => np.dot(np.ones([3, 2]), np.ones([1, 3])), (e: unknown) => e instanceof ShapeError && /\(3,2\) and \(1,3\) not aligned/.test(e.message));
  assert.throws(() => np.add(np.ones([4, 3]), np.ones([3, 4])), (e: unknown) => e instanceof ShapeError && /\(4,3\) \(3,4\)/.test(e.message));
  assert.throws(() => np.array([[1, 2], [3]]), (e: unknown) => e instanceof NpError && /row 1 has 1/.test(e.message));
  assert.ok(np.ones(2) instanceof NDArray);
});

test.run();
