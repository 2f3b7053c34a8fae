/**
 * Initial parameters for the capstone: He-scaled and seeded, handed to the learner's trainModel
 * through `options.params`.
 *
 * The course's initializeParametersDeep draws randn·0.01: with 784 inputs and four layers the
 * signal shrinks ~100× per layer, the output sits at 0.5 and gradient descent crawls along a
 * plateau for hundreds of iterations. Scaling by √(2/n[l-1]) (He et al., 2015, for ReLU layers)
 * keeps each layer's activations at the same variance, so training moves from the first step.
 */
import { NDArray, RandomState, np } from "../../lib/np/index.ts";
import type { Params } from "./learner.ts";

export function heInitialization(layerDims: readonly number[], seed: number): Params {
  const rng = new RandomState(seed);
  const params: Params = {};
  for (let l = 1; l < layerDims.length; l++) {
    const rows = layerDims[l]!;
    const cols = layerDims[l - 1]!;
    const W = rng.randn(rows, cols);
    const scale = Math.sqrt(2 / cols);
    const w = W.data;
    for (let i = 0; i < w.length; i++) w[i]! *= scale;
    params[`W${l}`] = W;
    params[`b${l}`] = np.zeros([rows, 1]);
  }
  return params;
}

/** A deep copy, so a trial run cannot change the parameters the real run starts from. */
export function copyParams(params: Params): Params {
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, v.copy()]));
}

/** Columns [start, end) of a 2-D array, as a new array. */
export function sliceColumns(X: NDArray, start: number, end: number): NDArray {
  const [rows, m] = X.shape as [number, number];
  const n = Math.max(0, Math.min(end, m) - start);
  const src = X.data;
  const out = new Float64Array(rows * n);
  for (let r = 0; r < rows; r++) out.set(src.subarray(r * m + start, r * m + start + n), r * n);
  return new NDArray(out, [rows, n]);
}
