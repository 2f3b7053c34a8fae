import { np, NDArray } from "../../lib/np/index.ts";
import type { RandomState } from "../../lib/np/index.ts";
import {
  CheckFailure,
  LearnerError,
  defineExercise,
  expectClose,
  expectKeys,
  fail,
  hiddenCases,
  inOrder,
  numericalGradient,
  randint,
} from "../check/index.ts";
import type { CheckContext, Mistake } from "../check/index.ts";
import { checkGradients, expectGradShape, findMistake, fromJson, same } from "../check/backward.ts";
import type { LayerCache } from "../../solutions/03_activation_forward.ts";
import * as forwardRef from "../../solutions/04_model_forward.ts";
import * as costRef from "../../solutions/05_cost.ts";
import { linearBackward } from "../../solutions/06_linear_backward.ts";
import { reluBackward, sigmoidBackward } from "../../solutions/07_activation_backward.ts";

type Grads = Record<string, NDArray>;
type JsonCache = { A: NDArray; W: NDArray; b: NDArray; Z: NDArray };
type Case = { name: string; AL: NDArray; Y: NDArray; caches: LayerCache[]; grads: Grads; X?: NDArray; params?: Record<string, NDArray> };

const cases = (ctx: CheckContext): Case[] =>
  (fromJson(ctx.reference.cases ?? []) as (Omit<Case, "caches"> & { caches: JsonCache[] })[]).map((c) => ({
    ...c,
    caches: c.caches.map(({ A, W, b, Z }) => ({ linearCache: { A, W, b }, activationCache: Z })),
  }));

/** Layer sizes [n[0], …, n[L]] of a list of caches. */
const dimsOf = (caches: LayerCache[]) => [caches[0]!.linearCache.W.shape[1]!, ...caches.map((c) => c.linearCache.W.shape[0]!)];

/** The keys modelBackward returns for L layers, in the order the backward pass computes them. */
function keysFor(L: number): string[] {
  const keys: string[] = [];
  for (let l = L; l >= 1; l--) keys.push(`dW${l}`, `db${l}`, `dA${l - 1}`);
  return keys;
}

/** dA[L] = −(Y/AL − (1 − Y)/(1 − AL)), the derivative of the cross-entropy loss with respect to AL. */
const dALof = (a: NDArray, y: NDArray) => np.negative(np.subtract(np.divide(y, a), np.divide(np.subtract(1, y), np.subtract(1, a))));

type Variant = { hidden?: "relu" | "sigmoid"; output?: "relu" | "sigmoid"; dAL?: (AL: NDArray, Y: NDArray) => NDArray; shortcut?: boolean };

/** The backward pass with the given changes: what a learner's mistake computes. */
function backward(AL: NDArray, Y: NDArray, caches: LayerCache[], v: Variant = {}): Grads {
  const step = (dA: NDArray, cache: LayerCache, g: "relu" | "sigmoid") =>
    linearBackward(g === "relu" ? reluBackward(dA, cache.activationCache) : sigmoidBackward(dA, cache.activationCache), cache.linearCache);
  const grads: Grads = {};
  const L = caches.length;
  const dAL = (v.dAL ?? dALof)(AL, Y);
  const last = caches[L - 1]!;
  [grads[`dA${L - 1}`], grads[`dW${L}`], grads[`db${L}`]] = v.shortcut ? linearBackward(np.subtract(AL, Y), last.linearCache) : step(dAL, last, v.output ?? "sigmoid");
  for (let l = L - 1; l >= 1; l--) {
    [grads[`dA${l - 1}`], grads[`dW${l}`], grads[`db${l}`]] = step(grads[`dA${l}`]!, caches[l - 1]!, v.hidden ?? "relu");
  }
  return grads;
}

