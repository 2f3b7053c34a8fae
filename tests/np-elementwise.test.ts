// Element-wise operations and broadcasting against numpy (golden values in elementwise.json):
// every binary op on every pair of shapes among (3,4) (3,1) (1,4) (1,1) (4,) (1,) (3,) and a
// number, including the pairs that cannot broadcast.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { np, NDArray, ShapeError } from "../lib/np/index.ts";
import type { EncArray, EncResult, Num } from "./fixtures/np/golden.ts";
import { firstMismatch, load, num, operand } from "./fixtures/np/golden.ts";

type Case = { op: string; a: EncArray | number; b: EncArray | number; out?: EncResult; error?: string };
type Golden = {
  binary: Case[];
  unary: { op: string; a: EncArray; out: EncResult }[];
  where: { cond: EncArray; x: EncArray | number; y: EncArray | number; out: EncResult }[];
  close: { a: EncArray; b: EncArray; isclose: EncResult; allclose: boolean }[];
};
const golden = load<Golden>("elementwise.json");

type AnyFn = (...args: unknown[]) => unknown;
const fn = (name: string) => (np as unknown as Record<string, AnyFn>)[name]!;
const shapeOf = (x: EncArray | number) => (typeof x === "number" ? "number" : `(${x.shape.join(",")}${x.shape.length === 1 ? "," : ""})`);

/** Checks an lib/np result against numpy's: shape, dtype, values (within maxUlps), repr and str. */
function expectResult(got: unknown, want: EncResult, label: string, maxUlps = 0): void {
  if ("scalar" in want) {
    assert.type(got, "number", label);
    assert.ok(firstMismatch([got as number], [num(want.scalar)], maxUlps) < 0, `${label}: ${got} vs ${want.scalar}`);
    return;
  }
  assert.ok(got instanceof NDArray, `${label}: expected an NDArray`);
  const A = got as NDArray;
  assert.equal(A.shape, want.shape, `${label}: shape`);
  assert.is(A.dtype, want.dtype, `${label}: dtype`);
  const i = firstMismatch(A.data, want.data.map(num), maxUlps);
  assert.ok(i < 0, `${label}: element ${i} is ${A.data[i]}, numpy has ${want.data[i]}`);
  assert.is(String(A), want.repr, `${label}: repr`);
  assert.is(A.toPrintString(), want.str, `${label}: str`);
}

function snapshot(...xs: unknown[]): () => void {
  const saved = xs.map((x) => (x instanceof NDArray ? x.data.slice() : null));
  return () =>
    xs.forEach((x, k) => {
      if (x instanceof NDArray) assert.equal(x.data, saved[k], "an input was mutated");
    });
}

const byOp = new Map<string, Case[]>();
for (const c of golden.binary) byOp.set(c.op, [...(byOp.get(c.op) ?? []), c]);

for (const [op, cases] of byOp) {
  test(`np.${op}: ${cases.length} shape pairs match numpy (values, shapes, repr, errors)`, () => {
    for (const c of cases) {
      const a = operand(c.a);
      const b = operand(c.b);
      const label = `np.${op}(${shapeOf(c.a)}, ${shapeOf(c.b)})`;
      const unchanged = snapshot(a, b);
      if (c.error !== undefined) {
        try {
          fn(op)(a, b);
          assert.unreachable(`${label} should throw: ${c.error}`);
        } catch (e) {
          assert.instance(e, ShapeError, label);
          const err = e as ShapeError;
          // numpy's own sentence, then our explanation on the next line.
          assert.ok(err.message.includes(c.error.trim()), `${label}: "${err.message}" lacks numpy's "${c.error}"`);
          assert.is(err.op, `np.${op}`);
          assert.equal(err.shapes, [(a as NDArray).shape, (b as NDArray).shape]);
          assert.ok(err.message.split("\n").length >= 2, `${label}: no explanation line`);
        }
      } else {
        // power goes through libm's pow in numpy and V8's in lib/np: allow one ulp.
        expectResult(fn(op)(a, b), c.out!, label, op === "power" ? 1 : 0);
      }
      unchanged();
    }
  });
}

test("unary ops match numpy (libm functions within 1 ulp)", () => {
  for (const c of golden.unary) {
    const a = operand(c.a);
    const unchanged = snapshot(a);
    const exact = ["sqrt", "abs", "square", "negative", "sign"].includes(c.op);
    expectResult(fn(c.op)(a), c.out, `np.${c.op}`, exact ? 0 : 1);
    unchanged();
  }
  assert.is(np.exp(0), 1);
  assert.is(np.sqrt(4), 2);
});

test("np.where broadcasts condition, x and y like numpy", () => {
  for (const c of golden.where) {
    const cond = operand(c.cond);
    const x = operand(c.x);
    const y = operand(c.y);
    const unchanged = snapshot(cond, x, y);
    expectResult(np.where(cond, x, y), c.out, `np.where(${shapeOf(c.x)}, ${shapeOf(c.y)})`);
    unchanged();
  }
  assert.throws(() => np.where(np.ones([3, 4]), np.ones([2, 1]), 0), (e: unknown) => e instanceof ShapeError && /\(3,4\) \(2,1\)/.test((e as Error).message));
});

test("np.isclose / np.allclose use numpy's |a-b| <= atol + rtol·|b|", () => {
  for (const c of golden.close) {
    const a = operand(c.a);
    const b = operand(c.b);
    expectResult(np.isclose(a, b), c.isclose, "np.isclose");
    assert.is(np.allclose(a, b), c.allclose);
  }
  assert.ok(np.allclose(np.ones([3, 4]), 1));
  assert.ok(!np.allclose(np.ones([3, 1]), np.full([3, 1], 1.1)));
  assert.ok(np.allclose(1.05, 1, { rtol: 0.1 }));
  assert.throws(() => np.allclose(np.ones([3, 4]), np.ones([4, 3])), (e: unknown) => e instanceof ShapeError);
});

test("numbers with numbers give numbers", () => {
  assert.is(np.add(1, 2), 3);
  assert.is(np.maximum(-1, 0), 0);
  assert.is(np.greater(2, 1), 1);
});

test("the fast paths agree with the general loop on larger arrays", () => {
  np.random.seed(4);
  const A = np.random.randn(37, 53);
  const col = np.random.randn(37, 1);
  const row = np.random.randn(1, 53);
  const wide = np.random.randn(37, 53);
  const expect = (X: NDArray, f: (i: number, j: number) => number) => {
    for (let i = 0; i < 37; i++) for (let j = 0; j < 53; j++) assert.is(X.get(i, j), f(i, j));
  };
  expect(np.add(A, col), (i, j) => A.get(i, j) + col.get(i, 0));
  expect(np.subtract(col, A), (i, j) => col.get(i, 0) - A.get(i, j));
  expect(np.multiply(row, A), (i, j) => row.get(0, j) * A.get(i, j));
  expect(np.divide(A, wide), (i, j) => A.get(i, j) / wide.get(i, j));
  expect(np.add(col, row), (i, j) => col.get(i, 0) + row.get(0, j));
  expect(np.maximum(A.T.T, 0), (i, j) => Math.max(A.get(i, j), 0));
  expect(np.multiply(A.T, 2).T, (i, j) => 2 * A.get(i, j));
});

test.run();
