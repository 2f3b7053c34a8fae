// The slips a numpy user makes in TypeScript — JS operators on arrays, Math.* on arrays, Python's
// tuples, keyword arguments and extra positional arguments — each get an error that names the
// np call to write instead; and, graded, that error points at the learner's own line.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { np, NpError, ShapeError } from "../lib/np/index.ts";
import type { Squeezed } from "../lib/np/index.ts";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "../grader/exercises.ts";
import { CHEATSHEET } from "../lib/np/validate.ts";
import { fixtureGrader, messagesOf } from "./helpers/grade-fixture.ts";

/** Asserts that f throws an error of class E whose message contains every pattern. */
function throwsWith(f: () => unknown, E: abstract new (...args: never[]) => Error, ...patterns: (RegExp | string)[]): string {
  try {
    f();
  } catch (e) {
    assert.instance(e, E);
    const msg = (e as Error).message;
    for (const p of patterns) {
      if (typeof p === "string" ? !msg.includes(p) : !p.test(msg)) assert.unreachable(`message lacks ${p}:\n${msg}`);
    }
    return msg;
  }
  assert.unreachable(`expected a thrown ${E.name}`);
  return "";
}

// Loosen the types: each slip below is what a learner's untyped or ignored-error code does.
const any = (x: unknown) => x as any; // eslint-disable-line @typescript-eslint/no-explicit-any
const W = np.ones([3, 2]);
const A = np.ones([2, 4]);
const b = np.zeros([3, 1]);
const AL = np.full([1, 3], 0.7);

test("`+` and `==` on arrays name np.add / np.equal and how to print", () => {
  throwsWith(() => any(np.dot(W, A)) + b, NpError, "arrays do not support `+` in TypeScript: use np.add(a, b)", "np.add(np.dot(W, A), b)");
  throwsWith(() => any(W) + 1, NpError, "np.add");
  throwsWith(() => "cost: " + any(W), NpError, "template literal", 'console.log("Z =", Z)');
  throwsWith(() => any(W) == 1, NpError, "`==`", "np.equal(a, b)", "np.allclose");
  throwsWith(() => any(W) + b, NpError, "lib/np/CHEATSHEET.md");
});

test("arithmetic, unary minus and comparisons on arrays name the np function", () => {
  const words = ["arithmetic or comparison operators", "np.subtract(a, b)", "np.divide(a, b)", "np.greater(a, b)", "np.negative(a)", "np.power(a, 2)"];
  throwsWith(() => any(W) / 4, NpError, ...words, "shape (3,2)");
  throwsWith(() => 1 - any(AL), NpError, ...words);
  throwsWith(() => any(AL) > 0.5, NpError, ...words);
  throwsWith(() => any(AL) >= 0.5, NpError, "np.greater_equal");
  throwsWith(() => -any(W), NpError, "np.negative");
  throwsWith(() => any(W) ** 2, NpError, "np.power");
  throwsWith(() => any(W) * any(W), NpError, "np.multiply(a, b)");
});

test("Math.* on an array names the np function", () => {
  throwsWith(() => Math.max(0, any(W)), NpError, "Math.max works on plain numbers", "np.maximum(0, Z)", "np.max(Z)");
  throwsWith(() => Math.min(0, any(W)), NpError, "np.minimum", "np.min(Z)");
  throwsWith(() => Math.exp(any(W)), NpError, "Math.exp", "np.exp(Z)");
  throwsWith(() => Math.log(any(W)), NpError, "np.log(A)");
  throwsWith(() => Math.sqrt(any(W)), NpError, "np.sqrt");
  throwsWith(() => Math.abs(any(W)), NpError, "np.abs");
  throwsWith(() => Math.tanh(any(W)), NpError, "np.tanh");
  throwsWith(() => Math.pow(any(W), 2), NpError, "np.power");
  throwsWith(() => Math.round(any(W)), NpError, "Math.round", "np.item(A)");
  throwsWith(() => Number(W), NpError, "Number()", "np.item(A)");
});

