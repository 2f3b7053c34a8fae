import { np } from "../../lib/np/index.ts";
import type { NDArray } from "../../lib/np/index.ts";
import {
  defineExercise,
  expectClose,
  expectTuple,
  hiddenCases,
  inOrder,
  numericalGradient,
  randint,
} from "../check/index.ts";
import type { CheckContext, Mistake } from "../check/index.ts";
import { callExplained, checkGradients, expectGradShape, findMistake, fromJson, tryLearner, weightedSum } from "../check/backward.ts";
import * as linearForwardRef from "../../solutions/02_linear_forward.ts";

type Case = { name: string; dZ: NDArray; A: NDArray; W: NDArray; b: NDArray; dA_prev: NDArray; dW: NDArray; db: NDArray };
const cases = (ctx: CheckContext) => fromJson(ctx.reference.cases ?? []) as Case[];
const RETURNS = ["dAprev", "dW", "db"];

/** The answers of the usual mistakes for these inputs, by output, to name them. */
function mistakes(dZ: NDArray, A: NDArray, W: NDArray): { dAprev: Mistake[]; dW: Mistake[]; db: Mistake[] } {
  const [n0, m] = A.shape as [number, number];
  const n1 = dZ.shape[0]!;
  const dZAt = np.dot(dZ, A.T);
  const sum = np.sum(dZ, { axis: 1, keepdims: true });
  const dW: Mistake[] = [
    { value: dZAt, id: "dw-without-1-over-m", says: "dW has no 1/m: the cost J averages the losses of the m examples, so dW = (1/m)·dZ·A_prevᵀ." },
    { value: np.divide(dZAt, m * m), id: "dw-divided-by-m-twice", says: "dW is divided by m twice: dW = (1/m)·dZ·A_prevᵀ has a single 1/m." },
  ];
  if (n0 !== m) {
    dW.push({ value: np.divide(dZAt, n0), id: "dw-divided-by-n-prev", says: `dW is divided by n[l-1] = A_prev.shape[0] = ${n0}: m is the number of examples, the columns of A_prev: A_prev.shape[1] = ${m}.` });
  }
  if (m === n0) {
    dW.push({ value: np.divide(np.dot(dZ, A), m), id: "dw-without-transpose", says: "dW = (1/m)·dZ·A_prev, without the transpose: each unit's gradient pairs dZ's row with A_prev's rows over the m examples, so it is dZ·A_prevᵀ (A.T)." });
  }
  if (n1 === n0) {
    dW.push({ value: np.divide(np.dot(A, dZ.T), m), id: "dw-operands-reversed", says: "The operands are in the wrong order: (1/m)·A_prev·dZᵀ is dWᵀ. dW = (1/m)·dZ·A_prevᵀ, dZ first, like W·A in the forward step." });
  }
  if (n1 === n0 && m === n0) {
    dW.push({ value: np.divide(np.multiply(dZ, A.T), m), id: "dw-elementwise", says: "dW uses an element-wise product (np.multiply): the sum over the m examples needs the matrix product np.dot(dZ, A_prev.T)." });
    dW.push({ value: np.divide(np.multiply(dZ, A), m), id: "dw-elementwise-2", says: "dW uses an element-wise product (np.multiply): the sum over the m examples needs the matrix product np.dot(dZ, A_prev.T)." });
  }
  const db: Mistake[] = [
    { value: sum, id: "db-without-1-over-m", says: "db has no 1/m: db = (1/m)·np.sum(dZ, { axis: 1, keepdims: true })." },
    { value: np.divide(sum, m * m), id: "db-divided-by-m-twice", says: "db is divided by m twice: db = (1/m)·np.sum(dZ, { axis: 1, keepdims: true }) has a single 1/m." },
  ];
  const WtdZ = np.dot(W.T, dZ);
  const dAprev: Mistake[] = [
    { value: np.divide(WtdZ, m), id: "da-prev-divided-by-m", says: "dA_prev is divided by m: the 1/m belongs to dW and db only. dA[l-1] = W[l]ᵀ·dZ[l] is passed down to layer l-1, which averages when it computes its own dW and db." },
  ];
  if (n1 === n0) {
    dAprev.push({ value: np.dot(W, dZ), id: "da-prev-without-transpose", says: "dA_prev = W·dZ, without the transpose: the error goes back through the weights, so dA[l-1] = W[l]ᵀ·dZ[l] (W.T)." });
  }
  if (n1 === n0 && m === n1) {
    dAprev.push({ value: np.multiply(W.T, dZ), id: "da-prev-elementwise", says: "dA_prev uses an element-wise product (np.multiply): it is the matrix product np.dot(W.T, dZ)." });
    dAprev.push({ value: np.multiply(W, dZ), id: "da-prev-elementwise-2", says: "dA_prev uses an element-wise product (np.multiply): it is the matrix product np.dot(W.T, dZ)." });
  }
  return { dAprev, dW, db };
}