const VARIANTS: { v: Variant; id: string; says: string }[] = [
  {
    v: { dAL: (a, y) => np.subtract(np.divide(y, a), np.divide(np.subtract(1, y), np.subtract(1, a))) },
    id: "dal-sign", says: "dA[L] has the wrong sign: the loss −(y·log a + (1 − y)·log(1 − a)) gives dA[L] = −(Y/AL) + (1 − Y)/(1 − AL), so every gradient comes out negated.",
  },
  {
    v: { dAL: (a, y) => np.subtract(a, y) },
    id: "dal-al-minus-y", says: "dA[L] = AL − Y: that is dZ[L] (when AL = σ(Z[L])), not dA[L]. Start from dA[L] = −(Y/AL − (1 − Y)/(1 − AL)); the sigmoid's backward step makes dZ[L].",
  },
  {
    v: { dAL: (a, y) => np.negative(np.divide(y, a)) },
    id: "dal-y-minus-al", says: "dA[L] = −Y/AL misses the term of the examples with y = 0: dA[L] = −(Y/AL) + (1 − Y)/(1 − AL).",
  },
  { v: { hidden: "sigmoid" }, id: "hidden-layers-backward-sigmoid", says: "The hidden layers 1 … L-1 went back through \"sigmoid\": they are ReLU layers in the forward pass, so their backward step is \"relu\" (only layer L is sigmoid)." },
  { v: { output: "relu" }, id: "output-layer-backward-relu", says: "Layer L went back through \"relu\": the output layer is the sigmoid layer, so its backward step is \"sigmoid\"." },
  {
    v: { output: "relu", hidden: "sigmoid" },
    id: "backward-activations-swapped", says: "ReLU and sigmoid are swapped: layer L (the output) is the sigmoid layer and the hidden layers 1 … L-1 are ReLU, as in the forward pass.",
  },
];

/** σ(Z[L]) of the output layer's cache: the AL a forward pass would have produced from these caches. */
const sigmoidOfZL = (caches: LayerCache[]) => np.divide(1, np.add(1, np.exp(np.negative(caches[caches.length - 1]!.activationCache))));

/**
 * The shortcut dZ[L] = AL − Y is the gradient of the cross-entropy through a sigmoid output, so it
 * is right exactly when AL = σ(Z[L]). The course's test cases are random caches whose AL is not
 * σ(Z[L]); there the shortcut gives other numbers than the course's formula, and neither is "the"
 * gradient of anything. So a learner whose gradients are the shortcut's is judged on the same case
 * made consistent (AL = σ(Z[L]) of its own cache), where both must agree.
 */
const SHORTCUT =
  "you used the shortcut dZ[L] = AL − Y, which is right for a sigmoid output with the cross-entropy cost " +
  "(σ'(Z[L]) = AL·(1 − AL) cancels the denominators of dA[L]). The course's test case has an AL that is not σ(Z[L]) of its cache, " +
  "so there your numbers differ from the course's; with AL = σ(Z[L]) they agree. The exercise goes through dA[L] and " +
  "linearActivationBackward(dAL, caches[L - 1], \"sigmoid\") because that path holds for any cost and output activation: change either, and only dA[L] changes";

/**
 * For every gradient, the value each known mistake gives. When all of the learner's gradients equal
 * one mistake's, only that one is named (several mistakes agree on some gradients).
 */
function mistakesFor(AL: NDArray, Y: NDArray, caches: LayerCache[], learner: Record<string, unknown>): Record<string, Mistake[]> {
  const m = AL.shape[1]!;
  const out: Record<string, Mistake[]> = {};
  let variants = VARIANTS.map(({ v, id, says }) => ({ grads: backward(AL, Y, caches, v), id, says }));
  variants.push({ grads: backward(AL, Y, caches, { dAL: (a, y) => np.divide(dALof(a, y), m) }), id: "dal-divided-by-m", says: "dA[L] is divided by m: the 1/m comes in once, in dW and db (linearBackward)." });
  const whole = variants.find((v) => keysFor(caches.length).every((k) => same(learner[k], v.grads[k])));
  if (whole) variants = [whole];
  for (const { grads, id, says } of variants) {
    for (const [k, g] of Object.entries(grads)) (out[k] ??= []).push({ value: g, id, says });
  }
  return out;
}

/**
 * Which caches the learner's modelBackward reads, to explain a wrong index: the executor logs every
 * caches[i] it asks for (a separate call, outside the reported one).
 */
