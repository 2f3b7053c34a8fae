import { np, NDArray } from "../../lib/np/index.ts";
import type { RandomState } from "../../lib/np/index.ts";
import { CheckFailure, defineExercise, expectClose, expectKeys, fail, hiddenCases, randint } from "../check/index.ts";
import type { CheckContext, Mistake } from "../check/index.ts";
import { fromJson } from "../check/backward.ts";
import { formatShape } from "../check/describe.ts";
import type { TrainOptions, TrainResult } from "../../solutions/10_train.ts";

type Params = Record<string, NDArray>;
type Run = { name: string; layerDims: number[]; options: { learningRate: number; iterations: number; costEvery?: number }; initial?: Params; costs: number[]; params: Params; everyCost?: number[] };
type Prediction = { name: string; X: NDArray; Y: NDArray; params: Params; ZL: NDArray; predictions: NDArray; accuracy: number };
type Data = { X: NDArray; Y: NDArray; runs: Run[]; predictions: Prediction[] };
const data = (ctx: CheckContext) => fromJson(ctx.reference) as Data;
const copyParams = (p: Params): Params => Object.fromEntries(Object.entries(p).map(([k, v]) => [k, v.copy()]));
const optionsOf = (r: Run): TrainOptions => ({ ...r.options, ...(r.initial ? { params: copyParams(r.initial) } : {}) });
const row = (xs: number[]) => np.array([xs]);

/** `trainModel(X, Y, [2, 8, 4, 1], { learningRate: 0.1, iterations: 300, costEvery: 25, params })` */
function callText(dims: number[], o: TrainOptions): string {
  const parts = Object.entries(o)
    .filter(([k]) => k !== "onIteration")
    .map(([k, v]) => (k === "params" ? "params" : `${k}: ${v}`));
  return `trainModel(X, Y, [${dims.join(", ")}], { ${parts.join(", ")} })`;
}

/** `{ params, costs }` with costs a plain number[] and params W1 … WL. */
function expectResult(value: unknown, dims: number[], what: string): TrainResult {
  const r = expectKeys(value, ["params", "costs"], what);
  if (!Array.isArray(r.costs) || !r.costs.every((x) => typeof x === "number")) {
    const found = r.costs instanceof NDArray ? `an np array of shape ${formatShape(r.costs.shape)}` : Array.isArray(r.costs) ? "a list that holds something else than numbers" : typeof r.costs;
    fail(`${what}: costs should be a plain number[] (one cost per recorded iteration), but it is ${found}. computeCost returns a number: push it, costs.push(cost).`);
  }
  const L = dims.length - 1;
  const want = Array.from({ length: L }, (_, i) => [`W${i + 1}`, `b${i + 1}`]).flat();
  expectKeys(r.params, want, `${what}: params`);
  return r as unknown as TrainResult;
}

/** Which iterations' costs are recorded: 0, costEvery, 2·costEvery, …, and the last. */
function recorded(iterations: number, costEvery: number): number[] {
  const at: number[] = [];
  for (let i = 0; i < iterations; i++) if (i % costEvery === 0 || i === iterations - 1) at.push(i);
  return at;
}

/** The number of recorded costs, with the mistake behind a wrong count named. */
function expectCostCount(costs: number[], iterations: number, costEvery: number, what: string): void {
  const at = recorded(iterations, costEvery);
  if (costs.length === at.length) return;
  const rule = `With ${iterations} iterations and costEvery ${costEvery}, the costs of iterations ${at.join(", ")} are recorded: if (i % costEvery === 0 || i === iterations - 1) costs.push(cost).`;
  let why = "";
  if (costs.length === 0) why = "costs is empty: the costs are not recorded.";
  else if (costs.length === iterations) why = "costs has one entry per iteration: record only every costEvery iterations (and the last).";
  else if (costs.length === at.length - 1 && at[at.length - 1]! % costEvery !== 0) why = "The cost of the last iteration is missing.";
  else if (costEvery !== 100 && costs.length === recorded(iterations, 100).length) why = "The costs look recorded every 100 iterations: use options.costEvery.";
  fail(`${what} recorded ${costs.length} cost${costs.length === 1 ? "" : "s"}, expected ${at.length}. ${why} ${rule}`, {
    expected: `${at.length} costs`,
    actual: `${costs.length} costs`,
  });
}

