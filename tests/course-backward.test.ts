// The backward exercises (06 linear_backward, 07 activation_backward, 08 model_backward, 09 update,
// 10 train): every known mistake fails with words that name it, correct variants pass, the solutions
// pass, the stubs are "not started", and the TypeScript solutions reproduce numpy's reference outputs.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "../grader/exercises.ts";
import { courseCatalogTests } from "./helpers/course-catalog.ts";
import { np, NDArray } from "../lib/np/index.ts";
import { linearBackward } from "../solutions/06_linear_backward.ts";
import { linearActivationBackward, reluBackward, sigmoidBackward } from "../solutions/07_activation_backward.ts";
import { modelBackward } from "../solutions/08_model_backward.ts";
import { updateParameters } from "../solutions/09_update.ts";
import { predict, trainModel } from "../solutions/10_train.ts";

const EXERCISES = ["06_linear_backward", "07_activation_backward", "08_model_backward", "09_update", "10_train"] as const;

/** Each mistake fixture and the words its report must contain (every pattern must match). */
const MISTAKES: Record<string, Record<string, RegExp[]>> = {
  "06_linear_backward": {
    "db-wrong-axis": [/db should have the shape of b: \(n\[l\], 1\) = \(3, 1\), but it is \(1, 4\)/, /a sum over axis 0/],
    "db-no-keepdims": [/but it is \(3,\)/, /without keepdims: true/, /into an \(3, 3\) matrix/],
    "dw-no-1-over-m": [/dW has no 1\/m/, /dW disagrees with the numerical gradient/],
    "dw-1-over-m-twice": [/dW is divided by m twice/],
    "db-no-1-over-m": [/db has no 1\/m/],
    "db-1-over-m-twice": [/db is divided by m twice/],
    "dAprev-1-over-m": [/dA_prev is divided by m: the 1\/m belongs to dW and db only/, /dA_prev \(compared with m·∂J\/∂A_prev/],
    "dw-no-transpose": [/np\.dot: shapes \(3,4\) and \(5,4\) not aligned/, /On a square case/, /dW = \(1\/m\)·dZ·A_prev, without the transpose/],
    "dw-wrong-order": [/dW should have the shape of W: \(n\[l\], n\[l-1\]\) = \(3, 5\), but it is \(5, 3\)/, /transpose/],
    "dAprev-no-transpose": [/On a square case/, /dA_prev = W·dZ, without the transpose/],
    "dAprev-elementwise": [/could not be broadcast/, /dA_prev uses an element-wise product \(np\.multiply\)/],
    "dw-divides-by-n": [/dW is divided by n\[l-1\] = A_prev\.shape\[0\] = 5/],
  },
  "07_activation_backward": {
    "relu-less-than": [/dZ keeps dA where Z = 0 exactly/, /Z <= 0/, /a Z with exact zeros/],
    "relu-mask-only": [/the 0\/1 slope g'\(Z\) alone: multiply it by dA/, /Your reluBackward is wrong this way/],
    "relu-of-dA": [/ReLU was applied to dA/],
    "sigmoid-from-Z-as-A": [/Z was used as if it were A/, /Your sigmoidBackward is wrong this way/],
    "sigmoid-of-A": [/σ'\(A\) with A = σ\(Z\)/],
    "sigmoid-no-dA": [/σ\(Z\)·\(1 − σ\(Z\)\) alone: multiply by dA/],
    "activations-swapped": [/This is the relu layer's gradient: for activation "sigmoid", dZ comes from sigmoidBackward/, /dW for "sigmoid" disagrees with the numerical gradient/],
    "no-activation": [/This treats dA as dZ/],
  },
  "08_model_backward": {
    "activations-swapped": [/ReLU and sigmoid are swapped/, /dW3 disagrees with the numerical gradient/],
    "relu-output": [/Layer L went back through "relu"/],
    "sigmoid-hidden": [/The hidden layers 1 … L-1 went back through "sigmoid"/],
    "dAL-sign": [/dA\[L\] has the wrong sign/],
    "wrong-cache-index": [/modelBackward never reads caches\[0\]/, /Layer l's cache is caches\[l - 1\]/],
    "wrong-dA-key": [/got undefined/, /A gradient passed to linearActivationBackward is undefined/],
    "keys-off-by-one": [/dW2, db2 are missing; it has \{dA1, dW1, db1, dA0, dW0, db0\}/, /The keys are off by one/],
  },
  "09_update": {
    "skips-last-layer": [/b2 is unchanged: the loop stops one layer early/, /b3 is unchanged/],
    "skips-last-layer-keys": [/W2, b2 are missing\. The loop stops one layer early/],
    "plus-sign": [/moved with its gradient \(\+\)/],
    "mutates-params": [/updateParameters changed its input: params\.W1 was replaced by another value/],
    "mutates-arrays": [/updateParameters changed its input: params\.W1\[0, 0\] was -0\.41675784\d* and is now/],
    "no-learning-rate": [/the step is missing the learning rate α = 0\.1/],
  },
  "10_train": {
    "no-update": [/The cost never changes: the parameters are not updated/, /params = updateParameters\(params, grads, learningRate\)/],
    "no-costs": [/recorded 0 costs, expected 4/, /costs is empty/],
    "costs-every-iteration": [/recorded 8 costs, expected 4/, /one entry per iteration/],
    "default-learning-rate": [/the default learning rate 0\.0075: use options\.learningRate \(here 0\.1\)/],
    "predict-threshold-z": [/1 where Z\[L\] > 0\.5/, /not to Z\[L\]/],
    "predict-booleans": [/a plain array of true\/false values/],
    "predict-1d": [/should be \(1, m\) = \(1, 40\), one row like Y, but they are \(40,\)/],
    "predict-probabilities": [/the probabilities A\[L\] themselves/],
  },
};

const { fixtures, solutions } = courseCatalogTests(test, { exercises: EXERCISES, mistakes: MISTAKES, minCorrectVariants: 2, minChecks: 5 });

test("08: the shortcut dZ[L] = AL − Y passes, and the pass says it is the shortcut and why the exercise goes through dA[L]", () => {
  const r = fixtures.get("correct/08_model_backward/shortcut-dZ.ts")!;
  assert.is(r.status, "passed");
  const text = r.checks.map((c) => c.message ?? "").join("\n");
  assert.match(text, /the shortcut dZ\[L\] = AL − Y/);
  assert.match(text, /σ'\(Z\[L\]\) = AL·\(1 − AL\) cancels/);
  assert.match(text, /AL that is not σ\(Z\[L\]\) of its cache/);
  assert.match(text, /holds for any cost and output activation/);
});

test("a shape error is reported as the learner's error, with their file and line", () => {
  const r = fixtures.get("mistakes/06_linear_backward/dw-no-transpose.ts")!;
  assert.is(r.status, "error");
  const first = r.checks[0]!;
  assert.is(first.status, "error");
  assert.match(first.location ?? "", /dw-no-transpose\.ts:\d+/);
});

test("the gradient checks differentiate the reference forward pass, and say so", () => {
  // One mistake is counted once: a backward exercise never runs the learner's forward exercises.
  for (const slug of ["06_linear_backward", "07_activation_backward", "08_model_backward"]) {
    const check = solutions.get(slug)!.checks.find((c) => c.name.startsWith("gradient check"))!;
    assert.match(check.message ?? "", /largest relative error \d\.\de-\d+; forward: the reference/, slug);
  }
  const r = fixtures.get("mistakes/08_model_backward/activations-swapped.ts")!;
  const check = r.checks.find((c) => c.name.startsWith("gradient check"))!;
  assert.is(check.status, "failed");
  const correct = fixtures.get("correct/08_model_backward/recursive.ts")!.checks.find((c) => c.name.startsWith("gradient check"))!;
  assert.match(correct.message ?? "", /forward: the reference 04_model_forward and 05_cost$/);
});

// ── The TypeScript solutions reproduce numpy's reference outputs ─────────────────────────────

const reference = (slug: string) => JSON.parse(readFileSync(join(ROOT, "grader", "reference", `${slug}.json`), "utf8"));
const arrays = (o: Record<string, number[][]>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, np.array(v)])) as Record<string, NDArray>;
let worst = 0;
let worstTrain = 0;

/** Largest relative difference, element by element (equal values, zeros included, count as 0). */
function expectReproduces(actual: NDArray | number, expected: number[][] | number, what: string, tolerance = 1e-12): void {
  const a = typeof actual === "number" ? [actual] : Array.from(actual.data);
  const e = typeof expected === "number" ? [expected] : expected.flat();
  if (typeof actual !== "number") assert.equal(actual.shape, [(expected as number[][]).length, (expected as number[][])[0]!.length], `${what}: shape`);
  assert.is(a.length, e.length, `${what}: size`);
  for (let i = 0; i < e.length; i++) {
    const rel = a[i] === e[i] ? 0 : Math.abs(a[i]! - e[i]!) / Math.abs(e[i]!);
    if (tolerance === 1e-12) worst = Math.max(worst, rel);
    else worstTrain = Math.max(worstTrain, rel);
    assert.ok(rel <= tolerance, `${what}[${i}]: ${a[i]} vs numpy's ${e[i]} (relative difference ${rel})`);
  }
}

test("06: linearBackward reproduces numpy to 1e-12, and the course's printed values", () => {
  const ref = reference("06_linear_backward");
  for (const c of ref.cases) {
    const [dAprev, dW, db] = linearBackward(np.array(c.dZ), { A: np.array(c.A), W: np.array(c.W), b: np.array(c.b) });
    expectReproduces(dAprev, c.dA_prev, `dA_prev (${c.name})`);
    expectReproduces(dW, c.dW, `dW (${c.name})`);
    expectReproduces(db, c.db, `db (${c.name})`);
  }
  assert.is(np.array(ref.cases[0].db).toString(), "array([[-0.14713786],\n       [-0.11313155],\n       [-0.13209101]])");
  assert.match(np.array(ref.cases[0].dW).toString(), /^array\(\[\[ 0\.07313866, -0\.0976715 , -0\.87585828,  0\.73763362,  0\.00785716\],/);
});

test("07: reluBackward, sigmoidBackward and linearActivationBackward reproduce numpy to 1e-12", () => {
  const ref = reference("07_activation_backward");
  for (const c of ref.dZ) {
    expectReproduces(reluBackward(np.array(c.dA), np.array(c.Z)), c.relu, `reluBackward (${c.name})`);
    expectReproduces(sigmoidBackward(np.array(c.dA), np.array(c.Z)), c.sigmoid, `sigmoidBackward (${c.name})`);
  }
  for (const c of ref.cases) {
    const cache = { linearCache: { A: np.array(c.A), W: np.array(c.W), b: np.array(c.b) }, activationCache: np.array(c.Z) };
    for (const activation of ["sigmoid", "relu"] as const) {
      const [dAprev, dW, db] = linearActivationBackward(np.array(c.dA), cache, activation);
      expectReproduces(dAprev, c[activation].dA_prev, `dA_prev ${activation} (${c.name})`);
      expectReproduces(dW, c[activation].dW, `dW ${activation} (${c.name})`);
      expectReproduces(db, c[activation].db, `db ${activation} (${c.name})`);
    }
  }
  // The course's printed values.
  const course = ref.cases[0];
  assert.is(np.array(course.sigmoid.dA_prev).toString(), "array([[ 0.11017994,  0.01105339],\n       [ 0.09466817,  0.00949723],\n       [-0.05743092, -0.00576154]])");
  assert.is(np.array(course.sigmoid.dW).toString(), "array([[ 0.10266786,  0.09778551, -0.01968084]])");
  assert.is(np.array(course.sigmoid.db).toString(), "array([[-0.05729622]])");
  assert.is(np.array(course.relu.dA_prev).toString(), "array([[ 0.44090989,  0.        ],\n       [ 0.37883606,  0.        ],\n       [-0.2298228 ,  0.        ]])");
  assert.is(np.array(course.relu.dW).toString(), "array([[ 0.44513824,  0.37371418, -0.10478989]])");
  assert.is(np.array(course.relu.db).toString(), "array([[-0.20837892]])");
});

test("08: modelBackward reproduces numpy's gradients to 1e-12, and the course's printed values", () => {
  const ref = reference("08_model_backward");
  for (const c of ref.cases) {
    const caches = c.caches.map((k: Record<string, number[][]>) => ({
      linearCache: { A: np.array(k.A!), W: np.array(k.W!), b: np.array(k.b!) },
      activationCache: np.array(k.Z!),
    }));
    const grads = modelBackward(np.array(c.AL), np.array(c.Y), caches);
    assert.equal(Object.keys(grads).sort(), Object.keys(c.grads).sort(), c.name);
    for (const [k, v] of Object.entries(c.grads)) expectReproduces(grads[k]!, v as number[][], `${k} (${c.name})`);
  }
  const course = ref.cases[0].grads;
  assert.is(np.array(course.dW1).toString(), "array([[0.41010002, 0.07807203, 0.13798444, 0.10502167],\n       [0.        , 0.        , 0.        , 0.        ],\n       [0.05283652, 0.01005865, 0.01777766, 0.0135308 ]])");
  assert.is(np.array(course.db1).toString(), "array([[-0.22007063],\n       [ 0.        ],\n       [-0.02835349]])");
  assert.is(np.array(course.dA1).toString(), "array([[ 0.12913162, -0.44014127],\n       [-0.14175655,  0.48317296],\n       [ 0.01663708, -0.05670698]])");
});

test("09: updateParameters reproduces numpy to 1e-12, and the course's printed values", () => {
  const ref = reference("09_update");
  for (const c of ref.cases) {
    const updated = updateParameters(arrays(c.params), arrays(c.grads), c.learningRate);
    assert.equal(Object.keys(updated).sort(), Object.keys(c.updated).sort(), c.name);
    for (const [k, v] of Object.entries(c.updated)) expectReproduces(updated[k]!, v as number[][], `${k} (${c.name})`);
  }
  const course = ref.cases[0].updated;
  assert.is(np.array(course.W1).toString(), "array([[-0.59562069, -0.09991781, -2.14584584,  1.82662008],\n       [-1.76569676, -0.80627147,  0.51115557, -1.18258802],\n       [-1.0535704 , -0.86128581,  0.68284052,  2.20374577]])");
  assert.is(np.array(course.b1).toString(), "array([[-0.04659241],\n       [-1.28888275],\n       [ 0.53405496]])");
  assert.is(np.array(course.W2).toString(), "array([[-0.55569196,  0.0354055 ,  1.32964895]])");
  assert.is(np.array(course.b2).toString(), "array([[-0.84610769]])");
});

test("10: trainModel reproduces numpy's costs and final parameters to 1e-9; the costs go down; predict and accuracy", () => {
  const ref = reference("10_train");
  const [X, Y] = [np.array(ref.X), np.array(ref.Y)];
  for (const r of ref.runs) {
    const options = { ...r.options, ...(r.initial ? { params: arrays(r.initial) } : {}) };
    const { params, costs } = trainModel(X, Y, r.layerDims, options);
    assert.is(costs.length, r.costs.length, r.name);
    costs.forEach((c, i) => expectReproduces(c, r.costs[i], `cost ${i} (${r.name})`, 1e-9));
    for (const [k, v] of Object.entries(r.params)) expectReproduces(params[k]!, v as number[][], `${k} (${r.name})`, 1e-9);
    for (let i = 1; i < costs.length; i++) assert.ok(costs[i]! < costs[i - 1]!, `the cost goes down (${r.name}): ${costs.join(", ")}`);
  }
  for (const p of ref.predictions) {
    const predictions = predict(np.array(p.X), arrays(p.params));
    expectReproduces(predictions, p.predictions, `predictions (${p.name})`, 0);
    const accuracy = np.mean(np.equal(predictions, np.array(p.Y)));
    assert.is(accuracy, p.accuracy, `accuracy (${p.name})`);
  }
  assert.is(ref.predictions[1].accuracy, 0.975);
});

test("the largest relative difference TypeScript vs numpy is within 1e-12 (1e-9 for training)", () => {
  assert.ok(worst <= 1e-12, String(worst));
  assert.ok(worstTrain <= 1e-9, String(worstTrain));
});

test.run();
