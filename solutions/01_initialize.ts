/**
 * Exercise 01 — initialize the parameters
 *
 * Before the first step of gradient descent, every layer l needs a weight matrix W[l] of shape
 * (n[l], n[l-1]) and a bias column b[l] of shape (n[l], 1). Weights start as small random numbers
 * (to break the symmetry between units); biases start at zero.
 *
 * Read: lessons/en/01_deep_networks.md#initialization  ·  Grade: npm run grade -- 01
 * numpy → lib/np, every idiom side by side: lib/np/CHEATSHEET.md
 */
import { np } from "../lib/np/index.ts";
import type { NDArray } from "../lib/np/index.ts";

/** Parameters by layer: `W1, b1, W2, b2, …` (W[l] is `params.W${l}`). */
export type Parameters = Record<string, NDArray>;

/**
 * A two-layer network: n_x inputs, n_h hidden units, n_y outputs.
 * Course name: `initialize_parameters(n_x, n_h, n_y)`.
 *
 * - seeds the generator with `np.random.seed(1)` first, so everyone gets the same numbers;
 * - `W1` (n_h, n_x) and `W2` (n_y, n_h): `np.random.randn(rows, cols)` scaled by 0.01;
 * - `b1` (n_h, 1) and `b2` (n_y, 1): zeros.
 *
 * Example: `initializeParameters(3, 2, 1)` → W1 (2, 3), b1 (2, 1), W2 (1, 2), b2 (1, 1), and
 * `W1` starts `[[ 0.01624345, -0.00611756, -0.00528172], …`.
 */
export function initializeParameters(nx: number, nh: number, ny: number): Parameters {
  // BEGIN SOLUTION: seed with 1, then W1 = randn(n_h, n_x)·0.01, b1 = zeros (n_h, 1), W2 = randn(n_y, n_h)·0.01, b2 = zeros (n_y, 1). e.g. (3, 2, 1) → W1 (2, 3), b1 (2, 1), W2 (1, 2), b2 (1, 1)
  // Seeding inside makes the draws reproducible; W1 must be drawn before W2 to match the course.
  np.random.seed(1);
  const W1 = np.multiply(np.random.randn(nh, nx), 0.01);
  const b1 = np.zeros([nh, 1]);
  const W2 = np.multiply(np.random.randn(ny, nh), 0.01);
  const b2 = np.zeros([ny, 1]);
  return { W1, b1, W2, b2 };
  // END SOLUTION
}

/**
 * An L-layer network with `layerDims = [n[0], n[1], …, n[L]]` units per layer (n[0] = n_x).
 * Course name: `initialize_parameters_deep(layer_dims)`.
 *
 * - seeds the generator with `np.random.seed(3)` first;
 * - for l = 1 … L: `W${l}` = `np.random.randn(n[l], n[l-1])` · 0.01, `b${l}` = zeros (n[l], 1).
 *
 * Example: `initializeParametersDeep([5, 4, 3])` → W1 (4, 5), b1 (4, 1), W2 (3, 4), b2 (3, 1), and
 * `W1` starts `[[ 0.01788628,  0.0043651 ,  0.00096497, -0.01863493, -0.00277388], …`.
 */
export function initializeParametersDeep(layerDims: number[]): Parameters {
  // BEGIN SOLUTION: seed with 3, then for l = 1 … L: W[l] = randn(n[l], n[l-1])·0.01 and b[l] = zeros (n[l], 1). e.g. [5, 4, 3] → W1 (4, 5), b1 (4, 1), W2 (3, 4), b2 (3, 1)
  // W[l] maps the n[l-1] activations of the layer below to the n[l] units of layer l.
  np.random.seed(3);
  const params: Parameters = {};
  for (let l = 1; l < layerDims.length; l++) {
    params[`W${l}`] = np.multiply(np.random.randn(layerDims[l]!, layerDims[l - 1]!), 0.01);
    params[`b${l}`] = np.zeros([layerDims[l]!, 1]);
  }
  return params;
  // END SOLUTION
}
