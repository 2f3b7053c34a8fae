import { np } from "../../lib/np/index.ts";
import type { NDArray, RandomState } from "../../lib/np/index.ts";
import { defineExercise, expectClose, expectShape, expectTuple, hiddenCases, inOrder, numericalGradient, randint } from "../check/index.ts";
import type { CheckContext, Mistake } from "../check/index.ts";
import { checkGradients, expectGradShape, fromJson, same, weightedSum } from "../check/backward.ts";
import * as forwardRef from "../../solutions/03_activation_forward.ts";
import { linearBackward } from "../../solutions/06_linear_backward.ts";

type Activation = "sigmoid" | "relu";
type Grads = { dA_prev: NDArray; dW: NDArray; db: NDArray };
type Case = { name: string; dA: NDArray; A: NDArray; W: NDArray; b: NDArray; Z: NDArray; sigmoid: Grads; relu: Grads };
type DZCase = { name: string; dA: NDArray; Z: NDArray; relu: NDArray; sigmoid: NDArray };
const cases = (ctx: CheckContext) => fromJson(ctx.reference.cases ?? []) as Case[];
const dzCases = (ctx: CheckContext) => fromJson(ctx.reference.dZ ?? []) as DZCase[];
const ACTIVATIONS: Activation[] = ["sigmoid", "relu"];
const RETURNS = ["dAprev", "dW", "db"];
const FN = { relu: "reluBackward", sigmoid: "sigmoidBackward" } as const;

const σ = (Z: NDArray) => np.divide(1, np.add(1, np.exp(np.negative(Z))));
const sigmoidSlope = (Z: NDArray) => np.multiply(σ(Z), np.subtract(1, σ(Z)));

/** dZ for the usual mistakes in reluBackward and sigmoidBackward, to name them. */
function dzMistakes(activation: Activation, dA: NDArray, Z: NDArray): Mistake[] {
  if (activation === "relu") {
    return [
      { value: np.where(np.less(Z, 0), 0, dA), id: "relu-backward-keeps-da-where-z-negative", says: "dZ keeps dA where Z = 0 exactly: the test is Z < 0, but the course's is Z <= 0 (dZ[Z <= 0] = 0): where Z is 0 the unit is off and its slope is taken as 0. Use np.less_equal(Z, 0)." },
      { value: np.greater(Z, 0), id: "relu-backward-slope-only", says: "dZ is the 0/1 slope g'(Z) alone: multiply it by dA, dZ = dA * g'(Z) (chain rule)." },
      { value: np.greater_equal(Z, 0), id: "relu-backward-mask-only", says: "dZ is a 0/1 mask alone: multiply by dA, dZ = dA * g'(Z) (chain rule), with g'(Z) = 0 where Z <= 0." },
      { value: np.maximum(0, dA), id: "relu-backward-max-of-da", says: "dZ = max(0, dA): ReLU was applied to dA. Which entries pass depends on Z (the unit was on where Z > 0), not on the sign of dA." },
      { value: np.multiply(dA, Z), id: "relu-backward-da-times-z", says: "dZ = dA * Z: ReLU's slope is 1 where Z > 0 and 0 elsewhere, not Z itself." },
      { value: dA, id: "relu-backward-wrong-slope", says: "dZ = dA: the slope g'(Z) is missing; it is 0 where Z <= 0." },
    ];
  }
  const s = σ(Z);
  const sA = σ(s);
  return [
    { value: np.multiply(dA, np.multiply(Z, np.subtract(1, Z))), id: "relu-backward-mask-inverted", says: "dZ = dA·Z·(1 − Z): the formula σ'(z) = a·(1 − a) needs a = σ(z), but Z was used as if it were A. Compute s = σ(Z) first, then dA·s·(1 − s)." },
    { value: np.multiply(dA, np.multiply(sA, np.subtract(1, sA))), id: "sigmoid-backward-slope-only", says: "This is σ'(A) with A = σ(Z): the sigmoid was applied twice. The slope is taken at Z: s = σ(Z), dZ = dA·s·(1 − s)." },
    { value: np.multiply(s, np.subtract(1, s)), id: "sigmoid-backward-without-da", says: "dZ = σ(Z)·(1 − σ(Z)) alone: multiply by dA, dZ = dA * g'(Z) (chain rule)." },
    { value: np.multiply(dA, s), id: "sigmoid-backward-da-times-sigmoid", says: "dZ = dA·σ(Z): the factor (1 − σ(Z)) is missing; σ'(z) = σ(z)·(1 − σ(z))." },
    { value: np.multiply(dA, np.subtract(1, s)), id: "sigmoid-backward-one-minus-only", says: "dZ = dA·(1 − σ(Z)): the factor σ(Z) is missing; σ'(z) = σ(z)·(1 − σ(z))." },
    { value: s, id: "sigmoid-backward-forward-value", says: "dZ = σ(Z): that is the forward step. The backward step multiplies dA by the slope σ(Z)·(1 − σ(Z))." },
    { value: dA, id: "sigmoid-backward-wrong-slope", says: "dZ = dA: the slope σ'(Z) = σ(Z)·(1 − σ(Z)) is missing." },
  ];
}

