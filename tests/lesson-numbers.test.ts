// Every number in a lesson that the workbook's code can produce is produced here by that code and
// looked up in the lesson, in English and in Korean: the worked examples (forward, backward and
// the cost), the gradient check, the computational graph, parameter counts, the learning-rate
// table, the firing unit, the batch-first example, the quizzes' numbers and the train defaults.
// A lesson whose numbers drift from the code fails here.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { LANGS } from "../grader/lessons/index.ts";
import { LESSONS_DIR } from "../grader/lessons/lessons.ts";
import { layerGraph, networkGraph, parameterCount, workedExample } from "../grader/lessons/figures/data.ts";
import { DEFAULTS } from "../grader/train/args.ts";
import { deepParity, depth, shallowParity } from "../lessons/demos/xor_circuit.ts";
import type { NDArray } from "../lib/np/index.ts";
import { np } from "../lib/np/index.ts";
import { relu, sigmoid } from "../solutions/03_activation_forward.ts";
import { modelForward } from "../solutions/04_model_forward.ts";
import { computeCost } from "../solutions/05_cost.ts";
import { modelBackward } from "../solutions/08_model_backward.ts";

const lesson = (lang: string, file: string): string => readFileSync(join(LESSONS_DIR, lang, file), "utf8");
/** A number as the lessons write it: at most 4 decimals, no trailing zeros, no negative zero. */
const n4 = (x: number, digits = 4): string => String(Number(x.toFixed(digits)) || 0);
/** A matrix as the lessons write it in TeX. */
const bmatrix = (A: NDArray, digits = 4): string => {
  const [rows, cols] = A.shape as [number, number];
  const lines = Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => n4(A.data[r * cols + c]!, digits)).join(" & "));
  return `\\begin{bmatrix} ${lines.join(" \\\\ ")} \\end{bmatrix}`;
};
function expectIn(files: string, pieces: string[]): void {
  for (const lang of LANGS) {
    const text = lesson(lang, files);
    for (const piece of pieces) assert.ok(text.includes(piece), `${lang}/${files} should contain ${piece}`);
  }
}

const { X, Y, params } = workedExample();
const [AL, caches] = modelForward(X, params);
const grads = modelBackward(AL, Y, caches);
const cost = computeCost(AL, Y);

test("lesson 02's worked example: Z[1], A[1], Z[2], A[2] and the cost, as modelForward and computeCost compute them", () => {
  expectIn("02_forward_propagation.md", [
    `X = ${bmatrix(X)}`,
    `W^{[1]} = ${bmatrix(params.W1!)}`,
    `Z^{[1]} = ${bmatrix(caches[0]!.activationCache)}`,
    `A^{[1]} = ${bmatrix(caches[1]!.linearCache.A)}`,
    `Z^{[2]} = ${bmatrix(caches[1]!.activationCache)}`,
    `A^{[2]} = \\sigma(Z^{[2]}) = ${bmatrix(AL)}`,
    `\\log(1 - ${n4(AL.data[0]!)}) + \\log ${n4(AL.data[1]!)}`,
    `-\\frac{1}{2}(${n4(Math.log(1 - AL.data[0]!))} - ${n4(-Math.log(AL.data[1]!))}) = ${n4(cost)}`,
  ]);
});

test("lesson 05's worked example: every gradient, as modelBackward computes it", () => {
  const dZ2 = np.subtract(AL, Y);
  const dZ1 = np.multiply(grads.dA1!, np.greater(caches[0]!.activationCache, 0));
  expectIn("05_backward_propagation.md", [
    `A^{[2]} = ${bmatrix(AL)}`,
    `dZ^{[2]} = ${bmatrix(dZ2)}`,
    `dW^{[2]} = \\frac{1}{2} dZ^{[2]} A^{[1]T} = ${bmatrix(grads.dW2!)}`,
    `db^{[2]} = \\frac{1}{2}(${n4(dZ2.data[0]!)} - ${n4(-dZ2.data[1]!)}) = ${n4(grads.db2!.data[0]!)}`,
    `\\frac{1}{2}(${n4(dZ2.data[0]!)} \\cdot 1 + (${n4(dZ2.data[1]!)}) \\cdot 3) = ${n4(grads.dW2!.data[0]!)}`,
    `dA^{[1]} = ${bmatrix(grads.dA1!)}`,
    `dZ^{[1]} = ${bmatrix(dZ1)}`,
    `dW^{[1]} = \\frac{1}{2} dZ^{[1]} X^T = ${bmatrix(grads.dW1!)}`,
    `db^{[1]} = ${bmatrix(grads.db1!)}`,
  ]);
});

