import { np } from "../../lib/np/index.ts";
import type { NDArray } from "../../lib/np/index.ts";
import { defineExercise, expectArray, expectClose, expectHolds, expectKeys, expectShape, expectTuple, fail, hiddenCases, matches, randint } from "../check/index.ts";
import type { CheckContext, Mistake } from "../check/index.ts";
import { expectCloseNamed } from "../check/forward.ts";

type Activation = "sigmoid" | "relu";
const ACTIVATIONS: Activation[] = ["sigmoid", "relu"];

type RawActivations = { name: string; Z: number[][]; sigmoid: number[][]; relu: number[][] };
type RawCase = { name: string; A_prev: number[][]; W: number[][]; b: number[][]; Z: number[][]; sigmoid: number[][]; relu: number[][] };

const activationCases = (ctx: CheckContext) =>
  ((ctx.reference.activations ?? []) as RawActivations[]).map((c) => ({ name: c.name, Z: np.array(c.Z), sigmoid: np.array(c.sigmoid), relu: np.array(c.relu) }));
const layerCases = (ctx: CheckContext) =>
  ((ctx.reference.cases ?? []) as RawCase[]).map((c) => ({
    name: c.name,
    Aprev: np.array(c.A_prev),
    W: np.array(c.W),
    b: np.array(c.b),
    Z: np.array(c.Z),
    sigmoid: np.array(c.sigmoid),
    relu: np.array(c.relu),
  }));

// The right functions and the usual wrong ones, written with np so their answers can be named.
const sigmoid = (Z: NDArray) => np.divide(1, np.add(1, np.exp(np.negative(Z))));
const relu = (Z: NDArray) => np.maximum(0, Z);

const SIGMOID_SIGN = "That is 1 / (1 + e^Z) = σ(-Z): the exponent must be -Z (np.exp(np.negative(Z))), so that large positive z gives σ(z) close to 1.";

function sigmoidMistakes(Z: NDArray): Mistake[] {
  return [
    { value: sigmoid(np.negative(Z)), id: "sigmoid-sign", says: SIGMOID_SIGN },
    { value: np.exp(np.negative(Z)), id: "sigmoid-exp-only", says: "That is e^(-Z) alone: σ(Z) = 1 / (1 + e^(-Z))." },
    { value: np.add(1, np.exp(np.negative(Z))), id: "sigmoid-denominator-only", says: "That is 1 + e^(-Z), the denominator: σ(Z) = 1 / (1 + e^(-Z)) (np.divide(1, …))." },
    { value: relu(Z), id: "relu-instead-of-sigmoid", says: "That is relu(Z), max(0, Z): sigmoid is 1 / (1 + e^(-Z))." },
  ];
}

function reluMistakes(Z: NDArray): Mistake[] {
  return [
    { value: np.maximum(Z, 1), id: "relu-cut-at-1", says: "np.maximum(Z, 1) cuts at 1: ReLU keeps the positive values and sets the negative ones to 0, np.maximum(0, Z)." },
    { value: np.abs(Z), id: "relu-abs", says: "That is |Z|: it turns negative values positive, but ReLU sets them to 0 (np.maximum(0, Z))." },
    { value: np.minimum(0, Z), id: "relu-minimum", says: "np.minimum keeps the negative part: ReLU is np.maximum(0, Z)." },
    { value: np.greater(Z, 0), id: "relu-mask-not-value", says: "That is the mask Z > 0 (0s and 1s), ReLU's derivative: ReLU itself keeps the value, np.maximum(0, Z)." },
    { value: sigmoid(Z), id: "sigmoid-instead-of-relu", says: "That is sigmoid(Z): relu(Z) = max(0, Z)." },
  ];
}

/** What linearActivationForward gives with the usual mistakes, for the activation asked for. */
function layerMistakes(Z: NDArray, activation: Activation): Mistake[] {
  const other: Activation = activation === "sigmoid" ? "relu" : "sigmoid";
  const list: Mistake[] = [
    {
      value: other === "sigmoid" ? sigmoid(Z) : relu(Z),
      id: "activation-branches-swapped", says: `With activation "${activation}" this is ${other}(Z): the two branches are swapped (compare activation with "sigmoid" and "relu", and apply that function).`,
    },
    { value: Z, id: "activation-not-applied", says: "This is Z itself: the activation g(Z) was not applied." },
  ];
  if (activation === "sigmoid") list.push({ value: sigmoid(np.negative(Z)), id: "sigmoid-wrong", says: `Your sigmoid is wrong (see the sigmoid check): ${SIGMOID_SIGN}` });
  else list.push(...reluMistakes(Z).slice(0, 3).map((m) => ({ value: m.value, id: "relu-wrong", says: `Your relu is wrong (see the relu check): ${m.says}` })));
  return list;
}

async function checkActivation(ctx: CheckContext, fn: Activation, mistakes: (Z: NDArray) => Mistake[]): Promise<string> {
  const verdicts: string[] = [];
  for (const c of activationCases(ctx)) {
    const A = await ctx.call(fn, c.Z);
    expectShape(A, c.Z.shape, `${fn}(Z)`, "the shape of Z");
    verdicts.push(expectCloseNamed(A, c[fn], `${fn}(Z) for ${c.name}`, { mistakes: () => mistakes(c.Z) }));
  }
  return verdicts[0]!;
}

async function layerOutput(ctx: CheckContext, args: [NDArray, NDArray, NDArray, Activation]): Promise<[unknown, unknown]> {
  const [A, cache] = expectTuple(await ctx.call("linearActivationForward", ...args), ["A", "cache"], "linearActivationForward");
  return [A, cache];
}