/** [dA_prev, dW, db] for the usual mistakes in linearActivationBackward, by output, to name them. */
function layerMistakes(activation: Activation, c: { dA: NDArray; A: NDArray; W: NDArray; b: NDArray; Z: NDArray }): Mistake[][] {
  const other: Activation = activation === "relu" ? "sigmoid" : "relu";
  const right = activation === "relu" ? np.where(np.less_equal(c.Z, 0), 0, c.dA) : np.multiply(c.dA, sigmoidSlope(c.Z));
  const variants: { dZ: NDArray; id: string; says: string }[] = [
    {
      dZ: other === "relu" ? np.where(np.less_equal(c.Z, 0), 0, c.dA) : np.multiply(c.dA, sigmoidSlope(c.Z)),
      id: "activation-backward-branches-swapped", says: `This is the ${other} layer's gradient: for activation "${activation}", dZ comes from ${FN[activation]}, not ${FN[other]}.`,
    },
    { dZ: c.dA, id: "da-used-as-dz", says: "This treats dA as dZ: first go back through the activation, dZ = " + FN[activation] + "(dA, Z), then linearBackward(dZ, linearCache)." },
    ...dzMistakes(activation, c.dA, c.Z).map((m) => ({ dZ: m.value as NDArray, id: `${activation}-backward-${m.id}`, says: `Your ${FN[activation]} is wrong this way: ${m.says}` })),
  ].filter((v) => !same(v.dZ, right));
  const out: Mistake[][] = [[], [], []];
  for (const v of variants) {
    const grads = linearBackward(v.dZ, { A: c.A, W: c.W, b: c.b });
    grads.forEach((g, k) => out[k]!.push({ value: g, id: v.id, says: v.says }));
  }
  // The linear part's own mistakes: 1/m in dA_prev, none in dW.
  const m = c.A.shape[1]!;
  const [dAprev, dW] = linearBackward(right, { A: c.A, W: c.W, b: c.b });
  out[0]!.push({ value: np.divide(dAprev, m), id: "da-prev-divided-by-m", says: "dA_prev is divided by m: the 1/m belongs to dW and db only (use linearBackward from exercise 06)." });
  out[1]!.push({ value: np.multiply(dW, m), id: "dw-without-1-over-m", says: "dW has no 1/m: dW = (1/m)·dZ·A_prevᵀ (use linearBackward from exercise 06)." });
  return out;
}

async function checkDZ(ctx: CheckContext, activation: Activation): Promise<string> {
  const verdicts = await inOrder(dzCases(ctx), async (c) => {
    const dZ = await ctx.call(FN[activation], c.dA, c.Z);
    expectShape(dZ, c.Z.shape, "dZ", "the shape of Z: (n[l], m)");
    return expectClose(dZ, c[activation], `dZ (${c.name})`, { mistakes: dzMistakes(activation, c.dA, c.Z) });
  });
  return verdicts.find((v) => v !== "exact") ?? "exact";
}

