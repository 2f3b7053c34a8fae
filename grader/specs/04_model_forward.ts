import { np, NDArray } from "../../lib/np/index.ts";
import { LearnerError, defineExercise, expectArray, expectClose, expectKeys, expectShape, expectTuple, fail, formatShape, hiddenCases, matches, randint } from "../check/index.ts";
import type { CheckContext, Mistake } from "../check/index.ts";
import { expectCloseNamed } from "../check/forward.ts";

type Params = Record<string, NDArray>;
type RawCase = { name: string; X: number[][]; params: Record<string, number[][]>; AL: number[][]; layers: { A_prev: number[][]; Z: number[][] }[] };
type Case = { name: string; X: NDArray; params: Params; AL: NDArray; layers: { Aprev: NDArray; Z: NDArray }[]; L: number };

function toCase(c: RawCase): Case {
  const params: Params = {};
  for (const [k, v] of Object.entries(c.params)) params[k] = np.array(v);
  const layers = c.layers.map((l) => ({ Aprev: np.array(l.A_prev), Z: np.array(l.Z) }));
  return { name: c.name, X: np.array(c.X), params, AL: np.array(c.AL), layers, L: layers.length };
}
const course = (ctx: CheckContext) => toCase(ctx.reference.course as RawCase);
const equalWidths = (ctx: CheckContext) => toCase(ctx.reference.equalWidths as RawCase);
const allCases = (ctx: CheckContext) => [course(ctx), equalWidths(ctx), ...((ctx.reference.more ?? []) as RawCase[]).map(toCase)];

type Act = "relu" | "sigmoid";
const g = (act: Act, Z: NDArray) => (act === "relu" ? np.maximum(0, Z) : np.divide(1, np.add(1, np.exp(np.negative(Z)))));

/**
 * A forward pass written wrongly on purpose: `hidden`/`output` activations, `input` "chain" (A[l-1])
 * or "X" (the same X for every layer), `last` "once", "skipped" (the loop stops a layer early) or
 * "twice" (layer L runs as a ReLU layer inside the loop, then again as the sigmoid layer).
 * Undefined when those shapes do not even multiply.
 */
function variant(X: NDArray, params: Params, o: { hidden: Act; output: Act; input?: "chain" | "X"; last?: "once" | "skipped" | "twice" }): NDArray | undefined {
  const L = Object.keys(params).length / 2;
  const layer = (A: NDArray, l: number, act: Act) => g(act, np.add(np.dot(params[`W${l}`]!, A), params[`b${l}`]!));
  try {
    let A = X;
    const hiddenUpTo = o.last === "skipped" ? L - 2 : o.last === "twice" ? L : L - 1;
    for (let l = 1; l <= hiddenUpTo; l++) A = layer(o.input === "X" ? X : A, l, o.hidden);
    const outputLayer = o.last === "skipped" ? L - 1 : L;
    if (outputLayer < 1) return undefined;
    return layer(o.input === "X" ? X : A, outputLayer, o.output);
  } catch {
    return undefined;
  }
}

/** The usual wrong forward passes, with the words that name each. */
function mistakes(X: NDArray, params: Params): Mistake[] {
  const L = Object.keys(params).length / 2;
  const list: { value: NDArray | undefined; id: string; says: string }[] = [
    { value: variant(X, params, { hidden: "relu", output: "relu" }), id: "relu-on-output-layer", says: "This is ReLU on the output layer too: layer L uses sigmoid, so that AL holds probabilities in (0, 1)." },
    { value: variant(X, params, { hidden: "sigmoid", output: "sigmoid" }), id: "sigmoid-on-hidden-layers", says: 'This is sigmoid on the hidden layers too: layers 1 … L-1 use "relu", only layer L uses "sigmoid".' },
    { value: variant(X, params, { hidden: "sigmoid", output: "relu" }), id: "activations-swapped", says: 'The activations are swapped: the hidden layers 1 … L-1 use "relu" and the output layer L uses "sigmoid".' },
    { value: variant(X, params, { hidden: "relu", output: "sigmoid", input: "X" }), id: "every-layer-fed-x", says: "Every layer was fed X: layer l's input is A[l-1], the output of the layer before it (A[0] = X only for layer 1). Carry A from one iteration to the next." },
    { value: variant(X, params, { hidden: "relu", output: "sigmoid", last: "skipped" }), id: "last-layer-missing", says: `The last layer is missing: this is sigmoid applied at layer L-1 = ${L - 1}. The ReLU loop runs l = 1 … L-1 (l < L), then layer L = ${L} (W${L}, b${L}) is the sigmoid layer.` },
    { value: variant(X, params, { hidden: "relu", output: "sigmoid", last: "twice" }), id: "last-layer-twice", says: `Layer L = ${L} ran twice: once as a ReLU layer inside the loop, then as the sigmoid layer. The loop must stop before L (l < L).` },
  ];
  return list.flatMap((m) => (m.value ? [{ value: m.value, id: m.id, says: m.says }] : []));
}

