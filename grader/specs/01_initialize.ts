import { np, NDArray } from "../../lib/np/index.ts";
import { defineExercise, expectClose, expectKeys, expectShape, fail, formatShape, matches, randint } from "../check/index.ts";
import type { CheckContext } from "../check/index.ts";

type ParamsCase = { args?: number[]; layerDims?: number[]; params: Record<string, number[][]> };
const cases = (ctx: CheckContext, fn: string) => (ctx.reference[fn] ?? []) as ParamsCase[];
const dimsOf = (c: ParamsCase) => c.layerDims ?? [c.args![0]!, c.args![1]!, c.args![2]!];
const callOf = (fn: string, c: ParamsCase) => `${fn}(${c.layerDims ? JSON.stringify(c.layerDims) : c.args!.join(", ")})`;

/** What the answer would be with a common mistake, to name it when the learner's equals it. */
function mistakesFor(dims: number[], seed: number, l: number) {
  const draw = (kind: "randn" | "rand", scale: number) => {
    np.random.seed(seed);
    let W = np.zeros([1, 1]);
    for (let k = 1; k <= l; k++) W = np.multiply(np.random[kind](dims[k]!, dims[k - 1]!), scale);
    return W;
  };
  /** Layer l's W drawn right after a fresh np.random.seed(seed): what reseeding inside the loop gives. */
  const reseeded = () => {
    np.random.seed(seed);
    return np.multiply(np.random.randn(dims[l]!, dims[l - 1]!), 0.01);
  };
  const otherSeeds = [0, 1, 2, 3, 42].filter((s) => s !== seed);
  return [
    ...(l > 1
      ? [{ value: reseeded(), id: "reseeded-in-loop", says: `W${l} holds the first numbers drawn after np.random.seed(${seed}), as W1 does: the generator is seeded again before each layer (inside the loop), so every layer starts the same sequence anew. Seed once, before the loop; each layer then draws the next numbers.` }]
      : []),
    ...otherSeeds.map((other) => {
      np.random.seed(other);
      let W = np.zeros([1, 1]);
      for (let k = 1; k <= l; k++) W = np.multiply(np.random.randn(dims[k]!, dims[k - 1]!), 0.01);
      return { value: W, id: "wrong-seed", says: `These are the right draws (randn · 0.01) from the wrong seed: np.random.seed(${other}). The course's numbers come from np.random.seed(${seed}) at the start of the function.` };
    }),
    { value: draw("rand", 0.01), id: "rand-instead-of-randn", says: "These are np.random.rand numbers (uniform in [0, 1)): use np.random.randn, the standard normal distribution." },
    { value: draw("randn", 1), id: "weights-not-scaled", says: "These are the right random numbers but not scaled: multiply by 0.01 to keep the weights small." },
    { value: np.zeros([dims[l]!, dims[l - 1]!]), id: "weights-all-zero", says: "All weights are zero, so every unit of a layer computes the same thing and learns the same thing: draw them with np.random.randn." },
  ];
}

/**
 * A 1-D W[l] or b[l] is numpy's tuple shape written in TypeScript: np.zeros((n, 1)) is np.zeros(1)
 * and np.random.randn((n, m)) is np.random.randn(m), because (n, 1) is the comma operator.
 */
function commaShape(value: unknown, shape: readonly number[], what: string, notation: string): void {
  if (!(value instanceof NDArray) || value.ndim !== 1) return;
  const bias = what.startsWith("b");
  const [tuple, python, call] = bias
    ? ["(n, 1)", "np.zeros((n, 1))", "np.zeros([n, 1]) (the shape is one array)"]
    : ["(n, m)", "np.random.randn((n, m))", "np.random.randn(n, m) (two numbers)"];
  fail(
    `${what} should be ${notation} = ${formatShape(shape)}, but it is ${formatShape(value.shape)}, 1-D. ` +
      `If you wrote numpy's ${python}: in TypeScript ${tuple} is the comma operator, which keeps only the last number, ` +
      `so the call gets one dimension. Write ${call}.`,
    { expected: `shape ${formatShape(shape)}`, actual: `shape ${formatShape(value.shape)}` },
  );
}