async function runLayer(ctx: CheckContext, c: { dA: NDArray; A: NDArray; W: NDArray; b: NDArray; Z: NDArray }, activation: Activation): Promise<NDArray[]> {
  const out = expectTuple(
    await ctx.call("linearActivationBackward", c.dA, { linearCache: { A: c.A, W: c.W, b: c.b }, activationCache: c.Z }, activation),
    RETURNS,
    `linearActivationBackward(dA, cache, "${activation}")`,
  );
  const [n1, m] = c.dA.shape as [number, number];
  const n0 = c.A.shape[0]!;
  return [
    expectGradShape(out[0], [n0, m], "dA_prev", "A_prev: (n[l-1], m)"),
    expectGradShape(out[1], [n1, n0], "dW", "W: (n[l], n[l-1])"),
    expectGradShape(out[2], [n1, 1], "db", "b: (n[l], 1)", m),
  ];
}

function layerValues(out: NDArray[], expected: NDArray[], c: Parameters<typeof layerMistakes>[1], activation: Activation, label: string): string {
  const named = layerMistakes(activation, c);
  const order = [1, 2, 0];
  const names = ["dA_prev", "dW", "db"];
  const verdicts = order.map((k) => expectClose(out[k], expected[k]!, `${names[k]} for "${activation}"${label}`, { mistakes: named[k] }));
  return verdicts.find((v) => v !== "exact") ?? "exact";
}

/** A Z with some exact zeros, where ReLU's slope is taken as 0. */
function zWithZeros(rng: RandomState, n: number, m: number): NDArray {
  const Z = rng.randn(n, m);
  const d = Z.data;
  for (let i = 0; i < d.length; i++) if (rng.rand() < 0.25) d[i] = 0;
  return Z;
}