async function cacheDiagnosis(ctx: CheckContext, AL: NDArray, Y: NDArray, caches: LayerCache[]): Promise<string | undefined> {
  const reads = new Set(await ctx.traceReads("modelBackward", [AL.copy(), Y.copy(), caches.slice()], 2));
  const L = caches.length;
  const rule = `Layer l's cache is caches[l - 1]: the output layer L = ${L} uses caches[${L - 1}], and each hidden layer l uses caches[l - 1], down to layer 1 with caches[0].`;
  const outside = [...reads].filter((i) => i < 0 || i >= L);
  if (outside.length) return `modelBackward reads caches[${outside[0]}], which does not exist (there are L = ${L} caches, caches[0] … caches[${L - 1}]). ${rule}`;
  const unread = Array.from({ length: L }, (_, i) => i).filter((i) => !reads.has(i));
  if (unread.length && reads.size) return `modelBackward never reads caches[${unread[0]}], layer ${unread[0]! + 1}'s cache, so some layer goes back through another layer's cache. ${rule}`;
  return undefined;
}

/** await ctx.call("modelBackward", …), with a diagnosis of cache indices and unset gradients added when it throws. */
async function callBackward(ctx: CheckContext, AL: NDArray, Y: NDArray, caches: LayerCache[]): Promise<Record<string, unknown>> {
  try {
    return expectKeys(await ctx.call("modelBackward", AL, Y, caches), [], "modelBackward(AL, Y, caches)");
  } catch (e) {
    if (e instanceof LearnerError) {
      const why =
        (await cacheDiagnosis(ctx, AL, Y, caches)) ??
        (/undefined/.test(e.thrown.message)
          ? "A gradient passed to linearActivationBackward is undefined: is it read before it is stored, or under another key? Layer l's backward step takes grads[`dA${l}`], which layer l + 1 stored as its dA_prev."
          : undefined);
      if (why) e.thrown.message += `\n${why}`;
    }
    throw e;
  }
}

/** The keys must be dA0 … dA{L-1}, dW1 … dWL, db1 … dbL; names an off-by-one in the keys. */
function expectGradKeys(grads: Record<string, unknown>, L: number): void {
  const want = keysFor(L);
  const missing = want.filter((k) => !(k in grads));
  if (!missing.length) return;
  const has = Object.keys(grads);
  const extra = has.filter((k) => !want.includes(k));
  const onlyDA = missing.every((k) => k.startsWith("dA"));
  const shifted = extra.some((k) => k === `dA${L}` || k === "dW0" || k === "db0" || /^d[AWb]-/.test(k) || k === `dW${L + 1}`);
  fail(
    `modelBackward's gradients for L = ${L} layers should be {${want.slice().sort().join(", ")}}, but ${missing.join(", ")} ${missing.length > 1 ? "are" : "is"} missing; it has {${has.join(", ")}}.` +
      (onlyDA && !shifted
        ? "\nStore what each layer passes down as well: grads[`dA${l - 1}`] = dAprev, like the course's L_model_backward (dA0 is the gradient with respect to the input X)."
        : "") +
      (shifted
        ? "\nThe keys are off by one: layer l stores `dW${l}`, `db${l}` and `dA${l - 1}` (the gradient it passes down to layer l - 1), for l = 1 … L; " +
          `there is no dA${L}, dW0 or db0.`
        : ""),
    { expected: `{${want.join(", ")}}`, actual: `{${has.join(", ")}}` },
  );
}

function expectGradShapes(grads: Record<string, unknown>, caches: LayerCache[]): void {
  const dims = dimsOf(caches);
  const m = caches[0]!.linearCache.A.shape[1]!;
  for (let l = caches.length; l >= 1; l--) {
    expectGradShape(grads[`dW${l}`], [dims[l]!, dims[l - 1]!], `dW[${l}]`, `W[${l}]: (n[${l}], n[${l - 1}])`);
    expectGradShape(grads[`db${l}`], [dims[l]!, 1], `db[${l}]`, `b[${l}]: (n[${l}], 1)`, m);
    expectGradShape(grads[`dA${l - 1}`], [dims[l - 1]!, m], `dA[${l - 1}]`, `A[${l - 1}]: (n[${l - 1}], m)`);
  }
}

