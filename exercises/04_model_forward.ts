/**
 * Exercise 04 — forward propagation through all L layers
 *
 * The whole network's forward pass, for all m examples at once: A[0] = X, then for l = 1 … L,
 * Z[l] = W[l]·A[l-1] + b[l] and A[l] = g[l](Z[l]), with ReLU for the hidden layers 1 … L-1 and
 * sigmoid for the output layer L. The prediction is Ŷ = A[L]. Every layer's cache is kept, in
 * layer order, for the backward pass.
 *
 * Read: lessons/en/02_forward_propagation.md#layer-loop  ·  Grade: npm run grade -- 04
 * numpy → lib/np, every idiom side by side: lib/np/CHEATSHEET.md
 */
import type { NDArray } from "../lib/np/index.ts";
import type { Parameters } from "./01_initialize.ts";
import { linearActivationForward } from "./03_activation_forward.ts";
import type { LayerCache } from "./03_activation_forward.ts";
import { notImplemented } from "../lib/workbook.ts";

/**
 * [LINEAR → RELU] × (L-1) → LINEAR → SIGMOID.
 * Course name: `L_model_forward(X, parameters)`.
 *
 * @param X A[0], the input data, one example per column: (n[0], m)
 * @param params `W1, b1, …, WL, bL`: W[l] is (n[l], n[l-1]) and b[l] is (n[l], 1); L is half the
 *   number of keys
 * @returns `[AL, caches]`: AL = A[L] = Ŷ of shape (n[L], m), and `caches`, L caches where
 *   `caches[l - 1]` is layer l's `{ linearCache: { A: A[l-1], W: W[l], b: b[l] }, activationCache: Z[l] }`
 *
 * Example: X (5, 4) with layers [5, 4, 3, 1] → AL (1, 4) and 3 caches. With the course's
 * `np.random.seed(6)` inputs, AL = `array([[0.03921668, 0.70498921, 0.19734387, 0.04728177]])`.
 */
export function modelForward(X: NDArray, params: Parameters): [NDArray, LayerCache[]] {
  // TODO: A = X; for l = 1 … L-1: [A, cache] = linearActivationForward(A, W[l], b[l], "relu"), push cache; then the same with W[L], b[L] and "sigmoid" gives AL.
  //       e.g. X (5, 4), layers [5, 4, 3, 1] → AL (1, 4), 3 caches
  return notImplemented("modelForward");
}
