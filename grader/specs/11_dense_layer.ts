import { np, NDArray } from "../../lib/np/index.ts";
import { defineExercise, expectArray, expectShape, fail, formatShape, matches, randint, sameShape } from "../check/index.ts";
import type { CheckContext, Mistake } from "../check/index.ts";
import { callMethod, construct, expectCloseNamed } from "../check/forward.ts";
import { linearForward } from "../../solutions/02_linear_forward.ts";
import { INIT_STDDEV } from "../../solutions/11_dense_layer.ts";

type Layer = { units?: unknown; w?: unknown; b?: unknown };
type RawCase = { name: string; units: number; X: number[][]; w: number[][]; b: number[][]; out: number[][] };
const cases = (ctx: CheckContext) =>
  ((ctx.reference.cases ?? []) as RawCase[]).map((c) => ({ name: c.name, units: c.units, X: np.array(c.X), w: np.array(c.w), b: np.array(c.b), out: np.array(c.out) }));

const BUILD_ONCE = "Build only when the layer has no weights yet: if (this.w === undefined) this.build(inputs.shape). The weights are the layer's state, the numbers training will update.";

/** The course's linear step on the transposed batch: (W·Xᵀ + bᵀ)ᵀ with W = wᵀ (the reference linearForward). */
function viaLinearForward(X: NDArray, w: NDArray, b: NDArray): NDArray {
  const [Z] = linearForward(X.T, w.T, b.T);
  return Z.T;
}

/** The layer's w and b must exist with the batch-first shapes; wrong shapes are explained. */
function expectWeights(layer: Layer, m: number, n: number, units: number, after: string): { w: NDArray; b: NDArray } {
  if (layer.w === undefined) fail(`layer.w is undefined after ${after}: store the kernel on the layer, this.w = … (and the bias as this.b).`);
  const w = expectArray(layer.w, "layer.w");
  const colConvention =
    "That is the course's column convention, where X is (n, m) and W[l] is (n[l], n[l-1]). A framework layer takes the batch first, inputs (m, n), so n = inputShape[inputShape.length - 1] (the notes' input_shape[-1]) and w is (n, units).";
  const wMistakes: [number[], string, string][] = [
    [[units, n], `w is (units, n), the orientation of the course's W[l]. In a batch-first layer the kernel is (n, units), so that inputs·w is (m, n)·(n, units); the course's W[l] is wᵀ.`, "kernel-units-by-n"],
    [[units, m], `w was sized with inputShape[0] = m, the number of examples, as rows of a (units, …) matrix. ${colConvention}`, "kernel-units-by-m"],
    [[m, units], `w was sized with inputShape[0] = m, the number of examples: the input size n is the LAST entry of inputShape (m, n).`, "kernel-m-by-units"],
  ];
  for (const [shape, says, id] of wMistakes) {
    if (!sameShape(w.shape, [n, units]) && sameShape(w.shape, shape)) {
      fail(`layer.w should be (n, units) = ${formatShape([n, units])}, but it is ${formatShape(w.shape)}. ${says}`, {
        expected: `shape ${formatShape([n, units])}`,
        actual: `shape ${formatShape(w.shape)}`,
        mistake: id,
      });
    }
  }
  expectShape(w, [n, units], "layer.w", "(n, units)");
  if (w.data.every((x) => x === 0)) {
    fail("layer.w is all zeros: every unit would compute the same output and learn the same thing. Draw the weights at random (np.random.randn, scaled by INIT_STDDEV).");
  }
  if (layer.b === undefined) fail(`layer.b is undefined after ${after}: create the bias too, this.b = … of shape (1, units).`);
  const b = expectArray(layer.b, "layer.b");
  if (sameShape(b.shape, [units]) && units !== 1) {
    fail(`layer.b is 1-D ${formatShape(b.shape)}, as in the notes' TensorFlow code: here make it the row (1, units) = ${formatShape([1, units])} (np.random.randn(1, units)), so every array stays 2-D.`);
  }
  if (sameShape(b.shape, [units, 1]) && units !== 1) {
    fail(`layer.b should be the row (1, units) = ${formatShape([1, units])}, but it is the column ${formatShape(b.shape)}: batch-first, the outputs of one example are a row, and b is added to every row.`);
  }
  if (sameShape(b.shape, [m, units]) && m !== 1) {
    fail(`layer.b should be (1, units) = ${formatShape([1, units])}, but it is ${formatShape(b.shape)}: one bias per unit, shared by all m examples (np.add broadcasts the row down the m rows).`);
  }
  expectShape(b, [1, units], "layer.b", "(1, units)");
  return { w, b };
}

/** call's output must be (m, units); the column convention's (units, …) is named. */
function expectOutput(out: unknown, m: number, units: number): NDArray {
  const arr = expectArray(out, "layer.call(inputs)");
  if (!sameShape(arr.shape, [m, units]) && arr.shape.length === 2 && arr.shape[0] === units && units !== m) {
    fail(
      `layer.call(inputs) should return (m, units) = ${formatShape([m, units])}, one row per example, but it is ${formatShape(arr.shape)}, with a row per unit: ` +
        "that is w·inputs, the course's column convention. Batch-first, the result is inputs·w + b: (m, n)·(n, units) + (1, units).",
      { expected: `shape ${formatShape([m, units])}`, actual: `shape ${formatShape(arr.shape)}` },
    );
  }
  return expectShape(arr, [m, units], "layer.call(inputs)", "(m, units)");
}

