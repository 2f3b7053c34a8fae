import { np } from "../../lib/np/index.ts";
import type { NDArray } from "../../lib/np/index.ts";
import { defineExercise, expectClose, expectHolds, expectKeys, expectShape, expectTuple, hiddenCases, randint } from "../check/index.ts";
import type { CheckContext } from "../check/index.ts";

type Case = { name: string; A: number[][]; W: number[][]; b: number[][]; Z: number[][] };
const cases = (ctx: CheckContext) => ((ctx.reference.cases ?? []) as Case[]).map((c) => ({ ...c, A: np.array(c.A), W: np.array(c.W), b: np.array(c.b), Z: np.array(c.Z) }));

/** The answers of the usual mistakes, to name them. */
const mistakes = (A: NDArray, W: NDArray, b: NDArray) => {
  const list = [
    { value: np.dot(W, A), id: "z-without-bias", says: "This is W·A without b: add the bias column b[l] (np.add)." },
    { value: np.add(np.dot(W, A), np.multiply(b, 2)), id: "bias-added-twice", says: "b was added twice." },
  ];
  if (W.shape[0] === A.shape[1]) list.push({ value: np.add(np.dot(A.T, W.T), b), id: "product-order-reversed", says: "This is Aᵀ·Wᵀ + b: the product must be W·A (W first)." });
  return list;
};

export default defineExercise({
  title: "Linear forward: Z[l] = W[l]·A[l-1] + b[l]",
  lesson: "02_forward_propagation#vectorized",
  exports: { linearForward: "(A, W, b)" },
  hints: [
    "Z[l] = W[l]·A[l-1] + b[l] — which matrix comes first in the product, and why? Check with the shapes: W is (n[l], n[l-1]), A is (n[l-1], m).",
    "Is `np.multiply` (element by element) the same as `np.dot` (the matrix product)? Which one sums over the n[l-1] inputs?",
    "b has shape (n[l], 1) and W·A has shape (n[l], m): np.add broadcasts b across the m columns. The answer is np.add(np.dot(W, A), b).",
  ],
  checks: [
    {
      name: "returns [Z, cache]",
      run: async (ctx) => {
        const { A, W, b } = cases(ctx)[0]!;
        const [, cache] = expectTuple(await ctx.call("linearForward", A, W, b), ["Z", "cache"], "linearForward");
        expectKeys(cache, ["A", "W", "b"], "cache");
      },
    },
    {
      name: "Z has shape (n[l], m)",
      run: async (ctx) => {
        for (const { A, W, b } of cases(ctx)) {
          const [Z] = expectTuple(await ctx.call("linearForward", A, W, b), ["Z", "cache"], "linearForward");
          expectShape(Z, [W.shape[0]!, A.shape[1]!], "Z", `(n[l], m)`);
        }
      },
    },
    {
      name: "Z equals the course's values",
      points: 2,
      run: async (ctx) => {
        const verdicts: string[] = [];
        for (const c of cases(ctx)) {
          const [Z] = expectTuple(await ctx.call("linearForward", c.A, c.W, c.b), ["Z", "cache"], "linearForward");
          verdicts.push(expectClose(Z, c.Z, "Z", { notation: "(n[l], m)", mistakes: mistakes(c.A, c.W, c.b) }));
        }
        return verdicts[0];
      },
    },
    {
      name: "the cache holds the inputs A, W, b and they are not changed",
      run: async (ctx) => {
        const { A, W, b } = cases(ctx)[0]!;
        const [, cache] = expectTuple(await ctx.call("linearForward", A, W, b), ["Z", "cache"], "linearForward");
        const held = expectKeys(cache, ["A", "W", "b"], "cache");
        expectHolds(held.A, A, "cache.A", "A");
        expectHolds(held.W, W, "cache.W", "W");
        expectHolds(held.b, b, "cache.b", "b");
      },
    },
    {
      name: "hidden cases: other layer sizes and numbers of examples",
      points: 2,
      run: async (ctx) =>
        hiddenCases(
          ctx,
          "linearForward",
          5,
          (rng) => {
            const [n0, n1, m] = [randint(rng, 1, 8), randint(rng, 1, 8), randint(rng, 1, 12)];
            return { names: ["A", "W", "b"], args: [rng.randn(n0, m), rng.randn(n1, n0), rng.randn(n1, 1)] };
          },
          (actual, [Z], c) => {
            const [A, W, b] = c.args as NDArray[];
            const [z] = expectTuple(actual, ["Z", "cache"], "linearForward");
            expectClose(z, Z, "Z", { notation: "(n[l], m)", mistakes: mistakes(A!, W!, b!) });
          },
        ),
    },
  ],
});