test("printing still works: templates, String, toString, console.log's inspect", () => {
  const repr = "array([[1., 1.],\n       [1., 1.],\n       [1., 1.]])";
  assert.is(`${W}`, repr);
  assert.is(String(W), repr);
  assert.is(W.toString(), repr);
  assert.is([W].join(), repr);
  const inspect = (W as unknown as Record<symbol, () => string>)[Symbol.for("nodejs.util.inspect.custom")]!;
  assert.is(inspect.call(W), repr);
  // Identity comparisons involve no conversion and keep working.
  assert.ok(W === W && any(W) != null);
});

test("np.zeros(n, 1) and friends: the shape is one array", () => {
  throwsWith(() => any(np.zeros)(3, 1), NpError, "np.zeros([3, 1])", "comma operator", "np.zeros([n, 1])");
  throwsWith(() => any(np.ones)(4, 2), NpError, "np.ones([4, 2])", "comma operator");
  throwsWith(() => any(np.zeros)([3, 1], "float64"), NpError, "np.zeros takes one argument, got 2", "no dtype");
  throwsWith(() => any(np.full)([3, 1], 0, 2), NpError, "np.full([rows, cols], value)");
  throwsWith(() => any(np.reshape)(W, 6, 1), NpError, "np.reshape(A, [6, 1])");
  throwsWith(() => any(np.array)([[1, 2]], "float64"), NpError, "np.array takes one argument");
  throwsWith(() => any(W).reshape(3, 2, 1), NpError, "A.reshape(rows, cols)");
  // The comma operator itself cannot be seen: np.zeros((n, 1)) is np.zeros(1), a legal call.
  // @ts-expect-error: TypeScript itself flags the comma operator (TS2695)
  assert.equal(np.zeros((3, 1)).shape, [1]);
});

test("reductions: positional axis, unknown keys, wrong types, extra arguments", () => {
  throwsWith(() => any(np.sum)(W, 1), NpError, "np.sum(A, { axis: 1 })", "keepdims: true");
  throwsWith(() => np.sum(W, any({ axis: 1, keepdim: true })), NpError, "unknown option `keepdim`", "did you mean `keepdims`", "{ axis: 1, keepdims: true }");
  throwsWith(() => np.mean(W, any({ axes: 0 })), NpError, "unknown option `axes`", "`axis`");
  throwsWith(() => np.sum(W, any({ axis: 1, keepDims: true })), NpError, "did you mean `keepdims`");
  throwsWith(() => np.sum(W, any({ axis: 1, dtype: "float64" })), NpError, "unknown option `dtype`");
  throwsWith(() => np.sum(W, any({ axis: 1, keepdims: 1 })), NpError, "keepdims must be true or false, got 1");
  throwsWith(() => np.sum(W, any({ axis: 1, keepdims: "True" })), NpError, "keepdims must be true or false");
  throwsWith(() => np.sum(W, any({ axis: true })), NpError, "axis must be a number", "a boolean");
  throwsWith(() => np.sum(W, any({ axis: [0, 1] })), NpError, "leave the axis out");
  throwsWith(() => any(np.sum)(W, { axis: 1 }, true), NpError, "np.sum takes 2 arguments, got 3", "one options object");
  throwsWith(() => np.max(W, any(true)), NpError, "options must be an object");
  throwsWith(() => any(W).sum({ axis: 0 }, true), NpError, "A.sum takes one argument");
  // The right calls are untouched.
  assert.equal(np.sum(W, { axis: 1, keepdims: true }).shape, [3, 1]);
  assert.equal(np.sum(W, { axis: null }), 6);
  assert.equal(np.sum(W, {}), 6);
});