/**
 * The costs and the final parameters against the expected run. On a difference, the usual mistakes
 * are run (with the reference trainModel) to name the one the learner's answer equals.
 */
function expectRun(ctx: CheckContext, r: TrainResult, expected: { costs: number[]; params: Params }, X: NDArray, Y: NDArray, dims: number[], o: TrainOptions, what: string): string {
  const iterations = o.iterations ?? 3000;
  const costEvery = o.costEvery ?? 100;
  expectCostCount(r.costs, iterations, costEvery, what);
  const variants = (): { costs: number[]; params: Params; id: string; says: string }[] => {
    const first = expected.costs[0]!;
    const start = o.params ?? (ctx.solve<TrainResult>("trainModel", X, Y, dims, { ...o, iterations: 0 }).params as Params);
    const list = [
      {
        costs: expected.costs.map(() => first),
        params: start,
        id: "parameters-not-updated", says: "The cost never changes: the parameters are not updated between iterations. Keep the result of the update, params = updateParameters(params, grads, learningRate), and run the next forward pass with it.",
      },
    ];
    if (o.learningRate !== undefined && o.learningRate !== 0.0075) {
      const run = ctx.solve<TrainResult>("trainModel", X, Y, dims, { ...o, learningRate: 0.0075 });
      list.push({ ...run, id: "learning-rate-ignored", says: `This is the run with the default learning rate 0.0075: use options.learningRate (here ${o.learningRate}).` });
    }
    if (o.params) {
      const run = ctx.solve<TrainResult>("trainModel", X, Y, dims, { ...o, params: undefined });
      list.push({ ...run, id: "start-params-ignored", says: "This run starts from initializeParametersDeep(layerDims): when options.params is given, start from it." });
    }
    return list;
  };
  const compare = (mistakes: Mistake[][]) => {
    const verdict = expectClose(row(r.costs), row(expected.costs), `${what}: costs`, { mistakes: mistakes[0] });
    const keys = Object.keys(expected.params);
    keys.forEach((k, i) => expectClose((r.params as Params)[k], expected.params[k]!, `${what}: final ${k}`, { mistakes: mistakes[i + 1] }));
    return verdict;
  };
  try {
    return compare([]);
  } catch (e) {
    if (!(e instanceof CheckFailure)) throw e;
    const vs = variants();
    const keys = Object.keys(expected.params);
    compare([vs.map((v) => ({ value: row(v.costs), id: v.id, says: v.says })), ...keys.map((k) => vs.map((v) => ({ value: v.params[k]!, id: v.id, says: v.says })))]);
    throw e;
  }
}