/** After a later call, the layer must still hold the weights it had. */
function expectKept(layer: Layer, w: NDArray, b: NDArray): void {
  const same = (x: unknown, y: NDArray) => x === y || (x instanceof NDArray && matches(x, y, { rtol: 0, atol: 0 }));
  if (!same(layer.w, w)) fail(`The second call changed layer.w: the weights were created again. ${BUILD_ONCE}`);
  if (!same(layer.b, b)) fail(`The second call changed layer.b: the bias was created again. ${BUILD_ONCE}`);
}

function outputMistakes(X: NDArray, w: NDArray, b: NDArray): Mistake[] {
  return [
    { value: np.dot(X, w), id: "dense-without-bias", says: "This is inputs·w without the bias (the slide's MyDenseLayer returns only tf.matmul(inputs, self.kernel)): add b, np.add(np.dot(inputs, w), b)." },
    { value: np.add(np.dot(X, w), np.multiply(b, 2)), id: "dense-bias-added-twice", says: "b was added twice." },
  ];
}

/** A fresh layer, called on X: checks lazy creation, shapes and value. Returns the layer and its weights. */
async function firstCall(ctx: CheckContext, units: number, X: NDArray) {
  const [m, n] = X.shape as [number, number];
  const layer = await construct<Layer>(ctx, "Dense", units);
  if (layer.w !== undefined || layer.b !== undefined) {
    fail(`new Dense(${units}) already has ${layer.w !== undefined ? "w" : "b"}: the constructor cannot know the input size n yet. Create the weights in build(inputShape), which the first call runs.`);
  }
  const out = expectOutput(await callMethod(ctx, layer, "call", "layer.call", [X], ["inputs"]), m, units);
  const { w, b } = expectWeights(layer, m, n, units, "the first call");
  return { layer, out, w, b };
}

/**
 * A built layer whose w and b are then replaced by the case's (as loading or training does), called
 * again on the case's X: the output must come from those weights.
 */
async function callWithWeights(ctx: CheckContext, c: ReturnType<typeof cases>[number]): Promise<unknown> {
  const layer = await construct<Layer>(ctx, "Dense", c.units);
  await callMethod(ctx, layer, "call", "layer.call", [c.X], ["inputs"]);
  await ctx.set(layer, "w", c.w);
  await ctx.set(layer, "b", c.b);
  const out = await callMethod(ctx, layer, "call", "layer.call", [c.X], ["inputs"]);
  if (layer.w !== c.w && !(layer.w instanceof NDArray && matches(layer.w, c.w, { rtol: 0, atol: 0 }))) {
    fail(`call replaced the layer's weights: after layer.w = … (as loading or training does), the next call created new ones. ${BUILD_ONCE}`);
  }
  return out;
}