test("extra operands: element-wise, unary, dot, where, isclose", () => {
  throwsWith(() => any(np.add)(W, W, W), NpError, "np.add takes two operands, got 3", "np.add(np.add(a, b), c)", "`out`");
  throwsWith(() => any(np.multiply)(2, W, W), NpError, "np.multiply(np.multiply(a, b), c)");
  throwsWith(() => any(np.maximum)(W), NpError, "np.maximum takes two operands, got 1");
  throwsWith(() => any(np.exp)(W, 2), NpError, "np.exp takes one argument, got 2");
  throwsWith(() => any(np.dot)(W, A, A), NpError, "np.dot takes two operands, got 3", "np.dot(np.dot(a, b), c)");
  throwsWith(() => any(W).dot(A, A), NpError, "A.dot(B)");
  throwsWith(() => any(np.where)(np.greater(W, 0)), NpError, "np.where(cond, x, y)");
  throwsWith(() => np.allclose(W, W, any({ equal_nan: true })), NpError, "unknown option `equal_nan`", "`rtol`");
  throwsWith(() => any(np.squeeze)(W, 1), NpError, "np.squeeze takes one argument");
  throwsWith(() => any(np.transpose)(W, [1, 0]), NpError, "np.transpose(A) or A.T");
  assert.ok(np.matmul === np.dot);
});

test("booleans where numbers go", () => {
  throwsWith(() => np.multiply(W, any(true)), NpError, "np.multiply: the second operand is a boolean (true)", "np.greater(Z, 0)");
  throwsWith(() => np.add(any(false), W), NpError, "first operand is a boolean");
  throwsWith(() => np.dot(any(true), W), NpError, "np.dot", "boolean");
  throwsWith(() => np.exp(any(true)), NpError, "np.exp", "a boolean (true)");
  throwsWith(() => np.zeros([3, any(true)]), NpError, "non-negative integer");
  throwsWith(() => np.random.randn(3, any(true)), NpError, "a boolean (true)");
  throwsWith(() => np.full([2, 2], any(true)), NpError, "fill value must be a number");
  throwsWith(() => W.reshape(any(true)), NpError, "reshape");
});

test("broadcast errors fit the operation", () => {
  const mul = throwsWith(() => np.multiply(W, A), ShapeError, "np.multiply: operands could not be broadcast together with shapes (3,2) (2,4)", "element-wise product", "np.dot", "(3,4)");
  assert.not.match(mul, /bias/);
  const add = throwsWith(() => np.add(np.ones([3, 4]), np.ones([4, 1])), ShapeError, "np.add", "A bias b[l] of shape (n[l], 1)");
  assert.not.match(add, /np\.dot/);
  const sub = throwsWith(() => np.subtract(np.ones([3, 4]), np.ones([4, 2])), ShapeError, "np.subtract", "Print the shapes");
  assert.not.match(sub, /bias/);
  throwsWith(() => np.add(np.ones([3, 4]), np.ones([3])), ShapeError, "counts as a row (1, n)", "keepdims: true");
});

test("np.dot mismatches say which rearrangement would fit, and only when one does", () => {
  // A·W where W·A was meant: swapping fits.
  const swap = throwsWith(() => np.dot(A, W), ShapeError, "not aligned", "columns of W must equal the rows of A", "operands swapped", "(3,2)·(2,4) → (3,4)");
  assert.not.match(swap, /transposed/);
  // dZ·A where dZ·Aᵀ was meant: transposing the second fits.
  throwsWith(() => np.dot(np.ones([3, 5]), np.ones([4, 5])), ShapeError, "the second transposed, np.dot(first, second.T)", "(3,5)·(5,4) → (3,4)");
  // W·dZ where Wᵀ·dZ was meant: transposing the first fits.
  throwsWith(() => np.dot(np.ones([3, 5]), np.ones([3, 4])), ShapeError, "the first transposed, np.dot(first.T, second)");
  // Nothing fits: no advice to swap or transpose.
  const none = throwsWith(() => np.dot(W, np.ones([5, 7])), ShapeError, "No order or transpose", "wrong shape");
  assert.not.match(none, /\.T\b|swapped/);
});

