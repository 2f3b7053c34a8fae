// The forward exercises (00 shapes, 03 activation_forward, 04 model_forward, 05 cost, 11 dense_layer):
// every known mistake fails with words that name it, correct variants pass, the solutions pass,
// the stubs are "not started", and the TypeScript solutions reproduce numpy's reference outputs.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "../grader/exercises.ts";
import { courseCatalogTests } from "./helpers/course-catalog.ts";
import { np, NDArray } from "../lib/np/index.ts";
import { layerShapes } from "../solutions/00_shapes.ts";
import { linearActivationForward, relu, sigmoid } from "../solutions/03_activation_forward.ts";
import { modelForward } from "../solutions/04_model_forward.ts";
import { computeCost } from "../solutions/05_cost.ts";
import { Dense } from "../solutions/11_dense_layer.ts";

const EXERCISES = ["00_shapes", "03_activation_forward", "04_model_forward", "05_cost", "11_dense_layer"] as const;

/** Each mistake fixture and the words its report must contain (every pattern must match). */
const MISTAKES: Record<string, Record<string, RegExp[]>> = {
  "00_shapes": {
    "w-transposed": [/W\[1\] of layerShapes\(\[2,3,5,4,2,1\], 1\) should be \(n\[1\], n\[0\]\) = \(3, 2\), but it is \(2, 3\)/, /one row per unit of layer l/],
    "bias-with-m": [/b\[1\] of layerShapes\(\[2,3,5,4,2,1\], 10\) should be \(n\[1\], 1\) = \(3, 1\), but it is \(3, 10\)/, /one bias per unit/, /broadcasts/],
    "includes-input-layer": [/should have L = 5 entries, one per layer l = 1 … 5, but it has 6/, /Layer 0 is the input/],
    "one-example-only": [/should be \(n\[1\], m\) = \(3, 10\), but it is \(3, 1\)/, /each example is a column/],
    "examples-as-rows": [/Examples are columns, not rows/],
  },
  "03_activation_forward": {
    "sigmoid-sign": [/1 \/ \(1 \+ e\^Z\) = σ\(-Z\)/, /the exponent must be -Z/, /Your sigmoid is wrong/],
    "relu-max-one": [/np\.maximum\(Z, 1\) cuts at 1/],
    "relu-abs": [/That is \|Z\|/, /sets them to 0/],
    "swapped-activations": [/With activation "sigmoid" this is relu\(Z\): the two branches are swapped/],
    "cache-holds-A": [/activationCache is A, the layer's output/, /Z\[l\]/],
  },
  "04_model_forward": {
    "relu-output": [/ReLU on the output layer too/],
    "sigmoid-hidden": [/sigmoid on the hidden layers too/],
    "same-X": [/Every layer was fed X/, /A\[l-1\], the output of the layer before it/],
    "last-layer-skipped": [/The last layer is missing/, /caches should hold one cache per layer, L = 3, but it has 2/, /the shape of A\[2\]/],
    "last-layer-twice": [/Layer L = 3 ran twice/],
    "caches-reversed": [/caches\[0\] should be layer 1's cache \(with W1\), but it holds W3/, /layer order/],
    "output-cache-missing": [/caches should hold one cache per layer, L = 3, but it has 2/, /output layer's cache/],
  },
  "05_cost": {
    sign: [/The sign is wrong/],
    "no-mean": [/The 1\/m is missing/],
    "shape0": [/The 1\/m is missing/, /Y\.shape\[0\] is 1/],
    "array-result": [/should be a plain number, but it is an array of shape \(1, 1\)/, /np\.squeeze/],
    "outer-product": [/This is what an \(m, m\) outer product/, /np\.dot\(Y\.T, np\.log\(AL\)\)/],
    "outer-product-array": [/an array of shape \(3, 3\): an \(m, m\) outer product/],
    "y-part-only": [/The \(1 - y\)·log\(1 - a\) part is missing/],
    "log-of-Y": [/is inf/, /np\.log\(Y\) or np\.log\(1 - Y\)/],
    "swapped-logs": [/log\(a\) and log\(1 - a\) are swapped/],
  },
  "11_dense_layer": {
    "rebuild-every-call": [/The second call changed layer\.w: the weights were created again/, /call replaced the layer's weights/],
    "w-transposed": [/layer\.w should be \(n, units\) = \(3, 2\), but it is \(2, 3\)\. w is \(units, n\)/],
    "column-convention": [/inputShape\[0\] = m/, /column convention/, /one row per example/],
    "no-bias": [/This is inputs·w without the bias/],
  },
};

const { fixtures, solutions } = courseCatalogTests(test, { exercises: EXERCISES, mistakes: MISTAKES, minCorrectVariants: 1, minChecks: 4 });

// ── The TypeScript solutions reproduce numpy's reference outputs ─────────────────────────────

const reference = (slug: string) => JSON.parse(readFileSync(join(ROOT, "grader", "reference", `${slug}.json`), "utf8"));
const TOLERANCE = 1e-12;
let worst = 0;

/** Largest relative difference, element by element (equal values, zeros included, count as 0). */
function expectReproduces(actual: NDArray | number, expected: number[][] | number, what: string): void {
  const a = typeof actual === "number" ? [actual] : Array.from(actual.data);
  const e = typeof expected === "number" ? [expected] : expected.flat();
  if (typeof actual !== "number" && typeof expected !== "number") assert.equal(actual.shape, [expected.length, expected[0]!.length], `${what}: shape`);
  assert.is(a.length, e.length, `${what}: size`);
  for (let i = 0; i < e.length; i++) {
    const rel = a[i] === e[i] ? 0 : Math.abs(a[i]! - e[i]!) / Math.abs(e[i]!);
    worst = Math.max(worst, rel);
    assert.ok(rel <= TOLERANCE, `${what}[${i}]: ${a[i]} vs numpy's ${e[i]} (relative difference ${rel})`);
  }
}

test("00: layerShapes reproduces the shapes numpy's arrays had", () => {
  for (const c of reference("00_shapes").cases) assert.equal(layerShapes(c.layerDims, c.m), c.table, c.name);
});

test("03: sigmoid, relu and linearActivationForward reproduce numpy to 1e-12", () => {
  const ref = reference("03_activation_forward");
  for (const c of ref.activations) {
    expectReproduces(sigmoid(np.array(c.Z)), c.sigmoid, `sigmoid (${c.name})`);
    expectReproduces(relu(np.array(c.Z)), c.relu, `relu (${c.name})`);
  }
  for (const c of ref.cases) {
    for (const activation of ["sigmoid", "relu"] as const) {
      const [A, cache] = linearActivationForward(np.array(c.A_prev), np.array(c.W), np.array(c.b), activation);
      expectReproduces(A, c[activation], `A ${activation} (${c.name})`);
      expectReproduces(cache.activationCache, c.Z, `Z (${c.name})`);
    }
  }
  // The course's printed values.
  const course = ref.cases[0];
  assert.is(np.array(course.sigmoid).toString(), "array([[0.96890023, 0.11013289]])");
  assert.is(np.array(course.relu).toString(), "array([[3.43896131, 0.        ]])");
});

test("04: modelForward reproduces numpy's AL and every cache to 1e-12", () => {
  const ref = reference("04_model_forward");
  for (const c of [ref.course, ref.equalWidths, ...ref.more]) {
    const params: Record<string, NDArray> = {};
    for (const [k, v] of Object.entries(c.params)) params[k] = np.array(v as number[][]);
    const [AL, caches] = modelForward(np.array(c.X), params);
    expectReproduces(AL, c.AL, `AL (${c.name})`);
    assert.is(caches.length, c.layers.length, c.name);
    c.layers.forEach((layer: { A_prev: number[][]; Z: number[][] }, i: number) => {
      expectReproduces(caches[i]!.linearCache.A, layer.A_prev, `caches[${i}].linearCache.A (${c.name})`);
      expectReproduces(caches[i]!.activationCache, layer.Z, `caches[${i}].activationCache (${c.name})`);
    });
  }
  assert.is(np.array(ref.course.AL).toString(), "array([[0.03921668, 0.70498921, 0.19734387, 0.04728177]])");
});

test("05: computeCost reproduces numpy to 1e-12", () => {
  const ref = reference("05_cost");
  for (const c of ref.cases) expectReproduces(computeCost(np.array(c.AL), np.array(c.Y)), c.cost, `cost (${c.name})`);
  assert.is(ref.cases[0].cost, 0.2797765635793422);
});

test("11: Dense with given weights reproduces numpy's inputs·w + b to 1e-12", () => {
  for (const c of reference("11_dense_layer").cases) {
    const layer = new Dense(c.units);
    layer.w = np.array(c.w);
    layer.b = np.array(c.b);
    expectReproduces(layer.call(np.array(c.X)), c.out, `Dense.call (${c.name})`);
  }
});

test("the largest relative difference TypeScript vs numpy is within 1e-12", () => {
  assert.ok(worst <= TOLERANCE, String(worst));
});

test.run();
