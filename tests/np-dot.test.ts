// np.dot against numpy (dot.json) and against a naive triple loop for larger shapes, with every
// combination of transposed operands (A.T views), plus its errors.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { np, NDArray, NpError, ShapeError } from "../lib/np/index.ts";
import type { EncArray, Num } from "./fixtures/np/golden.ts";
import { arr, load, num } from "./fixtures/np/golden.ts";

type Golden = {
  cases: { m: number; k: number; n: number; A: EncArray; B: EncArray; C: EncArray }[];
  vec: { A: EncArray; x: EncArray; y: EncArray; Ax: EncArray; yA: EncArray; xx: Num }[];
};
const golden = load<Golden>("dot.json");

/** The same matrix, stored transposed: X.T of a row-major copy of Xᵀ (a lazy view). */
function viaTranspose(X: NDArray): NDArray {
  const Xt = new NDArray(X.T.data.slice(), [X.shape[1]!, X.shape[0]!]);
  const V = Xt.T;
  assert.ok(V._t, "expected a lazy transpose view");
  return V;
}

/** Checks C against `want` within 1e-12 of Σ|a_ik·b_kj| (the scale of each entry's rounding). */
function expectProduct(C: NDArray, want: ArrayLike<number>, A: NDArray, B: NDArray, label: string): void {
  const [m, k] = A.shape as [number, number];
  const n = B.shape[1]!;
  assert.equal(C.shape, [m, n], `${label}: shape`);
  const a = A.copy().data;
  const b = B.copy().data;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let scale = 0;
      for (let p = 0; p < k; p++) scale += Math.abs(a[i * k + p]! * b[p * n + j]!);
      const d = Math.abs(C.data[i * n + j]! - want[i * n + j]!);
      if (d > 1e-12 * scale + 1e-300) assert.unreachable(`${label}: C[${i},${j}] = ${C.data[i * n + j]}, expected ${want[i * n + j]} (scale ${scale})`);
    }
  }
}

test(`np.dot matches numpy on ${golden.cases.length} shapes, with and without transposed operands`, () => {
  for (const c of golden.cases) {
    const A = arr(c.A);
    const B = arr(c.B);
    const want = c.C.data.map(num);
    const label = `(${c.m}x${c.k})·(${c.k}x${c.n})`;
    for (const [X, Y, how] of [
      [A, B, "A·B"],
      [viaTranspose(A), B, "Aᵀᵀ·B"],
      [A, viaTranspose(B), "A·Bᵀᵀ"],
      [viaTranspose(A), viaTranspose(B), "Aᵀᵀ·Bᵀᵀ"],
    ] as const) {
      const before = [X._t, Y._t];
      expectProduct(np.dot(X, Y), want, A, B, `${label} ${how}`);
      assert.equal([X._t, Y._t], before, "np.dot materialized a transposed operand");
    }
    // (A·B)ᵀ = Bᵀ·Aᵀ through the views
    const Ct = np.dot(B.T, A.T);
    expectProduct(Ct.T.copy(), want, A, B, `${label} (Bᵀ·Aᵀ)ᵀ`);
  }
});

function naive(A: NDArray, B: NDArray): Float64Array {
  const [m, k] = A.shape as [number, number];
  const n = B.shape[1]!;
  const a = A.copy().data;
  const b = B.copy().data;
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let p = 0; p < k; p++) for (let j = 0; j < n; j++) c[i * n + j] += a[i * k + p]! * b[p * n + j]!;
  return c;
}

test("large and odd shapes (crossing the block sizes) agree with a naive product", () => {
  np.random.seed(11);
  const shapes: [number, number, number][] = [
    [67, 300, 61],
    [5, 513, 7],
    [1, 600, 1],
    [259, 1, 5],
    [1, 3, 270],
    [130, 257, 3],
    [20, 40, 300],
  ];
  for (const [m, k, n] of shapes) {
    const A = np.random.randn(m, k);
    const B = np.random.randn(k, n);
    const want = naive(A, B);
    expectProduct(np.dot(A, B), want, A, B, `(${m}x${k})·(${k}x${n})`);
    expectProduct(np.dot(viaTranspose(A), B), want, A, B, `Aᵀᵀ (${m}x${k})·(${k}x${n})`);
    expectProduct(np.dot(A, viaTranspose(B)), want, A, B, `Bᵀᵀ (${m}x${k})·(${k}x${n})`);
    expectProduct(np.dot(viaTranspose(A), viaTranspose(B)), want, A, B, `both (${m}x${k})·(${k}x${n})`);
  }
});

