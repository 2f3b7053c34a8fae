import { np } from "../../lib/np/index.ts";
import type { NDArray, RandomState } from "../../lib/np/index.ts";
import { CheckFailure, defineExercise, expectClose, expectKeys, expectShape, fail, hiddenCases, inOrder, randint } from "../check/index.ts";
import type { CheckContext, Mistake } from "../check/index.ts";
import { fromJson } from "../check/backward.ts";

type Params = Record<string, NDArray>;
type Case = { name: string; params: Params; grads: Params; learningRate: number; updated: Params };
const cases = (ctx: CheckContext) => fromJson(ctx.reference.cases ?? []) as Case[];
const layersOf = (params: Params) => Object.keys(params).length / 2;
const keysFor = (L: number) => Array.from({ length: L }, (_, i) => [`W${i + 1}`, `b${i + 1}`]).flat();

/** What the usual mistakes give for parameter `key` (W3, b1, …) of an L-layer network. */
function mistakes(key: string, L: number, params: Params, grads: Params, α: number): Mistake[] {
  const P = params[key]!;
  const G = grads[`d${key}`]!;
  const l = Number(key.slice(1));
  return [
    { value: np.add(P, np.multiply(α, G)), id: "update-plus-gradient", says: `${key} moved with its gradient (+): gradient descent steps against it, ${key} − α·d${key}.` },
    { value: np.subtract(P, G), id: "update-without-learning-rate", says: `${key} − d${key}: the step is missing the learning rate α = ${α}: ${key} − α·d${key}.` },
    {
      value: P,
      id: "layer-not-updated",
      says:
        l === L
          ? `${key} is unchanged: the loop stops one layer early. With L = ${L} layers (half of the ${2 * L} keys), l runs from 1 to L inclusive (l <= L).`
          : `${key} is unchanged: every layer l = 1 … L = ${L} is updated, starting at layer 1 (the keys are W1, b1, …).`,
    },
    ...(key.startsWith("W") ? [{ value: np.subtract(P, np.multiply(α, grads[`db${l}`]!)), id: "w-moved-by-db", says: `${key} was moved by db${l}: W[l] takes dW[l], b[l] takes db[l].` }] : []),
  ];
}

/** Keys and shapes of the result; a missing last layer is named. */
function expectParams(value: unknown, params: Params): Params {
  const L = layersOf(params);
  const want = keysFor(L);
  const out = expectKeys(value, [], "updateParameters(params, grads, learningRate)") as Params;
  const missing = want.filter((k) => !(k in out));
  if (missing.length) {
    const lastOnly = missing.every((k) => k.endsWith(String(L)));
    fail(
      `The updated parameters should have {${want.join(", ")}} (L = ${L}), but ${missing.join(", ")} ${missing.length > 1 ? "are" : "is"} missing.` +
        (lastOnly ? ` The loop stops one layer early: l runs from 1 to L = ${L} inclusive (l <= L), L being half the number of keys.` : ""),
      { expected: `{${want.join(", ")}}`, actual: `{${Object.keys(out).join(", ")}}` },
    );
  }
  for (let l = 1; l <= L; l++) {
    expectShape(out[`W${l}`], params[`W${l}`]!.shape, `W${l}`, `the shape of the old W${l}: (n[${l}], n[${l - 1}])`);
    expectShape(out[`b${l}`], params[`b${l}`]!.shape, `b${l}`, `the shape of the old b${l}: (n[${l}], 1)`);
  }
  return out;
}

/** Values, layer by layer from the last (where an off-by-one shows). */
function expectUpdated(out: Params, expected: Params, params: Params, grads: Params, α: number, label = ""): string {
  const L = layersOf(params);
  const verdicts: string[] = [];
  for (const key of keysFor(L).reverse()) {
    verdicts.push(expectClose(out[key], expected[key]!, `${key}${label}`, { mistakes: mistakes(key, L, params, grads, α) }));
  }
  return verdicts.find((v) => v !== "exact") ?? "exact";
}