/** When the learner's code throws on shapes, the mistake its answer equals on the square case. */
function explainOnSquare(ctx: CheckContext): () => Promise<string | undefined> {
  return async () => {
    const square = cases(ctx).find((c) => c.dZ.shape[0] === c.A.shape[0] && c.A.shape[0] === c.A.shape[1]);
    if (!square) return undefined;
    const out = await tryLearner(ctx, "linearBackward", [square.dZ, { A: square.A, W: square.W, b: square.b }]);
    if (!Array.isArray(out)) return undefined;
    const named = mistakes(square.dZ, square.A, square.W);
    for (const [k, key] of (["dAprev", "dW", "db"] as const).entries()) {
      const hit = findMistake(out[k], named[key]);
      if (hit) return `your ${key} is wrong this way: ${hit.says}`;
    }
    return undefined;
  };
}

async function run(ctx: CheckContext, c: Pick<Case, "dZ" | "A" | "W" | "b">): Promise<unknown[]> {
  const out = await callExplained(ctx, "linearBackward", [c.dZ, { A: c.A, W: c.W, b: c.b }], explainOnSquare(ctx));
  return expectTuple(out, RETURNS, "linearBackward");
}

function expectShapes(out: unknown[], c: Pick<Case, "dZ" | "A" | "W">): NDArray[] {
  const [n1, m] = c.dZ.shape as [number, number];
  const n0 = c.A.shape[0]!;
  return [
    expectGradShape(out[0], [n0, m], "dA_prev", "A_prev: (n[l-1], m)"),
    expectGradShape(out[1], [n1, n0], "dW", "W: (n[l], n[l-1])"),
    expectGradShape(out[2], [n1, 1], "db", "b: (n[l], 1)", m),
  ];
}

function expectValues(out: unknown[], expected: NDArray[], c: Pick<Case, "dZ" | "A" | "W">, label = ""): string {
  const named = mistakes(c.dZ, c.A, c.W);
  const verdicts = [
    expectClose(out[1], expected[1]!, `dW${label}`, { mistakes: named.dW }),
    expectClose(out[2], expected[2]!, `db${label}`, { mistakes: named.db }),
    expectClose(out[0], expected[0]!, `dA_prev${label}`, { mistakes: named.dAprev }),
  ];
  return verdicts.find((v) => v !== "exact") ?? "exact";
}

