import { np, NDArray } from "../../lib/np/index.ts";
import { defineExercise, expectNumber, fail, formatShape, inOrder, randint } from "../check/index.ts";
import type { CheckContext, Mistake } from "../check/index.ts";
import { expectFinite } from "../check/forward.ts";

type RawCase = { name: string; AL: number[][]; Y: number[][]; cost: number };
type Case = { name: string; AL: NDArray; Y: NDArray; cost: number };
const cases = (ctx: CheckContext): Case[] =>
  ((ctx.reference.cases ?? []) as RawCase[]).map((c) => ({ name: c.name, AL: np.array(c.AL), Y: np.array(c.Y), cost: c.cost }));

const OUTER =
  "an (m, m) outer product, as np.dot(Y.T, np.log(AL)) gives: it pairs every example's label with every other example's prediction. " +
  "Multiply element by element (np.multiply) and then np.sum, or use np.dot(Y, np.log(AL).T), (1, m)·(m, 1) → (1, 1).";

/** The costs the usual mistakes give, with the words that name each. */
function mistakes(AL: NDArray, Y: NDArray): Mistake[] {
  const m = Y.shape[1]!;
  const yPart = np.sum(np.multiply(Y, np.log(AL)));
  const notYPart = np.sum(np.multiply(np.subtract(1, Y), np.log(np.subtract(1, AL))));
  const J = (-1 / m) * (yPart + notYPart);
  const sum = (A: NDArray) => np.sum(A);
  const outer = sum(np.dot(Y.T, np.log(AL))) + sum(np.dot(np.subtract(1, Y).T, np.log(np.subtract(1, AL))));
  const swapped = np.sum(np.add(np.multiply(Y, np.log(np.subtract(1, AL))), np.multiply(np.subtract(1, Y), np.log(AL))));
  const list: Mistake[] = [
    { value: -J, id: "cost-sign", says: "The sign is wrong: J = -(1/m) Σ(…). The logs of probabilities are negative, so the minus makes the cost positive." },
    { value: J * m, id: "cost-without-1-over-m", says: "The 1/m is missing: the cost is the average loss over the m examples, not their sum. (m = Y.shape[1], the number of columns; Y.shape[0] is 1.)" },
    { value: -J * m, id: "cost-without-sign-and-1-over-m", says: "Both the minus sign and the 1/m are missing: J = -(1/m) Σ(…)." },
    { value: (-1 / m) * yPart, id: "cost-without-y0-part", says: "The (1 - y)·log(1 - a) part is missing: examples with y = 0 cost something too. The dot product np.dot(Y, np.log(AL).T) alone gives only the y·log(a) part." },
    { value: (-1 / m) * notYPart, id: "cost-without-y1-part", says: "The y·log(a) part is missing: J = -(1/m) Σ( y·log(a) + (1 - y)·log(1 - a) )." },
    { value: (-1 / m) * swapped, id: "cost-logs-swapped", says: "log(a) and log(1 - a) are swapped: y pairs with log(a) (the probability of a 1), (1 - y) with log(1 - a)." },
    { value: (-1 / m) * yPart + notYPart, id: "cost-1-over-m-on-one-part", says: "-(1/m) applies to the whole sum: J = -(1/m) · Σ( y·log(a) + (1 - y)·log(1 - a) ), both parts inside." },
    { value: (-1 / m) * outer, id: "cost-outer-product", says: `This is what ${OUTER}` },
    { value: (-1 / m) * sum(np.dot(Y.T, np.log(AL))), id: "cost-outer-product-y1-only", says: `This is the y·log(a) part only, and as ${OUTER}` },
  ];
  return list.filter((k) => Number.isFinite(k.value as number));
}

/** The cost must be one plain number; an (m, m) array gets its own explanation. */
function expectPlainNumber(value: unknown, c: Case): void {
  const m = c.Y.shape[1]!;
  if (value instanceof NDArray && m > 1 && value.shape.length === 2 && value.shape[0] === m && value.shape[1] === m) {
    fail(`The cost should be one plain number, but it is an array of shape ${formatShape(value.shape)}: ${OUTER}`, {
      expected: "a number",
      actual: `an array of shape ${formatShape(value.shape)}`,
    });
  }
  if (typeof value !== "number") expectNumber(value, c.cost, "The cost");
}

async function checkCost(ctx: CheckContext, c: Case): Promise<string> {
  const value = await ctx.call("computeCost", c.AL, c.Y);
  expectPlainNumber(value, c);
  expectFinite(
    value,
    `The cost for ${c.name}`,
    "Every AL is strictly between 0 and 1 here, so the logs are finite: did you take np.log(Y) or np.log(1 - Y)? Y is 0 or 1 and log(0) = -inf. The logs are of AL and 1 - AL; Y and 1 - Y only weigh them.",
  );
  return expectNumber(value, c.cost, `The cost for ${c.name}`, { mistakes: mistakes(c.AL, c.Y) });
}

export default defineExercise({
  title: "The cross-entropy cost J",
  lesson: "02_forward_propagation#cost",
  exports: { computeCost: "(AL, Y)" },
  hints: [
    "For one example, what should the loss be when y = 1, and when y = 0? Which of log(a) and log(1 - a) measures each case?",
    "AL and Y are both (1, m). Do you want the matrix product of the two, or their element-by-element product (np.multiply)? What shape does each give?",
    "The cost is one number for all m examples: do you sum and divide by m = Y.shape[1]? Which sign makes J positive, given that log(p) < 0 for p < 1?",
    "J = -(1/m) · np.sum(np.add(np.multiply(Y, np.log(AL)), np.multiply(np.subtract(1, Y), np.log(np.subtract(1, AL))))). np.sum without an axis already returns a plain number.",
  ],
  checks: [
    {
      name: "returns one plain number",
      run: async (ctx) => {
        for (const c of cases(ctx)) expectPlainNumber(await ctx.call("computeCost", c.AL, c.Y), c);
      },
    },
    {
      name: "the course's cost: AL = [[0.8, 0.9, 0.4]], Y = [[1, 1, 0]] → 0.2797765635793422",
      points: 2,
      run: async (ctx) => await checkCost(ctx, cases(ctx)[0]!),
    },
    {
      name: "other cases: m = 8, confident predictions right and wrong, one example",
      run: async (ctx) => {
        const verdicts = await inOrder(cases(ctx).slice(1), (c) => checkCost(ctx, c));
        return verdicts[0];
      },
    },
    {
      name: "hidden cases: other numbers of examples and predictions",
      points: 2,
      run: async (ctx) => {
        const count = 5;
        for (let i = 0; i < count; i++) {
          const m = randint(ctx.rng, 1, 30);
          const AL = np.add(np.multiply(ctx.rng.rand(1, m), 0.98), 0.01);
          const Y = np.where(np.greater(ctx.rng.rand(1, m), 0.5), 1, 0);
          const c = { name: `AL (1, ${m}), Y (1, ${m})`, AL, Y, cost: ctx.solve<number>("computeCost", AL, Y) };
          try {
            await checkCost(ctx, c);
          } catch (e) {
            if (e instanceof Error && e.name === "CheckFailure" && !e.message.startsWith("Hidden case")) e.message = `Hidden case ${i + 1} of ${count} (m = ${m}): ${e.message}`;
            throw e;
          }
        }
      },
    },
  ],
});
