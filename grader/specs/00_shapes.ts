import { defineExercise, expectKeys, fail, randint } from "../check/index.ts";
import type { CheckContext } from "../check/index.ts";
import { expectShapePair } from "../check/forward.ts";
import type { ShapeMistake } from "../check/forward.ts";

type Pair = [number, number];
type Row = { l: number; W: Pair; b: Pair; Z: Pair; A: Pair; dW: Pair; db: Pair; dZ: Pair; dA: Pair };
type Case = { name: string; layerDims: number[]; m: number; table: Row[] };
type Key = Exclude<keyof Row, "l">;

const KEYS: Key[] = ["W", "b", "Z", "A", "dW", "db", "dZ", "dA"];
const cases = (ctx: CheckContext) => (ctx.reference.cases ?? []) as Case[];
const callText = (dims: number[], m: number) => `layerShapes(${JSON.stringify(dims)}, ${m})`;

/** The notation of each shape for layer l: "(n[2], n[1])", "(n[2], 1)", "(n[2], m)". */
function notation(key: Key, l: number, m: number): string {
  const base = key.replace(/^d/, "");
  if (base === "W") return `(n[${l}], n[${l - 1}])`;
  if (base === "b") return `(n[${l}], 1)`;
  return m === 1 ? `(n[${l}], 1) with one example` : `(n[${l}], m)`;
}

/** Wrong shapes people write, and the words that name each. */
function mistakesFor(key: Key, l: number, dims: number[], m: number): ShapeMistake[] {
  const n = dims[l]!;
  const prev = dims[l - 1]!;
  const next = dims[l + 1];
  const base = key.replace(/^d/, "");
  const grad = key.startsWith("d") ? ` A gradient has the shape of what it differentiates: ${key} is shaped like ${base}.` : "";
  const list: ShapeMistake[] = [];
  if (base === "W") {
    list.push({ value: [prev, n], id: "w-shape-not-n-l-by-n-prev", says: `W[l] has one row per unit of layer l (n[${l}] = ${n}) and one column per input from layer l-1 (n[${l - 1}] = ${prev}), so that W[l]·A[l-1] works.${grad}` });
    list.push({ value: [n, m], id: "w-shape-is-z-shape", says: `That is Z[${l}]'s shape: W[l] does not depend on the number of examples m.${grad}` });
    if (next !== undefined) list.push({ value: [next, n], id: "w-shape-of-next-layer", says: `That is W[${l + 1}]'s shape: W[l] connects layer l-1 to layer l, so W[1] is (n[1], n[0]).${grad}` });
    if (l >= 2) list.push({ value: [prev, dims[l - 2]!], id: "w-shape-of-previous-layer", says: `That is W[${l - 1}]'s shape: W[l] connects layer l-1 to layer l.${grad}` });
  } else if (base === "b") {
    list.push({ value: [n, m], id: "b-shape-depends-on-m", says: `b[l] is one bias per unit, the same for every example: (n[${l}], 1) even when m > 1; np.add broadcasts it across the m columns.${grad}` });
    list.push({ value: [1, n], id: "b-is-a-row", says: `b[l] is a column (n[${l}], 1), one row per unit, like the rows of W[l].${grad}` });
    list.push({ value: [prev, 1], id: "b-shape-of-previous-layer", says: `(n[${l - 1}], 1) is b[${l - 1}]'s shape: b[l] has one entry per unit of layer l.${grad}` });
  } else {
    list.push({ value: [n, 1], id: "one-example-shape", says: `With m examples, each example is a column: ${base}[${l}] is (n[${l}], m), and (n[${l}], 1) is the one-example shape.${grad}` });
    list.push({ value: [m, n], id: "examples-as-rows", says: `Examples are columns, not rows: ${base}[${l}] is (n[${l}], m).${grad}` });
    list.push({ value: [prev, m], id: "shape-of-previous-layer", says: `(n[${l - 1}], m) is A[${l - 1}]'s shape, the layer's input; ${base}[${l}] belongs to layer l: (n[${l}], m).${grad}` });
    if (next !== undefined) list.push({ value: [next, m], id: "shape-of-next-layer", says: `(n[${l + 1}], m) is the shape for layer ${l + 1}: ${base}[${l}] has n[${l}] rows.${grad}` });
  }
  return list;
}