/** AL must have the output layer's shape; other layers' shapes say which step went wrong. */
function expectALShape(AL: unknown, c: Case): NDArray {
  const arr = expectArray(AL, "AL");
  const m = c.X.shape[1]!;
  const L = c.L;
  const want = [c.params[`W${L}`]!.shape[0]!, m];
  if (arr.shape.length === 2 && arr.shape[1] === m && arr.shape[0] !== want[0]) {
    const k = Array.from({ length: L }, (_, i) => L - 1 - i).find((l) => (l === 0 ? c.X : c.params[`W${l}`]!).shape[0] === arr.shape[0]);
    if (k !== undefined) {
      fail(
        `AL should be A[L] of shape (n[L], m) = ${formatShape(want)}, but it is ${formatShape(arr.shape)}, the shape of A[${k}]` +
          (k === L - 1 ? `: the last layer is missing. The ReLU loop runs l = 1 … L-1, then layer L = ${L} is the sigmoid layer.` : `. Does the loop reach layer L = ${L} (L = number of keys / 2)?`),
        { expected: `shape ${formatShape(want)}`, actual: `shape ${formatShape(arr.shape)}` },
      );
    }
  }
  return expectShape(arr, want, "AL", "(n[L], m)");
}

/** The caches must be an array of L layer caches. */
function expectCaches(value: unknown, L: number): unknown[] {
  if (!Array.isArray(value)) return fail(`caches should be an array of L = ${L} layer caches, but it is ${value === undefined ? "undefined" : typeof value}.`);
  if (value.length !== L) {
    fail(
      `caches should hold one cache per layer, L = ${L}, but it has ${value.length}.` +
        (value.length === L - 1 ? " Is the output layer's cache pushed too, after the loop? Or does the loop stop a layer early?" : "") +
        (value.length === L + 1 ? ` Did a layer run twice? The ReLU loop runs l = 1 … L-1 (l < L), then layer L once with "sigmoid".` : "") +
        (value.length === 0 ? " Push each layer's cache as you go: caches.push(cache)." : ""),
      { expected: `${L} caches`, actual: `${value.length} caches` },
    );
  }
  return value;
}

async function run(ctx: CheckContext, c: Case): Promise<[unknown, unknown]> {
  let answer: unknown;
  try {
    answer = await ctx.call("modelForward", c.X, c.params);
  } catch (e) {
    if (e instanceof LearnerError && e.thrown.name === "ShapeError") {
      const note = await shapeErrorDiagnosis(ctx);
      if (note) e.thrown.message += `\n${note}`;
    }
    throw e;
  }
  const [AL, caches] = expectTuple(answer, ["AL", "caches"], "modelForward");
  return [AL, caches];
}

/**
 * A shape error in modelForward often means a layer got the wrong input. On the network of equal
 * widths every product fits, so the learner's answer there names the mistake.
 */
async function shapeErrorDiagnosis(ctx: CheckContext): Promise<string | undefined> {
  const c = equalWidths(ctx);
  const answer = await ctx.attempt("modelForward", c.X, c.params);
  const AL = Array.isArray(answer) ? answer[0] : undefined;
  if (!(AL instanceof NDArray)) return undefined;
  const fedX = variant(c.X, c.params, { hidden: "relu", output: "sigmoid", input: "X" });
  if (fedX && matches(AL, fedX)) {
    return "Every layer is fed X: layer 2's W[2] is (n[2], n[1]) and needs A[1], of shape (n[1], m), but it got X, (n[0], m). Layer l's input is A[l-1], the output of the layer before it (A[0] = X only for layer 1): carry A from one iteration to the next. (On a network of equal widths, where the shapes happen to fit, your modelForward gives exactly the answer of feeding X to every layer.)";
  }
  return undefined;
}