export default defineExercise({
  title: "Linear backward: dW[l], db[l] and dA[l-1] from dZ[l]",
  lesson: "05_backward_propagation#vectorized",
  exports: { linearBackward: "(dZ, cache)" },
  hints: [
    "What shapes must the three results have? A gradient always has the shape of what it is the gradient of: dW like W (n[l], n[l-1]), db like b (n[l], 1), dA_prev like A_prev (n[l-1], m).",
    "dZ is (n[l], m) and A_prev is (n[l-1], m): which one needs a transpose so that np.dot gives (n[l], n[l-1])? And which of the three results average over the m examples?",
    "m = A_prev.shape[1]. db needs the sum over the examples as a column: np.sum(dZ, { axis: 1, keepdims: true }). What shape would it have without keepdims?",
    "dW = (1/m)·np.dot(dZ, A_prev.T), db = (1/m)·np.sum(dZ, { axis: 1, keepdims: true }), dA_prev = np.dot(W.T, dZ) — with no 1/m in dA_prev.",
  ],
  checks: [
    {
      name: "returns [dAprev, dW, db]",
      run: async (ctx) => {
        await run(ctx, cases(ctx)[0]!);
      },
    },
    {
      name: "each gradient has the shape of what it is the gradient of: dA[l-1] like A[l-1], dW[l] like W[l], db[l] like b[l]",
      lesson: "03_matrix_dimensions#gradient-shapes",
      run: async (ctx) => {
        for (const c of cases(ctx)) expectShapes(await run(ctx, c), c);
      },
    },
    {
      name: "dA_prev, dW, db equal the course's values",
      points: 2,
      run: async (ctx) => {
        const verdicts = await inOrder(cases(ctx), async (c) => {
          const out = await run(ctx, c);
          expectShapes(out, c);
          return expectValues(out, [c.dA_prev, c.dW, c.db], c, ` (${c.name})`);
        });
        return verdicts[0];
      },
    },
    {
      name: "hidden cases: other layer sizes and numbers of examples",
      points: 2,
      run: async (ctx) =>
        hiddenCases(
          ctx,
          "linearBackward",
          5,
          (rng) => {
            const [n0, n1, m] = [randint(rng, 1, 8), randint(rng, 1, 8), randint(rng, 2, 10)];
            return { names: ["dZ", "cache"], args: [rng.randn(n1, m), { A: rng.randn(n0, m), W: rng.randn(n1, n0), b: rng.randn(n1, 1) }] };
          },
          (actual, expected, c) => {
            const [dZ, { A, W }] = c.args as [NDArray, { A: NDArray; W: NDArray }];
            const out = expectTuple(actual, RETURNS, "linearBackward");
            expectShapes(out, { dZ, A, W });
            expectValues(out, expected as NDArray[], { dZ, A, W });
          },
        ),
    },
    {
      name: "gradient check: the gradients of J = (1/m)·Σ(dZ ⊙ Z) through the forward step",
      points: 2,
      lesson: "05_backward_propagation#gradient-checking",
      run: async (ctx) => {
        const c = cases(ctx)[0]!;
        // The reference forward step: a mistake in 02 never costs points here.
        const linearForward = linearForwardRef.linearForward;
        const who = "the reference linearForward";
        const [A, W, b, G] = [c.A.copy(), c.W.copy(), c.b.copy(), c.dZ.copy()];
        const m = A.shape[1]!;
        // ∂J/∂Z = dZ/m, so ∂J/∂W = dW and ∂J/∂b = db; ∂J/∂A_prev = W[l]ᵀ·dZ/m = dA_prev/m (dA_prev has no 1/m).
        const J = () => weightedSum(G, linearForward(A, W, b)[0]) / m;
        const out = await run(ctx, { dZ: G.copy(), A: A.copy(), W: W.copy(), b: b.copy() });
        const [dAprev, dW, db] = expectShapes(out, c);
        return checkGradients(
          [
            { name: "dW", analytic: dW!, numeric: numericalGradient(J, W) },
            { name: "db", analytic: db!, numeric: numericalGradient(J, b) },
            { name: "dA_prev (compared with m·∂J/∂A_prev: it has no 1/m)", analytic: dAprev!, numeric: np.multiply(m, numericalGradient(J, A)) },
          ],
          `J = (1/m)·Σ(dZ ⊙ Z), Z from ${who}`,
          who,
        );
      },
    },
  ],
});