/** predict's answer: an np array (1, m) of 0/1; booleans, a 1-D row and probabilities are named. */
function expectPredictions(value: unknown, p: Prediction, label: string): string {
  const m = p.X.shape[1]!;
  if (Array.isArray(value) && value.every((v) => typeof v === "boolean")) {
    fail(`predict returned a plain array of true/false values. Return an np array of 0s and 1s of shape (1, m) = (1, ${m}), like Y: np.where(np.greater(AL, 0.5), 1, 0).`);
  }
  if (!(value instanceof NDArray)) {
    fail(`predict should return an np array of 0s and 1s of shape (1, m) = (1, ${m}), but it returned ${Array.isArray(value) ? `a plain array of length ${value.length}` : typeof value}. Build it with np operations (np.where, np.greater).`);
  }
  if (value.shape.length !== 2 || value.shape[0] !== 1 || value.shape[1] !== m) {
    const oneD = value.shape.length === 1 && value.shape[0] === m;
    fail(
      `The predictions should be (1, m) = (1, ${m}), one row like Y, but they are ${formatShape(value.shape)}.` +
        (oneD ? " A 1-D (m,) array has lost the row: keep AL's 2-D shape (np.squeeze drops it)." : " Predict from AL = A[L], which is (1, m)."),
      { expected: `shape (1, ${m})`, actual: `shape ${formatShape(value.shape)}` },
    );
  }
  const AL = np.divide(1, np.add(1, np.exp(np.negative(p.ZL))));
  const mistakes: Mistake[] = [
    { value: np.where(np.greater(p.ZL, 0.5), 1, 0), id: "predictions-thresholded-wrong", says: "These are 1 where Z[L] > 0.5: the threshold 0.5 applies to the probability A[L] = σ(Z[L]), not to Z[L] (A[L] > 0.5 means Z[L] > 0)." },
    { value: AL, id: "predictions-are-probabilities", says: "These are the probabilities A[L] themselves: turn them into 0/1 predictions, 1 where A[L] > 0.5." },
    { value: np.where(np.greater(AL, 0.5), 0, 1), id: "predictions-inverted", says: "The predictions are inverted: 1 where A[L] > 0.5 (the network thinks y = 1 is more likely), else 0." },
  ];
  const ties = (p.ZL.data as Float64Array).reduce((n, z) => n + (z === 0 ? 1 : 0), 0);
  if (ties > 0) {
    // Only where A[L] is exactly 0.5 (Z[L] = 0, e.g. a ReLU layer that is all zeros) do > and >= differ.
    mistakes.unshift({
      value: np.where(np.greater_equal(AL, 0.5), 1, 0),
      id: "predict-greater-equal",
      says: `These are 1 where A[L] >= 0.5: the course predicts 1 only where A[L] > 0.5, strictly. They differ only where A[L] is exactly 0.5 (Z[L] = 0), here in ${ties} of the ${p.ZL.size} examples: write np.greater(AL, 0.5), not np.greater_equal. (Not a dtype problem: the values are the same 0s and 1s elsewhere.)`,
    });
  }
  return expectClose(value, p.predictions, `predictions${label}`, { mistakes });
}

function randomRun(rng: RandomState, i: number): { X: NDArray; Y: NDArray; dims: number[]; options: TrainOptions } {
  const L = randint(rng, 1, 3);
  const dims = [randint(rng, 1, 4), ...Array.from({ length: L - 1 }, () => randint(rng, 2, 5)), 1];
  const m = randint(rng, 4, 12);
  const X = rng.randn(dims[0]!, m);
  const Y = np.array([Array.from({ length: m }, () => (rng.rand() < 0.5 ? 1 : 0))]);
  const options: TrainOptions = { learningRate: [0.05, 0.2, 0.5][randint(rng, 0, 2)]!, iterations: randint(rng, 3, 12), costEvery: randint(rng, 1, 5) };
  if (i % 2 === 0) {
    const params: Params = {};
    for (let l = 1; l <= L; l++) {
      params[`W${l}`] = np.divide(rng.randn(dims[l]!, dims[l - 1]!), Math.sqrt(dims[l - 1]!));
      params[`b${l}`] = np.multiply(rng.randn(dims[l]!, 1), 0.1);
    }
    options.params = params;
  }
  return { X, Y, dims, options };
}