export default defineExercise({
  title: "A framework-style Dense layer (bonus)",
  lesson: "09_from_scratch_to_framework#dense",
  exports: { Dense: "(units)" },
  hints: [
    "The inputs are (m, n), one example per row. For inputs·w to be (m, units), what shape must w have? How does it relate to the course's W[l]?",
    "When can the layer create its weights: in the constructor, which only knows units, or when it first sees inputs? Which entry of inputShape is n?",
    "What must a second call do with w and b: make new ones, or use the ones it has? How does call know whether build already ran?",
    "build: n = inputShape[inputShape.length - 1]; this.w = np.multiply(np.random.randn(n, this.units), INIT_STDDEV); this.b = np.multiply(np.random.randn(1, this.units), INIT_STDDEV). call: if (this.w === undefined) this.build(inputs.shape); return np.add(np.dot(inputs, this.w), this.b).",
  ],
  checks: [
    {
      name: "build(inputShape) creates w (n, units) and b (1, units) from inputs (m, n)",
      run: async (ctx) => {
        for (const [units, shape] of [[2, [4, 3]], [5, [1, 6]]] as [number, number[]][]) {
          const layer = await construct<Layer>(ctx, "Dense", units);
          await callMethod(ctx, layer, "build", "layer.build", [shape.slice()], ["inputShape"]);
          expectWeights(layer, shape[0]!, shape[1]!, units, `build(${JSON.stringify(shape)})`);
        }
      },
    },
    {
      name: "build draws small random weights: np.random.randn · INIT_STDDEV, mean ≈ 0 (a zero bias is fine)",
      run: async (ctx) => {
        // A large layer, so the sample's mean and spread say how the numbers were drawn.
        const layer = await construct<Layer>(ctx, "Dense", 40);
        await callMethod(ctx, layer, "build", "layer.build", [[8, 50]], ["inputShape"]);
        const { w, b } = expectWeights(layer, 8, 50, 40, "build([8, 50])");
        // A zero bias is fine too (Keras's default): only random biases must be small.
        const drawn = b.data.every((x) => x === 0) ? [["w", w] as const] : ([["w", w], ["b", b]] as const);
        for (const [name, arr] of drawn) {
          const mean = np.mean(arr) as number;
          const std = Math.sqrt(np.mean(np.square(np.subtract(arr, mean))) as number);
          const ratio = std / INIT_STDDEV;
          if (!(ratio > 0.6 && ratio < 1.6) || Math.abs(mean) > 0.5 * INIT_STDDEV) {
            fail(
              `layer.${name} should be np.random.randn(…) · INIT_STDDEV (mean ≈ 0, standard deviation ≈ ${INIT_STDDEV}), but its ${arr.size} values have mean ${mean.toPrecision(3)} and standard deviation ${std.toPrecision(3)}.` +
                (ratio > 10 ? " Multiply by INIT_STDDEV, do not divide." : ratio > 1.6 ? " Scale the draws by INIT_STDDEV." : Math.abs(mean) > 0.5 * INIT_STDDEV ? " np.random.rand draws from [0, 1): use np.random.randn, centred on 0." : ""),
            );
          }
        }
      },
    },
    {
      name: "call(inputs) builds the weights on the first call and returns (m, units)",
      lesson: "09_from_scratch_to_framework#build-and-call",
      run: async (ctx) => {
        await firstCall(ctx, 2, ctx.rng.randn(4, 3));
        await firstCall(ctx, 3, ctx.rng.randn(1, 5));
      },
    },
    {
      name: "the weights persist: later calls (and weights set from outside) are used, not re-created",
      lesson: "09_from_scratch_to_framework#build-and-call",
      run: async (ctx) => {
        const { layer, w, b } = await firstCall(ctx, 2, ctx.rng.randn(4, 3));
        const keep = { w: w.copy(), b: b.copy() };
        const X2 = ctx.rng.randn(6, 3);
        const out2 = expectOutput(await callMethod(ctx, layer, "call", "layer.call", [X2], ["inputs"]), 6, 2);
        expectKept(layer, keep.w, keep.b);
        expectCloseNamed(out2, viaLinearForward(X2, keep.w, keep.b), "the second call's output", { notation: "(m, units)", mistakes: () => outputMistakes(X2, keep.w, keep.b) });
        // Weights set on a built layer (loaded, or trained) must be the ones call uses.
        const c = cases(ctx)[0]!;
        expectOutput(await callWithWeights(ctx, c), c.X.shape[0]!, c.units);
      },
    },
    {
      name: "call(X) = X·w + b, which is linearForward transposed: (W·Xᵀ + bᵀ)ᵀ with W = wᵀ",
      lesson: "09_from_scratch_to_framework#layouts",
      points: 2,
      run: async (ctx) => {
        const verdicts: string[] = [];
        for (const c of cases(ctx)) {
          const out = expectOutput(await callWithWeights(ctx, c), c.X.shape[0]!, c.units);
          verdicts.push(expectCloseNamed(out, c.out, `layer.call(X) with given w and b (${c.name})`, { notation: "(m, units)", mistakes: () => outputMistakes(c.X, c.w, c.b) }));
        }
        // With the layer's own weights: the same as the course's linearForward on the transposed batch.
        const X = ctx.rng.randn(5, 4);
        const { out, w, b } = await firstCall(ctx, 3, X);
        expectCloseNamed(out, viaLinearForward(X, w, b), "layer.call(X) compared with linearForward(Xᵀ, wᵀ, bᵀ)ᵀ", { notation: "(m, units)", mistakes: () => outputMistakes(X, w, b) });
        return verdicts[0];
      },
    },
    {
      name: "hidden cases: other batch sizes, input sizes and units, called twice",
      points: 2,
      run: async (ctx) => {
        const count = 4;
        for (let i = 0; i < count; i++) {
          const [m, n, units] = [randint(ctx.rng, 1, 9), randint(ctx.rng, 1, 9), randint(ctx.rng, 1, 9)];
          const m2 = randint(ctx.rng, 1, 9);
          try {
            const X = ctx.rng.randn(m, n);
            const first = await firstCall(ctx, units, X);
            const { layer, out } = first;
            const [w, b] = [first.w.copy(), first.b.copy()];
            expectCloseNamed(out, viaLinearForward(X, w, b), "layer.call(X)", { notation: "(m, units)", mistakes: () => outputMistakes(X, w, b) });
            const X2 = ctx.rng.randn(m2, n);
            const out2 = expectOutput(await callMethod(ctx, layer, "call", "layer.call", [X2], ["inputs"]), m2, units);
            expectKept(layer, w, b);
            expectCloseNamed(out2, viaLinearForward(X2, w, b), "the second call's output", { notation: "(m, units)", mistakes: () => outputMistakes(X2, w, b) });
          } catch (e) {
            if (e instanceof Error && e.name === "CheckFailure") e.message = `Hidden case ${i + 1} of ${count} (Dense(${units}), inputs (${m}, ${n}) then (${m2}, ${n})): ${e.message}`;
            throw e;
          }
        }
      },
    },
  ],
});