async function checkParams(ctx: CheckContext, fn: string, seed: number, values: boolean) {
  for (const c of cases(ctx, fn)) {
    const dims = dimsOf(c);
    const args = c.layerDims ? [c.layerDims.slice()] : c.args!;
    const params = expectKeys(await ctx.call(fn, ...args), Object.keys(c.params), `${callOf(fn, c)}`);
    for (let l = 1; l < dims.length; l++) {
      const W = params[`W${l}`];
      const b = params[`b${l}`];
      commaShape(W, [dims[l]!, dims[l - 1]!], `W${l}`, `(n[${l}], n[${l - 1}])`);
      commaShape(b, [dims[l]!, 1], `b${l}`, `(n[${l}], 1)`);
      expectShape(W, [dims[l]!, dims[l - 1]!], `W${l}`, `(n[${l}], n[${l - 1}])`);
      expectShape(b, [dims[l]!, 1], `b${l}`, `(n[${l}], 1)`);
      if (!values) continue;
      expectClose(W, np.array(c.params[`W${l}`]!), `W${l} of ${callOf(fn, c)}`, { mistakes: mistakesFor(dims, seed, l) });
      expectClose(b, np.array(c.params[`b${l}`]!), `b${l} of ${callOf(fn, c)}`);
    }
  }
}

/** Calling twice must give the same numbers: the function seeds the generator itself. */
async function checkSeeded(ctx: CheckContext, fn: string, args: unknown[], seed: number) {
  const first = await ctx.call<Record<string, NDArray>>(fn, ...args);
  const second = await ctx.call<Record<string, NDArray>>(fn, ...args);
  if (!(first.W1 instanceof NDArray) || !(second.W1 instanceof NDArray)) return;
  if (!matches(first.W1, second.W1, { rtol: 0, atol: 0 })) {
    fail(`Two calls of ${fn} gave different W1: call np.random.seed(${seed}) at the start of the function, so the numbers are the course's and reproducible.`);
  }
}

export default defineExercise({
  title: "Initialize the parameters",
  lesson: "01_deep_networks#initialization",
  exports: { initializeParameters: "(nx, nh, ny)", initializeParametersDeep: "(layerDims)" },
  hints: [
    "What shape must W[1] have so that W[1]·x works for an input x of shape (n_x, 1)? Write it as (rows, cols).",
    "Why must the weights be random, while the biases can start at zero? What would two units with identical weights learn?",
    "np.random.seed(1) first; then W1 = np.multiply(np.random.randn(n_h, n_x), 0.01), b1 = np.zeros([n_h, 1]), and the same for layer 2 (W1 drawn before W2).",
  ],
  checks: [
    {
      name: "initializeParameters: W[l] is (n[l], n[l-1]) and b[l] is (n[l], 1)",
      run: async (ctx) => await checkParams(ctx, "initializeParameters", 1, false),
    },
    {
      name: "initializeParameters: the course's numbers (seed 1, randn · 0.01, zero biases)",
      points: 2,
      run: async (ctx) => {
        await checkSeeded(ctx, "initializeParameters", [3, 2, 1], 1);
        await checkParams(ctx, "initializeParameters", 1, true);
      },
    },
    {
      name: "initializeParametersDeep: a W[l] and b[l] for every layer l = 1 … L, with their shapes",
      run: async (ctx) => {
        await checkParams(ctx, "initializeParametersDeep", 3, false);
        // Hidden: other depths and widths; the keys must follow the layers, not the course's sizes.
        for (let i = 0; i < 3; i++) {
          const dims = Array.from({ length: randint(ctx.rng, 2, 6) }, () => randint(ctx.rng, 1, 9));
          const params = expectKeys(await ctx.call("initializeParametersDeep", dims.slice()), [], `initializeParametersDeep(${JSON.stringify(dims)})`);
          const want = dims.slice(1).flatMap((_, k) => [`W${k + 1}`, `b${k + 1}`]);
          const got = Object.keys(params);
          if (got.length !== want.length || want.some((k) => !(k in params))) {
            fail(`initializeParametersDeep(${JSON.stringify(dims)}) should return {${want.join(", ")}} (L = ${dims.length - 1} layers), but it returns {${got.join(", ")}}. Loop l from 1 to L = layerDims.length - 1.`);
          }
          for (let l = 1; l < dims.length; l++) expectShape(params[`W${l}`], [dims[l]!, dims[l - 1]!], `W${l} for layerDims ${JSON.stringify(dims)}`, `(n[${l}], n[${l - 1}])`);
        }
      },
    },
    {
      name: "initializeParametersDeep: the course's numbers (seed 3, randn · 0.01, zero biases)",
      points: 2,
      run: async (ctx) => {
        await checkSeeded(ctx, "initializeParametersDeep", [[5, 4, 3]], 3);
        await checkParams(ctx, "initializeParametersDeep", 3, true);
      },
    },
  ],
});