test("squeeze and item: a cost as a number, typed for course-style code", () => {
  const cost = np.multiply(-1 / 3, np.sum(AL, { axis: 1, keepdims: true }));
  const J: number = np.squeeze(cost); // type-checks: Squeezed is usable as a number
  assert.type(J, "number");
  const s: Squeezed = np.squeeze(np.ones([1, 4]));
  assert.ok(np.isNDArray(s)); // (`instanceof` does not type-check on Squeezed; np.isNDArray does)
  assert.is(np.squeeze(2.5), 2.5);
  assert.is(np.item(cost), J);
  assert.is(np.item(4), 4);
  throwsWith(() => np.item(W), NpError, "size 1", "(3,2)");
});

// Graded, each slip's error keeps the learner's file and line, and the codeFrame shows that line.
const GRADED: [string, string, number, string[]][] = [
  ["02", "slips/02_linear_forward/dot-plus-b.ts", 7, ["arrays do not support `+`", "np.add(np.dot(W, A), b)"]],
  ["03", "slips/03_activation_forward/math-max.ts", 12, ["Math.max works on plain numbers", "np.maximum(0, Z)"]],
  ["05", "slips/05_cost/one-minus-al.ts", 8, ["arithmetic or comparison operators", "np.subtract(a, b)"]],
  ["06", "slips/06_linear_backward/divide-by-m.ts", 10, ["arithmetic or comparison operators", "np.divide(a, b)"]],
  ["06", "slips/06_linear_backward/keepdim.ts", 11, ["unknown option `keepdim`", "did you mean `keepdims`"]],
  ["01", "slips/01_initialize/zeros-n-1.ts", 8, ["np.zeros takes the shape as ONE argument", "comma operator"]],
];

test("graded: each slip's message, at the learner's line", async () => {
  const grader = fixtureGrader();
  try {
    for (const [id, file, line, words] of GRADED) {
      const r = await grader.grade(id, file);
      assert.is.not(r.status, "passed", file);
      const failing = r.checks.find((c) => c.status === "error" && c.location);
      assert.ok(failing, `${file}: no check stopped on an error:\n${messagesOf(r)}`);
      for (const w of words) assert.ok(failing!.message!.includes(w), `${file}: message lacks ${w}:\n${failing!.message}`);
      assert.match(failing!.location!, new RegExp(`${file.split("/").pop()!.replace(".", "\\.")}:${line}:`), `${file}: ${failing!.location}`);
    }
  } finally {
    await grader.close();
  }
});

test("graded: numpy's tuple shape, np.zeros((n, 1)), is named as the comma operator, not a missing keepdims", async () => {
  const grader = fixtureGrader();
  try {
    const r = await grader.grade("01", "slips/01_initialize/zeros-tuple.ts");
    const text = messagesOf(r);
    assert.ok(text.includes("b1 should be (n[1], 1) = (2, 1), but it is (1,), 1-D"), text);
    assert.ok(text.includes("comma operator") && text.includes("np.zeros([n, 1])"), text);
    assert.ok(text.includes("W1 should be (n[1], n[0]) = (4, 5), but it is (5,), 1-D. If you wrote numpy's np.random.randn((n, m)): in TypeScript (n, m) is the comma operator"), text);
    assert.not.match(text, /keepdims/);
  } finally {
    await grader.close();
  }
});

test("the cheat sheet the errors name exists, and the README and every exercise's header link it", () => {
  assert.ok(existsSync(join(ROOT, CHEATSHEET)), CHEATSHEET);
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  assert.ok(readme.includes("(lib/np/CHEATSHEET.md)") && readme.includes("(lib/np/README.md)"));
  assert.ok(readFileSync(join(ROOT, "lib/np/README.md"), "utf8").includes("(CHEATSHEET.md)"));
  assert.ok(readFileSync(join(ROOT, CHEATSHEET), "utf8").includes("(README.md)"));
  for (const f of readdirSync(join(ROOT, "solutions")).filter((f) => f.endsWith(".ts"))) {
    const header = readFileSync(join(ROOT, "solutions", f), "utf8").split("*/")[0]!;
    assert.ok(header.includes(CHEATSHEET), `${f}'s header does not link ${CHEATSHEET}`);
    assert.not.match(header, /\w+=True|axis=\d/, `${f}'s header writes Python keyword arguments`);
  }
});

test.run();