test("lesson 05's gradient check: the two nudged costs, the estimate, and what 7 digits would give", () => {
  const J = (w: number): number => {
    const p = { ...params, W2: np.array([[w, params.W2!.data[1]!, params.W2!.data[2]!]]) };
    return computeCost(modelForward(X, p)[0], Y);
  };
  const eps = 1e-4;
  const [plus, minus] = [J(1 + eps), J(1 - eps)];
  const estimate = (plus - minus) / (2 * eps);
  // The lesson divides the costs as it prints them: 10 digits, and the 7-digit warning.
  const shown = (Number(plus.toFixed(10)) - Number(minus.toFixed(10))) / (2 * eps);
  const rounded = (Number(plus.toFixed(7)) - Number(minus.toFixed(7))) / (2 * eps);
  assert.ok(Math.abs(estimate - grads.dW2!.data[0]!) < 1e-6, "the estimate agrees with backprop");
  expectIn("05_backward_propagation.md", [
    `J(\\theta + \\varepsilon) = ${plus.toFixed(10)}`,
    `J(\\theta - \\varepsilon) = ${minus.toFixed(10)}`,
    `(${plus.toFixed(10)} - ${minus.toFixed(10)}) / (2 \\cdot 10^{-4}) = ${shown.toFixed(7)}`,
    `dW^{[2]}_{11} = ${grads.dW2!.data[0]!.toFixed(7)}`,
    `$${rounded.toFixed(4)}$`,
  ]);
});

test("lesson 05's computational graph: the values and gradients in the text, the figure's description and its terminal drawing", () => {
  const g = layerGraph();
  assert.ok(Math.abs(g.dz - (g.a - g.y)) < 1e-12, "dz = a - y");
  assert.equal(g.dW.map((x) => n4(x)), g.aPrev.map((a) => n4(g.dz * a)), "dW[2] = dz · a[1]ᵀ");
  expectIn("05_backward_propagation.md", [
    `\\frac{1}{1 - ${n4(g.a)}} = ${n4(g.da)}`,
    `a(1 - a) = ${n4(g.localSigma)}`,
    `dz = ${n4(g.da)} \\cdot ${n4(g.localSigma)} = ${n4(g.dz)}`,
    `dW^{[2]} = dz \\, a^{[1]T} = (${g.dW.map((x) => n4(x)).join(", ")})`,
    `da^{[1]} = W^{[2]T} dz = (${g.daPrev.map((x) => n4(x)).join(", ")})`,
    `u = ${n4(g.u)}`,
    `a = ${n4(g.a)}`,
    `${n4(g.loss)}`,
  ]);
  const drawing = readFileSync(join(LESSONS_DIR, "figures", "layer_graph.txt"), "utf8");
  for (const piece of [`= ${n4(g.dz)}`, `(${g.daPrev.map((x) => n4(x)).join(", ")})`, `= ${n4(g.loss)}`]) assert.ok(drawing.includes(piece), piece);
});

test("lesson 05's whole-network graph: the values in the figure's description are modelForward's and modelBackward's", () => {
  const g = networkGraph();
  const vec = (xs: number[]) => `(${xs.map((x) => n4(x)).join(", ")})`;
  expectIn("05_backward_propagation.md", [
    `x = ${vec(g.x)}`, `z[1] = ${vec(g.z1)}`, `a[1] = ${vec(g.a1)}`, `z[2] = ${n4(g.z2)}`, `a[2] = ${n4(g.a2)}`,
    `dz[2] = ${n4(g.dz2)}`, `da[1] = ${vec(g.da1)}`, `dz[1] = ${vec(g.dz1)}`, `da[0] = ${vec(g.da0)}`, `dz^{[1]}_3 = ${n4(g.dz1[2]!)}`,
  ]);
});

test("parameter counts: lesson 01's examples, the quiz, and lesson 05's finite-difference arithmetic", () => {
  assert.is(parameterCount([2, 3, 1]), 13);
  assert.is(parameterCount([3, 5, 5, 3, 1]), 72);
  const train = parameterCount(DEFAULTS.layers);
  expectIn("01_deep_networks.md", ["**13**", "72", `$${train}$`]);
  expectIn("05_backward_propagation.md", [`$${train}$`, `$${2 * train}$`, `2 \\cdot ${train} = ${2 * train}`]);
});

test("lesson 04's quiz: the size of the caches of npm run train's network", () => {
  const m = 1380;
  let sum = 0;
  for (let l = 1; l < DEFAULTS.layers.length; l++) sum += DEFAULTS.layers[l - 1]! + DEFAULTS.layers[l]!;
  expectIn("04_building_blocks.md", [`${sum} \\cdot ${m} = ${sum * m}`]);
});