/** Values in backward order; a difference no known mistake explains gets the cache diagnosis. */
function expectGradValues(ctx: CheckContext, grads: Record<string, unknown>, expected: Grads, AL: NDArray, Y: NDArray, caches: LayerCache[], label = ""): string {
  const named = mistakesFor(AL, Y, caches, grads);
  const verdicts: string[] = [];
  for (const key of keysFor(caches.length)) {
    try {
      verdicts.push(expectClose(grads[key], expected[key]!, `${key}${label}`, { mistakes: named[key] }));
    } catch (e) {
      if (e instanceof CheckFailure && !findMistake(grads[key], named[key] ?? [])) {
        const why = cacheDiagnosis(ctx, AL, Y, caches);
        if (why) e.message += `\n${why}`;
      }
      throw e;
    }
  }
  return verdicts.find((v) => v !== "exact") ?? "exact";
}

/** Random caches of consistent shapes (like the course's test: not from a forward pass). */
function randomCase(rng: RandomState): { AL: NDArray; Y: NDArray; caches: LayerCache[] } {
  const L = randint(rng, 1, 4);
  const dims = [randint(rng, 1, 5), ...Array.from({ length: L - 1 }, () => randint(rng, 1, 5)), 1];
  const m = randint(rng, 2, 6);
  const caches: LayerCache[] = [];
  for (let l = 1; l <= L; l++) {
    caches.push({
      linearCache: { A: rng.randn(dims[l - 1]!, m), W: rng.randn(dims[l]!, dims[l - 1]!), b: rng.randn(dims[l]!, 1) },
      activationCache: rng.randn(dims[l]!, m),
    });
  }
  // AL = σ(Z[L]) of the output layer's cache, as a forward pass gives it (so the shortcut dZ[L] = AL − Y is right here too).
  const AL = sigmoidOfZL(caches);
  const Y = np.array([Array.from({ length: m }, () => (rng.rand() < 0.5 ? 1 : 0))]);
  return { AL, Y, caches };
}

