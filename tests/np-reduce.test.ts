// Reductions against numpy (reductions.json): sum, mean, max, min, argmax with axis
// none/0/1/-1 and keepdims on/off, on (3,4) (1,4) (3,1) (1,1) (4,) (1,) and long rows.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { np, NDArray, NpError } from "../lib/np/index.ts";
import type { EncArray, EncResult } from "./fixtures/np/golden.ts";
import { arr, firstMismatch, load, num } from "./fixtures/np/golden.ts";

type Golden = { arrays: EncArray[]; cases: { op: string; a: number; axis: number | null; keepdims: boolean; out: EncResult }[] };
const golden = load<Golden>("reductions.json");

type Reducer = (A: NDArray, opts?: { axis?: number | null; keepdims?: boolean }) => NDArray | number;

for (const op of ["sum", "mean", "max", "min", "argmax"]) {
  const cases = golden.cases.filter((c) => c.op === op);
  test(`np.${op}: ${cases.length} cases match numpy bit for bit (shape, values, repr)`, () => {
    for (const c of cases) {
      const A = arr(golden.arrays[c.a]!);
      const before = A.data.slice();
      const opts = c.axis === null ? (c.keepdims ? { keepdims: true } : undefined) : { axis: c.axis, keepdims: c.keepdims };
      const label = `np.${op}(${JSON.stringify(A.shape)}, ${JSON.stringify(opts ?? {})})`;
      const got = (np as unknown as Record<string, Reducer>)[op]!(A, opts);
      const want = c.out;
      if ("scalar" in want) {
        assert.type(got, "number", label);
        assert.ok(firstMismatch([got as number], [num(want.scalar)]) < 0, `${label}: ${got} vs numpy ${want.scalar}`);
      } else {
        assert.ok(got instanceof NDArray, `${label}: expected an array`);
        const G = got as NDArray;
        assert.equal(G.shape, want.shape, `${label}: shape`);
        const i = firstMismatch(G.data, want.data.map(num));
        assert.ok(i < 0, `${label}: element ${i} is ${G.data[i]}, numpy has ${want.data[i]}`);
        assert.is(String(G), want.repr, `${label}: repr`);
      }
      assert.equal(A.data, before, `${label} mutated its input`);
    }
  });
}

test("methods delegate to np", () => {
  const A = np.array([[1, 2], [3, 4]]);
  assert.is(A.sum(), 10);
  assert.equal(A.sum({ axis: 0 }).tolist(), [4, 6]);
  assert.equal(A.mean({ axis: 1, keepdims: true }).tolist(), [[1.5], [3.5]]);
  assert.is(A.max(), 4);
  assert.is(A.T.sum({ axis: 1 }).get(0), 4);
});

test("the (n,) trap: b - lr·db without keepdims becomes (n,n), as in numpy", () => {
  const dZ = np.ones([3, 5]);
  const b = np.zeros([3, 1]);
  const db = np.sum(dZ, { axis: 1 });
  assert.equal(db.shape, [3]);
  assert.equal(np.subtract(b, np.multiply(0.01, db)).shape, [3, 3]);
  const dbk = np.sum(dZ, { axis: 1, keepdims: true });
  assert.equal(np.subtract(b, np.multiply(0.01, dbk)).shape, [3, 1]);
});

test("argmax/argmin, keepdims without axis, bad axes", () => {
  const A = np.array([[1, 5, 2], [7, 0, 7]]);
  assert.is(np.argmax(A), 3);
  assert.equal(np.argmax(A, { axis: 0 }).tolist(), [1, 0, 1]);
  assert.equal(np.argmin(A, { axis: 1 }).tolist(), [0, 1]);
  assert.equal(np.sum(A, { keepdims: true }).shape, [1, 1]);
  assert.equal(np.max(np.ones(3), { keepdims: true }).shape, [1]);
  assert.throws(() => np.sum(A, { axis: 2 }), (e: unknown) => e instanceof NpError && /axis 2 is out of bounds for array of dimension 2/.test((e as Error).message));
  assert.throws(() => np.sum(np.ones(3), { axis: 1 }), /axis 1 is out of bounds for array of dimension 1/);
  assert.throws(() => np.max(np.zeros([0, 3])), /zero-size/);
  assert.throws(() => np.sum([1, 2] as unknown as NDArray), /np.array/);
  assert.is(np.sum(np.zeros([0, 3])), 0);
});

test.run();