test("the course's shapes: W·A, W.T·dZ, dZ·A.T", () => {
  np.random.seed(2);
  const W = np.random.randn(20, 78);
  const A = np.random.randn(78, 33);
  const dZ = np.random.randn(20, 33);
  expectProduct(np.dot(W, A), naive(W, A), W, A, "W·A");
  const Wt = W.T.copy();
  expectProduct(np.dot(W.T, dZ), naive(Wt, dZ), Wt, dZ, "W.T·dZ");
  const At = A.T.copy();
  expectProduct(np.dot(dZ, A.T), naive(dZ, At), dZ, At, "dZ·A.T");
});

test("matrix·vector, vector·matrix, vector·vector, number·array match numpy", () => {
  for (const c of golden.vec) {
    const A = arr(c.A);
    const x = arr(c.x);
    const y = arr(c.y);
    const close = (got: NDArray, want: EncArray) => {
      assert.equal(got.shape, want.shape);
      assert.ok(np.allclose(got, arr(want), { rtol: 1e-12, atol: 1e-14 }), `${got} vs ${arr(want)}`);
    };
    close(np.dot(A, x), c.Ax);
    close(np.dot(viaTranspose(A), x), c.Ax);
    close(np.dot(y, A), c.yA);
    close(np.dot(y, viaTranspose(A)), c.yA);
    close(np.dot(A.T.T, x), c.Ax);
    const xx = np.dot(x, x) as unknown as number;
    assert.type(xx, "number");
    assert.ok(Math.abs(xx - num(c.xx)) <= 1e-12 * Math.abs(num(c.xx)));
  }
  assert.equal(np.dot(2, np.array([[1, 2]])).tolist(), [[2, 4]]);
  assert.equal(np.dot(np.array([1, 2]), 3).tolist(), [3, 6]);
  assert.is(np.dot(2, 3), 6);
  assert.ok(np.matmul === np.dot);
  assert.equal(np.array([[1, 2]]).dot(np.array([[3], [4]])).tolist(), [[11]]);
});

test("misaligned shapes raise ShapeError with numpy's wording and both shapes", () => {
  const cases: [NDArray, NDArray, string][] = [
    [np.ones([3, 2]), np.ones([1, 3]), "np.dot: shapes (3,2) and (1,3) not aligned: 2 (dim 1) != 1 (dim 0)"],
    [np.ones([3, 2]), np.ones([3]), "np.dot: shapes (3,2) and (3,) not aligned: 2 (dim 1) != 3 (dim 0)"],
    [np.ones([4]), np.ones([3, 5]), "np.dot: shapes (4,) and (3,5) not aligned: 4 (dim 0) != 3 (dim 0)"],
    [np.ones([3]), np.ones([4]), "np.dot: shapes (3,) and (4,) not aligned: 3 (dim 0) != 4 (dim 0)"],
    [np.ones([5, 4]).T, np.ones([5, 4]).T, "np.dot: shapes (4,5) and (4,5) not aligned: 5 (dim 1) != 4 (dim 0)"],
  ];
  for (const [a, b, msg] of cases) {
    try {
      np.dot(a, b);
      assert.unreachable(msg);
    } catch (e) {
      assert.instance(e, ShapeError);
      const err = e as ShapeError;
      assert.is(err.message.split("\n")[0], msg);
      assert.match(err.message, /columns of W must equal the rows of A/);
      assert.equal(err.shapes, [a.shape, b.shape]);
      assert.is(err.op, "np.dot");
    }
  }
  assert.throws(() => np.dot([[1]] as unknown as NDArray, np.ones([1, 1])), (e: unknown) => e instanceof NpError && /np\.array/.test((e as Error).message));
  assert.throws(() => np.dot(np.ones([1, 1]), undefined as unknown as NDArray), /got undefined/);
});

test("np.dot leaves its inputs untouched and returns fresh arrays", () => {
  const A = np.random.randn(9, 7);
  const B = np.random.randn(7, 5);
  const a = A.data.slice();
  const b = B.data.slice();
  const C1 = np.dot(A, B);
  const C2 = np.dot(A, B);
  assert.equal(A.data, a);
  assert.equal(B.data, b);
  assert.ok(C1.data !== C2.data);
  C1.data[0] = 1e9;
  assert.ok(C2.data[0] !== 1e9);
});

test("empty dimensions", () => {
  assert.equal(np.dot(np.ones([2, 0]), np.ones([0, 3])).tolist(), [[0, 0, 0], [0, 0, 0]]);
  assert.equal(np.dot(np.ones([0, 4]), np.ones([4, 3])).shape, [0, 3]);
});

test.run();