export default defineExercise({
  title: "Model backward: the gradients of every layer, from dA[L] back to dA[0]",
  lesson: "04_building_blocks#one-iteration",
  exports: { modelBackward: "(AL, Y, caches)" },
  hints: [
    "Where does the backward pass start? Write down the loss of one example, −(y·log a + (1 − y)·log(1 − a)), and take its derivative with respect to a: that is dA[L].",
    "Which activation does layer L use, and which do layers 1 … L-1 use? Their backward steps must match the forward pass.",
    "Layer l's cache is caches[l - 1]. Which dA does layer l's backward step take, and under which key does it store the dA_prev it returns?",
    "dAL = −(Y/AL − (1 − Y)/(1 − AL)); [grads.dA{L-1}, grads.dWL, grads.dbL] = linearActivationBackward(dAL, caches[L - 1], \"sigmoid\"); then for l = L-1 down to 1: linearActivationBackward(grads[`dA${l}`], caches[l - 1], \"relu\") gives dA{l-1}, dWl, dbl.",
  ],
  checks: [
    {
      name: "returns the gradients dA0 … dA{L-1}, dW1 … dWL, db1 … dbL",
      run: async (ctx) => {
        for (const c of cases(ctx)) expectGradKeys(await callBackward(ctx, c.AL, c.Y, c.caches), c.caches.length);
      },
    },
    {
      name: "each gradient has the shape of what it is the gradient of: dW[l] like W[l], db[l] like b[l], dA[l-1] like A[l-1]",
      lesson: "03_matrix_dimensions#gradient-shapes",
      run: async (ctx) => {
        for (const c of cases(ctx)) {
          const grads = await callBackward(ctx, c.AL, c.Y, c.caches);
          expectGradKeys(grads, c.caches.length);
          expectGradShapes(grads, c.caches);
        }
      },
    },
    {
      name: "the course's values (L = 2) and a three-layer network's",
      points: 2,
      lesson: "05_backward_propagation#first-gradient",
      run: async (ctx) => {
        let shortcut = false;
        const verdicts = await inOrder(cases(ctx), async (c) => {
          const grads = await callBackward(ctx, c.AL, c.Y, c.caches);
          expectGradKeys(grads, c.caches.length);
          expectGradShapes(grads, c.caches);
          const viaShortcut = backward(c.AL, c.Y, c.caches, { shortcut: true });
          const L = c.caches.length;
          if (keysFor(L).every((k) => same(grads[k], viaShortcut[k])) && !keysFor(L).every((k) => same(grads[k], c.grads[k]))) {
            // The shortcut, on a case where AL is not σ(Z[L]): judge it where it is valid.
            const AL = sigmoidOfZL(c.caches);
            const consistent = await callBackward(ctx, AL, c.Y, c.caches);
            expectGradKeys(consistent, L);
            expectGradShapes(consistent, c.caches);
            shortcut = true;
            return expectGradValues(ctx, consistent, ctx.solve("modelBackward", AL, c.Y, c.caches), AL, c.Y, c.caches, ` (${c.name}, with AL = σ(Z[L]))`);
          }
          return expectGradValues(ctx, grads, c.grads, c.AL, c.Y, c.caches, ` (${c.name})`);
        });
        const verdict = verdicts.find((v) => v !== "exact") ?? "exact";
        return shortcut ? `${verdict}: ${SHORTCUT}` : verdict;
      },
    },
    {
      name: "hidden cases: networks of 1 to 4 layers",
      points: 2,
      run: async (ctx) =>
        hiddenCases(
          ctx,
          "modelBackward",
          5,
          (rng) => {
            const { AL, Y, caches } = randomCase(rng);
            return { names: ["AL", "Y", "caches"], args: [AL, Y, caches] };
          },
          (actual, expected, c) => {
            const [AL, Y, caches] = c.args as [NDArray, NDArray, LayerCache[]];
            try {
              const grads = expectKeys(actual, [], "modelBackward(AL, Y, caches)");
              expectGradKeys(grads, caches.length);
              expectGradShapes(grads, caches);
              expectGradValues(ctx, grads, expected as Grads, AL, Y, caches);
            } catch (e) {
              if (e instanceof CheckFailure) e.message = `layers [${dimsOf(caches).join(", ")}] (L = ${caches.length}): ${e.message}`;
              throw e;
            }
          },
        ),
    },
    {
      name: "gradient check: dW[l], db[l] and dA[0] agree with central differences of the cost through the forward pass",
      points: 2,
      lesson: "05_backward_propagation#gradient-checking",
      run: async (ctx) => {
        const c = cases(ctx).find((x) => x.X && x.params)!;
        const X = c.X!.copy();
        const params: Record<string, NDArray> = Object.fromEntries(Object.entries(c.params!).map(([k, v]) => [k, v.copy()]));
        // The reference forward pass and cost: a mistake in 04 or 05 never costs points here.
        const { modelForward } = forwardRef;
        const { computeCost } = costRef;
        const J = () => computeCost(modelForward(X, params)[0], c.Y);
        const [AL, caches] = modelForward(X.copy(), { ...params });
        const grads = await callBackward(ctx, AL, c.Y.copy(), caches);
        expectGradKeys(grads, caches.length);
        expectGradShapes(grads, caches);
        const m = X.shape[1]!;
        const pairs: { name: string; analytic: NDArray; numeric: NDArray }[] = [];
        for (let l = caches.length; l >= 1; l--) {
          pairs.push({ name: `dW${l}`, analytic: grads[`dW${l}`] as NDArray, numeric: numericalGradient(J, params[`W${l}`]!) });
          pairs.push({ name: `db${l}`, analytic: grads[`db${l}`] as NDArray, numeric: numericalGradient(J, params[`b${l}`]!) });
        }
        // dA[0] is the gradient of one example's loss (no 1/m): compare it with m·∂J/∂X.
        pairs.push({ name: "dA0", analytic: grads.dA0 as NDArray, numeric: np.multiply(m, numericalGradient(J, X)) });
        const who = "the reference 04_model_forward and 05_cost";
        return checkGradients(pairs, "J = computeCost(modelForward(X, params), Y)", who);
      },
    },
  ],
});
