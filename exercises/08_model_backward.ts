/**
 * Exercise 08 — backward propagation through all L layers
 *
 * The forward pass went X → [LINEAR → RELU] × (L-1) → LINEAR → SIGMOID → AL. The backward pass
 * walks the same layers in reverse, starting from the derivative of each example's loss with
 * respect to its prediction (one column per example, so dA[L] = m·∂J/∂AL; no 1/m until dW, db):
 *
 *     dA[L] = -(Y / AL) + (1 - Y) / (1 - AL)
 *
 * then layer L (sigmoid) gives dA[L-1], dW[L], db[L], and each hidden layer l = L-1 … 1 (ReLU)
 * turns dA[l] into dA[l-1], dW[l], db[l], using the cache its forward step kept.
 *
 * Read: lessons/en/05_backward_propagation.md#first-gradient, 04_building_blocks.md#one-iteration  ·  Grade: npm run grade -- 08
 * numpy → lib/np, every idiom side by side: lib/np/CHEATSHEET.md
 */
import { np } from "../lib/np/index.ts";
import type { NDArray } from "../lib/np/index.ts";
import type { LayerCache } from "./03_activation_forward.ts";
import { linearActivationBackward } from "./07_activation_backward.ts";
import { notImplemented } from "../lib/workbook.ts";

/** Gradients by name: `dA0 … dA{L-1}`, `dW1 … dWL`, `db1 … dbL` (dW[l] is `grads.dW${l}`). */
export type Grads = Record<string, NDArray>;

/**
 * Course name: `L_model_backward(AL, Y, caches)`.
 *
 * @param AL A[L] = Ŷ, the forward pass's output probabilities: (1, m)
 * @param Y the true labels, 0 or 1: (1, m)
 * @param caches the forward pass's caches: `caches[l - 1]` is layer l's
 *   `{ linearCache: { A: A[l-1], W: W[l], b: b[l] }, activationCache: Z[l] }`
 * @returns the gradients: `dA${l-1}` (n[l-1], m), `dW${l}` (n[l], n[l-1]), `db${l}` (n[l], 1) for
 *   l = 1 … L
 *
 * Example: L = 2 with layer 1's cache holding A[0] (4, 2), W[1] (3, 4), Z[1] (3, 2) and layer 2's
 * holding A[1] (3, 2), W[2] (1, 3), Z[2] (1, 2) → dA0 (4, 2), dW1 (3, 4), db1 (3, 1), dA1 (3, 2),
 * dW2 (1, 3), db2 (1, 1). With the course's
 * `np.random.seed(3)` inputs, dW1 = `[[0.41010002, 0.07807203, 0.13798444, 0.10502167], [0, 0, 0, 0],
 * [0.05283652, 0.01005865, 0.01777766, 0.0135308]]` and db1 = `[[-0.22007063], [0], [-0.02835349]]`.
 */
export function modelBackward(AL: NDArray, Y: NDArray, caches: LayerCache[]): Grads {
  // TODO: dAL = -(Y/AL − (1−Y)/(1−AL)); layer L: [dA{L-1}, dWL, dbL] = linearActivationBackward(dAL, caches[L-1], "sigmoid"); then for l = L-1 … 1: [dA{l-1}, dWl, dbl] = linearActivationBackward(grads[`dA${l}`], caches[l-1], "relu").
  //       e.g. L = 2 → { dA1, dW2, db2, dA0, dW1, db1 }
  return notImplemented("modelBackward");
}