export default defineExercise({
  title: "Activation backward: dZ[l] = dA[l] * g'(Z[l]), then the linear backward step",
  lesson: "05_backward_propagation#activation-derivatives",
  exports: { reluBackward: "(dA, Z)", sigmoidBackward: "(dA, Z)", linearActivationBackward: "(dA, cache, activation)" },
  hints: [
    "In the forward step A = g(Z). Going backward, by how much does A change when Z changes a little? That slope, g'(Z), multiplies dA element by element.",
    "ReLU is flat (slope 0) where Z <= 0 and the identity (slope 1) where Z > 0: which entries of dA survive? np.where(condition, 0, dA) keeps the others.",
    "The sigmoid's slope is σ(z)·(1 − σ(z)). The cache holds Z, not A: what do you have to compute first?",
    "reluBackward: np.where(np.less_equal(Z, 0), 0, dA). sigmoidBackward: s = σ(Z), then dA·s·(1 − s). linearActivationBackward: dZ from the right one of them with Z = cache.activationCache, then linearBackward(dZ, cache.linearCache).",
  ],
  checks: [
    {
      name: "reluBackward: dZ = dA where Z > 0, and 0 where Z <= 0 (also at Z = 0)",
      run: async (ctx) => await checkDZ(ctx, "relu"),
    },
    {
      name: "sigmoidBackward: dZ = dA · σ(Z) · (1 − σ(Z))",
      run: async (ctx) => await checkDZ(ctx, "sigmoid"),
    },
    {
      name: "linearActivationBackward: returns [dAprev, dW, db], each with the shape of A[l-1], W[l], b[l]",
      lesson: "03_matrix_dimensions#gradient-shapes",
      run: async (ctx) => {
        for (const c of cases(ctx)) for (const activation of ACTIVATIONS) await runLayer(ctx, c, activation);
      },
    },
    {
      name: "linearActivationBackward: the course's values, for sigmoid and relu",
      points: 2,
      run: async (ctx) => {
        const verdicts = (
          await inOrder(cases(ctx), (c) =>
            inOrder(ACTIVATIONS, async (activation) => {
              const g = c[activation];
              return layerValues(await runLayer(ctx, c, activation), [g.dA_prev, g.dW, g.db], c, activation, ` (${c.name})`);
            }),
          )
        ).flat();
        return verdicts.find((v) => v !== "exact") ?? "exact";
      },
    },
    {
      name: "hidden cases: other shapes, Z with exact zeros, both activations",
      points: 2,
      run: async (ctx) => {
        for (const activation of ACTIVATIONS) {
          await hiddenCases(
            ctx,
            FN[activation],
            2,
            (rng) => {
              const [n, m] = [randint(rng, 1, 6), randint(rng, 2, 8)];
              return { names: ["dA", "Z"], args: [rng.randn(n, m), zWithZeros(rng, n, m)] };
            },
            (actual, expected, c) => {
              const [dA, Z] = c.args as NDArray[];
              expectShape(actual, Z!.shape, "dZ", "the shape of Z: (n[l], m)");
              expectClose(actual, expected, "dZ", { mistakes: dzMistakes(activation, dA!, Z!) });
            },
          );
        }
        await hiddenCases(
          ctx,
          "linearActivationBackward",
          4,
          (rng, i) => {
            const [n0, n1, m] = [randint(rng, 1, 7), randint(rng, 1, 7), randint(rng, 2, 9)];
            const cache = { linearCache: { A: rng.randn(n0, m), W: rng.randn(n1, n0), b: rng.randn(n1, 1) }, activationCache: rng.randn(n1, m) };
            return { names: ["dA", "cache", "activation"], args: [rng.randn(n1, m), cache, ACTIVATIONS[i % 2]] };
          },
          (actual, expected, c) => {
            const [dA, cache, activation] = c.args as [NDArray, { linearCache: { A: NDArray; W: NDArray; b: NDArray }; activationCache: NDArray }, Activation];
            const out = expectTuple(actual, RETURNS, `linearActivationBackward(dA, cache, "${activation}")`);
            const layer = { dA, ...cache.linearCache, Z: cache.activationCache };
            const [n1, m] = dA.shape as [number, number];
            expectGradShape(out[0], layer.A.shape, "dA_prev", "A_prev: (n[l-1], m)");
            expectGradShape(out[1], layer.W.shape, "dW", "W: (n[l], n[l-1])");
            expectGradShape(out[2], [n1, 1], "db", "b: (n[l], 1)", m);
            layerValues(out as NDArray[], expected as NDArray[], layer, activation, "");
          },
        );
      },
    },
    {
      name: "gradient check: dZ and the layer's gradients agree with central differences through the forward step",
      points: 2,
      lesson: "05_backward_propagation#gradient-checking",
      run: async (ctx) => {
        const c = cases(ctx).find((x) => x.W.shape[0] === x.W.shape[1]) ?? cases(ctx)[0]!;
        // The reference forward step: a mistake in 03 never costs points here.
        const forward = forwardRef;
        const who = "the reference 03_activation_forward";
        const pairs: { name: string; analytic: NDArray; numeric: NDArray }[] = [];
        for (const activation of ACTIVATIONS) {
          // dZ: the gradient of Σ(dA ⊙ g(Z)) with respect to Z.
          const [G, Z] = [c.dA.copy(), c.Z.copy()];
          const dZ = expectShape(await ctx.call(FN[activation], G.copy(), Z.copy()), Z.shape, "dZ", "the shape of Z: (n[l], m)");
          pairs.push({ name: `${FN[activation]}'s dZ`, analytic: dZ, numeric: numericalGradient(() => weightedSum(G, forward[activation](Z)), Z) });
        }
        for (const activation of ACTIVATIONS) {
          // The layer: J = (1/m)·Σ(dA ⊙ g(W·A_prev + b)); dA_prev has no 1/m, so it is compared with m·∂J/∂A_prev.
          const [G, A, W, b] = [c.dA.copy(), c.A.copy(), c.W.copy(), c.b.copy()];
          const m = A.shape[1]!;
          const [, cache] = forwardRef.linearActivationForward(A.copy(), W.copy(), b.copy(), activation);
          const [dAprev, dW, db] = await runLayer(ctx, { dA: G.copy(), A: A.copy(), W: W.copy(), b: b.copy(), Z: cache.activationCache }, activation);
          const J = () => weightedSum(G, forward.linearActivationForward(A, W, b, activation)[0]) / m;
          pairs.push(
            { name: `dW for "${activation}"`, analytic: dW!, numeric: numericalGradient(J, W) },
            { name: `db for "${activation}"`, analytic: db!, numeric: numericalGradient(J, b) },
            { name: `dA_prev for "${activation}"`, analytic: dAprev!, numeric: np.multiply(m, numericalGradient(J, A)) },
          );
        }
        return checkGradients(pairs, `J = (1/m)·Σ(dA ⊙ A) with A from ${who}`, who);
      },
    },
  ],
});