export default defineExercise({
  title: "Train the network with gradient descent, then predict",
  lesson: "04_building_blocks#one-iteration",
  exports: { trainModel: "(X, Y, layerDims, options)", predict: "(X, params)" },
  hints: [
    "What are the four steps of one iteration of gradient descent, in order? Each one is an exercise you have written.",
    "Where do the parameters of iteration i + 1 come from? updateParameters returns new ones: keep them.",
    "Which iterations' costs go into costs? Count them for 300 iterations and costEvery 25 (the last one counts too).",
    "for (let i = 0; i < iterations; i++) { const [AL, caches] = modelForward(X, params); const cost = computeCost(AL, Y); params = updateParameters(params, modelBackward(AL, Y, caches), learningRate); if (i % costEvery === 0 || i === iterations - 1) costs.push(cost); onIteration?.(i, cost); } — and predict is np.where(np.greater(AL, 0.5), 1, 0).",
  ],
  checks: [
    {
      name: "trainModel returns { params, costs }",
      run: async (ctx) => {
        const d = data(ctx);
        const r = d.runs[0]!;
        const o = { ...optionsOf(r), iterations: 2, costEvery: 1 };
        expectResult(await ctx.call("trainModel", d.X, d.Y, r.layerDims, o), r.layerDims, callText(r.layerDims, o));
      },
    },
    {
      name: "records a cost every costEvery iterations and at the last; onIteration(i, cost) after every iteration",
      lesson: "06_parameters_hyperparameters#hyperparameters",
      run: async (ctx) => {
        const d = data(ctx);
        // costEvery 3 over 8 iterations, then the default costEvery (100), which shows only past
        // 100 iterations: on a one-layer network, where they are cheap. Both numpy runs keep every
        // iteration's cost, which is what onIteration must receive.
        for (const r of [d.runs[3]!, d.runs[2]!]) {
          const o = optionsOf(r);
          const what = callText(r.layerDims, o);
          const seen: [number, number][] = [];
          const want = r.everyCost!.map((c, i) => [i, c] as [number, number]);
          const result = expectResult(await ctx.call("trainModel", d.X, d.Y, r.layerDims, { ...o, onIteration: (i: number, c: number) => seen.push([i, c]) }), r.layerDims, what);
          expectRun(ctx, result, r, d.X, d.Y, r.layerDims, o, what);
          if (seen.length !== want.length || seen.some(([i], k) => i !== want[k]![0])) {
            fail(
              `${what}: onIteration was called ${seen.length} time${seen.length === 1 ? "" : "s"} (i = ${seen.slice(0, 6).map(([i]) => i).join(", ")}${seen.length > 6 ? ", …" : ""}); ` +
                `expected once per iteration, i = 0 … ${want.length - 1}, after the update: options.onIteration?.(i, cost).`,
            );
          }
          expectClose(row(seen.map(([, c]) => c)), row(want.map(([, c]) => c)), `${what}: the costs passed to onIteration`);
        }
      },
    },
    {
      name: "from given parameters: the costs and final parameters of the numpy run",
      points: 2,
      run: async (ctx) => {
        const d = data(ctx);
        const r = d.runs[0]!;
        const o = optionsOf(r);
        const what = callText(r.layerDims, o);
        const verdict = expectRun(ctx, expectResult(await ctx.call("trainModel", d.X, d.Y, r.layerDims, o), r.layerDims, what), r, d.X, d.Y, r.layerDims, o, what);
        return `${verdict}; cost ${r.costs[0]!.toFixed(3)} → ${r.costs[r.costs.length - 1]!.toFixed(3)} in ${o.iterations} iterations`;
      },
    },
    {
      name: "without options.params it starts from initializeParametersDeep(layerDims)",
      run: async (ctx) => {
        const d = data(ctx);
        const r = d.runs[1]!;
        const o = optionsOf(r);
        const what = callText(r.layerDims, o);
        return expectRun(ctx, expectResult(await ctx.call("trainModel", d.X, d.Y, r.layerDims, o), r.layerDims, what), r, d.X, d.Y, r.layerDims, o, what);
      },
    },
    {
      name: "hidden cases: other data, depths, learning rates and costEvery",
      points: 2,
      run: async (ctx) =>
        hiddenCases(
          ctx,
          "trainModel",
          4,
          (rng, i) => {
            const { X, Y, dims, options } = randomRun(rng, i);
            return { names: ["X", "Y", "layerDims", "options"], args: [X, Y, dims, options] };
          },
          (actual, expected, c) => {
            const [X, Y, dims, o] = c.args as [NDArray, NDArray, number[], TrainOptions];
            const what = callText(dims, o);
            expectRun(ctx, expectResult(actual, dims, what), expected as { costs: number[]; params: Params }, X, Y, dims, o, what);
          },
        ),
    },
    {
      name: "predict: a (1, m) row of 0/1, 1 where A[L] > 0.5",
      points: 2,
      run: async (ctx) => {
        const accuracy: string[] = [];
        for (const p of data(ctx).predictions) {
          expectPredictions(await ctx.call("predict", p.X, p.params), p, ` (${p.name})`);
          if (p.name.includes("trained")) accuracy.push(`${(100 * p.accuracy).toFixed(1)}%`);
        }
        return `accuracy of the trained network: ${accuracy.join(" on the training set, ")} on new points`;
      },
    },
  ],
});