export default defineExercise({
  title: "Activation forward: A[l] = g(Z[l]) with sigmoid or ReLU",
  lesson: "02_forward_propagation#one-example",
  exports: { sigmoid: "(Z)", relu: "(Z)", linearActivationForward: "(Aprev, W, b, activation)" },
  hints: [
    "An activation works element by element: what shape must A[l] = g(Z[l]) have, compared with Z[l]?",
    "What should σ(z) be for a large positive z, and for a large negative one? Which sign must the exponent in e^(…) have for that?",
    "ReLU keeps a positive z and replaces a negative one by 0: which np function compares every element with 0 and keeps the larger?",
    "sigmoid: np.divide(1, np.add(1, np.exp(np.negative(Z)))); relu: np.maximum(0, Z). In linearActivationForward: [Z, linearCache] = linearForward(Aprev, W, b), then A = sigmoid(Z) or relu(Z), and return [A, { linearCache, activationCache: Z }].",
  ],
  checks: [
    {
      name: "sigmoid(Z) = 1 / (1 + e^(-Z)), element by element",
      lesson: "02_forward_propagation#one-example",
      run: async (ctx) => await checkActivation(ctx, "sigmoid", sigmoidMistakes),
    },
    {
      name: "relu(Z) = max(0, Z), element by element",
      lesson: "02_forward_propagation#one-example",
      run: async (ctx) => await checkActivation(ctx, "relu", reluMistakes),
    },
    {
      name: "linearActivationForward returns [A, cache] with cache = { linearCache, activationCache }",
      run: async (ctx) => {
        const c = layerCases(ctx)[0]!;
        const [, cache] = await layerOutput(ctx, [c.Aprev, c.W, c.b, "relu"]);
        const held = expectKeys(cache, ["linearCache", "activationCache"], "cache");
        expectKeys(held.linearCache, ["A", "W", "b"], "cache.linearCache");
      },
    },
    {
      name: "A[l] has shape (n[l], m)",
      run: async (ctx) => {
        for (const c of layerCases(ctx)) {
          for (const activation of ACTIVATIONS) {
            const [A] = await layerOutput(ctx, [c.Aprev, c.W, c.b, activation]);
            expectShape(A, [c.W.shape[0]!, c.Aprev.shape[1]!], `A with activation "${activation}"`, "(n[l], m)");
          }
        }
      },
    },
    {
      name: "A[l] equals the course's values, with \"sigmoid\" and with \"relu\"",
      points: 2,
      run: async (ctx) => {
        const verdicts: string[] = [];
        for (const c of layerCases(ctx)) {
          for (const activation of ACTIVATIONS) {
            const [A] = await layerOutput(ctx, [c.Aprev, c.W, c.b, activation]);
            verdicts.push(expectCloseNamed(A, c[activation], `A with activation "${activation}" (${c.name})`, { notation: "(n[l], m)", mistakes: () => layerMistakes(c.Z, activation) }));
          }
        }
        return verdicts[0];
      },
    },
    {
      name: "the cache holds A[l-1], W[l], b[l] (linearCache) and Z[l] (activationCache)",
      lesson: "04_building_blocks#cache",
      run: async (ctx) => {
        const c = layerCases(ctx)[0]!;
        for (const activation of ACTIVATIONS) {
          const [A, cache] = await layerOutput(ctx, [c.Aprev, c.W, c.b, activation]);
          const held = expectKeys(cache, ["linearCache", "activationCache"], "cache");
          const linear = expectKeys(held.linearCache, ["A", "W", "b"], "cache.linearCache");
          expectHolds(linear.A, c.Aprev, "cache.linearCache.A", "Aprev");
          expectHolds(linear.W, c.W, "cache.linearCache.W", "W");
          expectHolds(linear.b, c.b, "cache.linearCache.b", "b");
          const Z = expectArray(held.activationCache, "cache.activationCache");
          if (Z === A) {
            fail(`cache.activationCache is A, the layer's output: it should be Z[l] = W·Aprev + b, the input of the activation (the backward pass needs g'(Z[l])).`);
          }
          if (!matches(Z, c.Z) && matches(Z, c[activation])) {
            fail(`cache.activationCache holds A[l] = ${activation}(Z[l]): it should hold Z[l] itself, the input of the activation (the backward pass computes g'(Z[l])).`);
          }
          expectClose(Z, c.Z, "cache.activationCache (Z[l])", { notation: "(n[l], m)" });
        }
      },
    },
    {
      name: "hidden cases: other layer sizes, numbers of examples and activations",
      points: 2,
      run: async (ctx) =>
        hiddenCases(
          ctx,
          "linearActivationForward",
          6,
          (rng, i) => {
            const [n0, n1, m] = [randint(rng, 1, 8), randint(rng, 1, 8), randint(rng, 1, 10)];
            const activation = ACTIVATIONS[i % 2]!;
            return { names: ["Aprev", "W", "b", "activation"], args: [rng.randn(n0, m), rng.randn(n1, n0), rng.randn(n1, 1), activation] };
          },
          (actual, [A, cache], c) => {
            const activation = c.args[3] as Activation;
            const [a] = expectTuple(actual, ["A", "cache"], "linearActivationForward");
            expectCloseNamed(a, A, `A with activation "${activation}"`, { notation: "(n[l], m)", mistakes: () => layerMistakes(cache.activationCache, activation) });
          },
        ),
    },
  ],
});