/** The learner's table must list layers 1 … L in order, each an object with all eight shapes. */
function expectTable(value: unknown, dims: number[], m: number): Record<string, unknown>[] {
  const L = dims.length - 1;
  const call = callText(dims, m);
  if (!Array.isArray(value)) {
    return fail(`${call} should return an array with one entry per layer, [{ l: 1, W, b, … }, …, { l: ${L}, … }], but it returned ${typeof value === "object" && value !== null ? "an object" : String(value)}.`);
  }
  if (value.length !== L) {
    const layer0 = value.length === L + 1 && (value[0] as { l?: unknown } | undefined)?.l === 0;
    fail(
      `${call} should have L = ${L} entr${L === 1 ? "y" : "ies"}, one per layer l = 1 … ${L}, but it has ${value.length}.` +
        (layer0 || value.length === L + 1 ? " Layer 0 is the input X = A[0]: it has no W or b, so it gets no entry. Loop l from 1 to L = layerDims.length - 1." : "") +
        (value.length === L - 1 ? " Is the last layer missing? Loop while l <= L (l < layerDims.length)." : ""),
      { expected: `${L} entries`, actual: `${value.length} entries` },
    );
  }
  return value.map((entry, i) => {
    const row = expectKeys(entry, ["l", ...KEYS], `Entry ${i} of ${call}`);
    if (row.l !== i + 1) {
      fail(`Entry ${i} of ${call} should be layer l = ${i + 1} (entry l - 1 is layer l), but its l is ${JSON.stringify(row.l)}.`, {
        expected: `l: ${i + 1}`,
        actual: `l: ${JSON.stringify(row.l)}`,
      });
    }
    return row;
  });
}

/** Every shape of every layer against the expected table. */
function expectShapes(value: unknown, dims: number[], m: number, expected: Row[], keys: Key[] = KEYS): void {
  const rows = expectTable(value, dims, m);
  const call = callText(dims, m);
  rows.forEach((row, i) => {
    const l = i + 1;
    for (const key of keys) {
      expectShapePair(row[key], expected[i]![key], `${key}[${l}] of ${call}`, notation(key, l, m), mistakesFor(key, l, dims, m));
    }
  });
}

/** The table the formulas give; for hidden cases, checked against the reference solution too. */
function tableOf(ctx: CheckContext, dims: number[], m: number): Row[] {
  return ctx.solve<Row[]>("layerShapes", dims.slice(), m);
}

export default defineExercise({
  title: "The matrix dimensions of every layer",
  lesson: "03_matrix_dimensions#running-example",
  exports: { layerShapes: "(layerDims, m)" },
  hints: [
    "W[l]·A[l-1] must be a valid product: A[l-1] has n[l-1] rows, so how many columns must W[l] have? And how many rows, if Z[l] has one row per unit of layer l?",
    "Does the bias b[l] change with the number of examples m? What does np.add do with an (n[l], 1) column and an (n[l], m) matrix?",
    "What is the shape of a derivative dW[l] = ∂J/∂W[l], compared with W[l]? (J is one number, so each entry of W[l] gets one entry of dW[l].)",
    "For l = 1 … L: W and dW are [n[l], n[l-1]]; b and db are [n[l], 1]; Z, A, dZ and dA are [n[l], m]. Entry l - 1 of the array is layer l.",
  ],
  checks: [
    {
      name: "one entry per layer l = 1 … L, each with W, b, Z, A, dW, db, dZ, dA",
      run: async (ctx) => {
        for (const c of cases(ctx)) expectTable(await ctx.call("layerShapes", c.layerDims.slice(), c.m), c.layerDims, c.m);
      },
    },
    {
      name: "one example (m = 1): the lecture's L = 5 network [2, 3, 5, 4, 2, 1]",
      lesson: "03_matrix_dimensions#one-example",
      run: async (ctx) => {
        const c = cases(ctx).find((k) => k.m === 1)!;
        expectShapes(await ctx.call("layerShapes", c.layerDims.slice(), c.m), c.layerDims, c.m, c.table);
      },
    },
    {
      name: "vectorized (m examples): Z, A, dZ, dA are (n[l], m), b and db stay (n[l], 1)",
      lesson: "03_matrix_dimensions#vectorized",
      points: 2,
      run: async (ctx) => {
        for (const c of cases(ctx).filter((k) => k.m > 1)) {
          expectShapes(await ctx.call("layerShapes", c.layerDims.slice(), c.m), c.layerDims, c.m, c.table);
        }
      },
    },
    {
      name: "hidden cases: other depths, widths and numbers of examples",
      points: 2,
      run: async (ctx) => {
        const count = 4;
        for (let i = 0; i < count; i++) {
          const dims = Array.from({ length: randint(ctx.rng, 2, 7) }, () => randint(ctx.rng, 1, 40));
          const m = randint(ctx.rng, 2, 64);
          try {
            expectShapes(await ctx.call("layerShapes", dims.slice(), m), dims, m, tableOf(ctx, dims, m));
          } catch (e) {
            if (e instanceof Error && e.name === "CheckFailure") e.message = `Hidden case ${i + 1} of ${count}: ${e.message}`;
            throw e;
          }
        }
      },
    },
  ],
});