export default defineExercise({
  title: "Forward propagation through L layers",
  lesson: "02_forward_propagation#layer-loop",
  exports: { modelForward: "(X, params)" },
  hints: [
    "How many layers does params describe, if it has the keys W1, b1, …, WL, bL? Which layers use ReLU, and which one uses sigmoid?",
    "Layer l computes A[l] from A[l-1]. Where does layer 2 get its input from, and where does layer 1 get its own?",
    "Does the loop over the ReLU layers stop at L-1 or at L? How many caches must you have at the end?",
    "A = X; for l = 1 … L-1: [A, cache] = linearActivationForward(A, params[`W${l}`], params[`b${l}`], \"relu\") and caches.push(cache); then [AL, cache] = linearActivationForward(A, params[`W${L}`], params[`b${L}`], \"sigmoid\"), push that cache, return [AL, caches].",
  ],
  checks: [
    {
      name: "returns [AL, caches] with one cache per layer",
      run: async (ctx) => {
        for (const c of [course(ctx), equalWidths(ctx)]) {
          const [, caches] = await run(ctx, c);
          expectCaches(caches, c.L);
        }
      },
    },
    {
      name: "AL = A[L] has shape (n[L], m)",
      run: async (ctx) => {
        for (const c of allCases(ctx)) expectALShape((await run(ctx, c))[0], c);
      },
    },
    {
      name: "AL equals the course's values (seed 6): [LINEAR → RELU] × 2 → LINEAR → SIGMOID",
      points: 2,
      run: async (ctx) => {
        const c = course(ctx);
        const AL = expectALShape((await run(ctx, c))[0], c);
        return expectCloseNamed(AL, c.AL, "AL", { notation: "(n[L], m)", mistakes: () => mistakes(c.X, c.params) });
      },
    },
    {
      name: "each layer takes the previous layer's A: other networks (equal widths [3, 3, 3, 3], L = 1, L = 5)",
      run: async (ctx) => {
        const verdicts: string[] = [];
        for (const c of allCases(ctx).slice(1)) {
          const AL = expectALShape((await run(ctx, c))[0], c);
          verdicts.push(expectCloseNamed(AL, c.AL, `AL for ${c.name}`, { notation: "(n[L], m)", mistakes: () => mistakes(c.X, c.params) }));
        }
        return verdicts[0];
      },
    },
    {
      name: "caches[l-1] is layer l's: A[l-1], W[l], b[l] and Z[l], in layer order",
      lesson: "04_building_blocks#cache",
      run: async (ctx) => {
        for (const c of [course(ctx), equalWidths(ctx)]) {
          const caches = expectCaches((await run(ctx, c))[1], c.L);
          caches.forEach((cache, i) => {
            const l = i + 1;
            const held = expectKeys(cache, ["linearCache", "activationCache"], `caches[${i}]`);
            const linear = expectKeys(held.linearCache, ["A", "W", "b"], `caches[${i}].linearCache`);
            const W = expectArray(linear.W, `caches[${i}].linearCache.W`);
            if (!matches(W, c.params[`W${l}`]!, { rtol: 0, atol: 0 })) {
              const j = Array.from({ length: c.L }, (_, k) => k + 1).find((k) => matches(W, c.params[`W${k}`]!, { rtol: 0, atol: 0 }));
              fail(
                `caches[${i}] should be layer ${l}'s cache (with W${l}), but it holds ${j ? `W${j}` : `a W of shape ${formatShape(W.shape)}`}.` +
                  ` caches must be in layer order, caches[l-1] for layer l: push each cache right after its layer (not unshift, not reversed).`,
              );
            }
            const Aprev = expectArray(linear.A, `caches[${i}].linearCache.A`);
            const want = c.layers[i]!;
            if (l > 1 && matches(Aprev, c.X) && !matches(want.Aprev, c.X)) {
              fail(`caches[${i}].linearCache.A is X: layer ${l}'s input should be A[${l - 1}], the output of layer ${l - 1}. Feed each layer the previous layer's A.`);
            }
            expectClose(Aprev, want.Aprev, `caches[${i}].linearCache.A (A[${l - 1}])`, { notation: `(n[${l - 1}], m)` });
            expectClose(held.activationCache, want.Z, `caches[${i}].activationCache (Z[${l}])`, { notation: `(n[${l}], m)` });
          });
        }
      },
    },
    {
      name: "hidden cases: other depths (L = 1 … 5), widths and numbers of examples",
      points: 2,
      run: async (ctx) =>
        hiddenCases(
          ctx,
          "modelForward",
          5,
          (rng, i) => {
            const dims = Array.from({ length: (i % 5) + 2 }, () => randint(rng, 1, 7));
            const m = randint(rng, 1, 8);
            const params: Params = {};
            for (let l = 1; l < dims.length; l++) {
              params[`W${l}`] = np.divide(rng.randn(dims[l]!, dims[l - 1]!), Math.sqrt(dims[l - 1]!));
              params[`b${l}`] = np.multiply(rng.randn(dims[l]!, 1), 0.5);
            }
            return { names: ["X", "params"], args: [rng.randn(dims[0]!, m), params] };
          },
          (actual, [AL, caches], c) => {
            const [X, params] = c.args as [NDArray, Params];
            const L = (caches as unknown[]).length;
            const [al, learnerCaches] = expectTuple(actual, ["AL", "caches"], "modelForward");
            const arr = expectShape(al, AL.shape, "AL", "(n[L], m)");
            expectCloseNamed(arr, AL, `AL (L = ${L})`, { notation: "(n[L], m)", mistakes: () => mistakes(X, params) });
            expectCaches(learnerCaches, L);
          },
        ),
    },
  ],
});