async function call(ctx: CheckContext, c: Pick<Case, "params" | "grads" | "learningRate">): Promise<Params> {
  return expectParams(await ctx.call("updateParameters", c.params, c.grads, c.learningRate), c.params);
}

function randomCase(rng: RandomState): { params: Params; grads: Params; learningRate: number } {
  const L = randint(rng, 1, 4);
  const dims = Array.from({ length: L + 1 }, () => randint(rng, 1, 5));
  const params: Params = {};
  const grads: Params = {};
  for (let l = 1; l <= L; l++) {
    params[`W${l}`] = rng.randn(dims[l]!, dims[l - 1]!);
    params[`b${l}`] = rng.randn(dims[l]!, 1);
    grads[`dA${l - 1}`] = rng.randn(dims[l - 1]!, 3);
    grads[`dW${l}`] = rng.randn(dims[l]!, dims[l - 1]!);
    grads[`db${l}`] = rng.randn(dims[l]!, 1);
  }
  return { params, grads, learningRate: [0.5, 0.05, 0.0075, 1.2][randint(rng, 0, 3)]! };
}

export default defineExercise({
  title: "Update the parameters: one step of gradient descent",
  lesson: "04_building_blocks#network",
  exports: { updateParameters: "(params, grads, learningRate)" },
  hints: [
    "The gradient points uphill, toward a larger cost. Which way should each parameter move, and how far?",
    "How many layers does params hold? Each layer has two keys, W and b. Does your loop reach the last layer, L?",
    "Do not write into params (the caller keeps using it): build a new object and fill it with new arrays from np.subtract.",
    "L = Object.keys(params).length / 2; for l = 1 … L: updated[`W${l}`] = np.subtract(params[`W${l}`], np.multiply(learningRate, grads[`dW${l}`])), and the same for b with db.",
  ],
  checks: [
    {
      name: "returns W1, b1, …, WL, bL with the shapes they had",
      run: async (ctx) => {
        for (const c of cases(ctx)) await call(ctx, c);
      },
    },
    {
      name: "the course's values (learning rate 0.1)",
      points: 2,
      run: async (ctx) => {
        const c = cases(ctx)[0]!;
        return expectUpdated(await call(ctx, c), c.updated, c.params, c.grads, c.learningRate);
      },
    },
    {
      name: "every layer is updated, the last one too (a three-layer network, learning rate 0.05)",
      run: async (ctx) => {
        const verdicts = await inOrder(cases(ctx).slice(1), async (c) => expectUpdated(await call(ctx, c), c.updated, c.params, c.grads, c.learningRate, ` (${c.name})`));
        return verdicts.find((v) => v !== "exact") ?? "exact";
      },
    },
    {
      name: "returns new parameters and leaves params as it was",
      run: async (ctx) => {
        const c = cases(ctx)[0]!;
        const before = { ...c.params };
        const out = await call(ctx, c);
        const replaced = Object.keys(before).find((k) => c.params[k] !== before[k]);
        if (replaced) {
          fail(
            `updateParameters replaced params.${replaced} in the object it was given. The caller still needs its parameters as they were ` +
              "(trainModel may compare them, or try another learning rate): build a new object, const updated = {}, and return it.",
          );
        }
        if (out === (c.params as unknown)) fail("updateParameters returned the very object it was given: return a new object with the new arrays.");
      },
    },
    {
      name: "hidden cases: networks of 1 to 4 layers, other learning rates",
      points: 2,
      run: async (ctx) =>
        hiddenCases(
          ctx,
          "updateParameters",
          5,
          (rng) => {
            const c = randomCase(rng);
            return { names: ["params", "grads", "learningRate"], args: [c.params, c.grads, c.learningRate] };
          },
          (actual, expected, c) => {
            const [params, grads, α] = c.args as [Params, Params, number];
            try {
              expectUpdated(expectParams(actual, params), expected as Params, params, grads, α);
            } catch (e) {
              if (e instanceof CheckFailure) e.message = `L = ${layersOf(params)} layer${layersOf(params) === 1 ? "" : "s"}, learning rate ${α}: ${e.message}`;
              throw e;
            }
          },
        ),
    },
  ],
});