test("lesson 02's quiz: a layer without biases, and two losses", () => {
  const x = np.array([[1], [0]]);
  const z = np.dot(params.W1!, x);
  expectIn("02_forward_propagation.md", [
    `(${[...z.data].map((v) => n4(v)).join(", ")})`,
    `(${[...relu(z).data].map((v) => n4(v)).join(", ")})`,
    `-\\log(1 - 0.9) = ${n4(-Math.log(0.1))}`,
    `-\\log 0.9 = ${n4(-Math.log(0.9))}`,
  ]);
});

test("lesson 06's learning-rate table and quiz: gradient descent on J(w) = w^2", () => {
  const run = (alpha: number, steps: number): number[] => {
    const ws = [1];
    for (let k = 0; k < steps; k++) ws.push(ws[k]! - alpha * 2 * ws[k]!);
    return ws;
  };
  const minus = (s: string) => s.replace("-", "−");
  for (const alpha of [0.1, 0.9, 1.1]) {
    const ws = run(alpha, 3);
    const row = `| ${alpha} | ${minus(n4(1 - 2 * alpha))} | ${ws.map((w) => minus(n4(w))).join(", ")} | ${n4(ws[3]! ** 2, 3)} |`;
    expectIn("06_parameters_hyperparameters.md", [row]);
  }
  const quarter = run(0.25, 2);
  expectIn("06_parameters_hyperparameters.md", [`$w = ${quarter[1]}$`, `$${quarter[2]}$`]);
});

test("lesson 06 names the train defaults and the sweep's rates that npm run train uses", () => {
  expectIn("06_parameters_hyperparameters.md", [`$\\alpha = ${DEFAULTS.lr}$`, DEFAULTS.sweep.slice(0, -1).join(", ")]);
  assert.ok(lesson("en", "06_parameters_hyperparameters.md").includes(`${DEFAULTS.sweep.slice(0, -1).join(", ")} and ${DEFAULTS.sweep.at(-1)}`));
  expectIn("06_parameters_hyperparameters.md", [`${DEFAULTS.iterations}`]);
});

test("lesson 08's firing unit: σ(10 x1 + 10 x2 - 15) for the four inputs, and the OR unit of the quiz", () => {
  const a = sigmoid(np.array([[-15, -5, -5, 5]]));
  const rows = [[0, 0], [0, 1], [1, 0], [1, 1]].map(([x1, x2], k) => `| ${x1} | ${x2} | ${[-15, -5, -5, 5][k]! < 0 ? "−" : ""}${Math.abs([-15, -5, -5, 5][k]!)} | ${a.data[k]!.toFixed(4)} |`);
  expectIn("08_brain_analogy.md", [...rows, `\\sigma(5) = ${sigmoid(np.array([[5]])).data[0]!.toFixed(4)}`]);
});

test("lesson 09's batch-first example: X w + b and the course's transpose", () => {
  const X9 = np.array([[1, 2], [0, -1], [3, 1]]);
  const w = np.array([[2], [-1]]);
  const out = np.add(np.dot(X9, w), 0.5);
  const course = np.add(np.dot(w.T, X9.T), 0.5);
  expectIn("09_from_scratch_to_framework.md", [`= ${bmatrix(out)}$$`, `+ 0.5 = ${bmatrix(course)}$$`]);
});

test("lesson 03's keepdims example prints what lib/np prints", () => {
  const dZ = np.array([[0.5, -1.0, 1.5], [2.0, 0.0, -0.5]]);
  const flat = np.sum(dZ, { axis: 1 });
  const kept = np.sum(dZ, { axis: 1, keepdims: true });
  const wrong = np.subtract(np.zeros([2, 1]), np.multiply(0.1, np.multiply(flat, 1 / 3)));
  expectIn("03_matrix_dimensions.md", [
    `// ${flat.toString()}`,
    `// ${kept.toString().replace(/\n\s*/g, " ")}`,
    ...wrong.toString().split("\n").map((l) => l.trim()),
  ]);
});

test("lesson 07's quiz: the tree and the pattern circuit for 32 and 10 bits", () => {
  const tree = deepParity(32);
  assert.is(tree.units.length / 3, 31);
  assert.is(depth(tree) / 2, 5);
  assert.is(shallowParity(10).units.length, 513);
  expectIn("07_why_deep.md", ["$n - 1 = 31$", "$\\log_2 32 = 5$", "$2^{n-1} = 512$", "513"]);
});

test.run();
