/**
 * Exercise 06 — the linear part of a layer's backward step
 *
 * The backward pass runs the layers in reverse. Given dZ[l], the gradient of the loss with respect
 * to layer l's linear output Z[l] = W[l]·A[l-1] + b[l], this step computes the gradients of its
 * three inputs, for all m examples at once:
 *
 *     dW[l]   = (1/m) · dZ[l] · A[l-1]ᵀ
 *     db[l]   = (1/m) · np.sum(dZ[l], { axis: 1, keepdims: true })
 *     dA[l-1] = W[l]ᵀ · dZ[l]
 *
 * Column i of dZ[l] and of dA[l-1] is about example i's own loss (dZ[l] = m·∂J/∂Z[l]); dW[l] and
 * db[l] are the cost's gradients, ∂J/∂W[l] and ∂J/∂b[l], so they average over the m examples.
 * dA[l-1] is passed on to layer l-1 and has no 1/m.
 *
 * Read: lessons/en/05_backward_propagation.md#vectorized  ·  Grade: npm run grade -- 06
 * numpy → lib/np, every idiom side by side: lib/np/CHEATSHEET.md
 */
import { np } from "../lib/np/index.ts";
import type { NDArray } from "../lib/np/index.ts";
import type { LinearCache } from "./02_linear_forward.ts";

/**
 * Course name: `linear_backward(dZ, cache)`.
 *
 * @param dZ dZ[l], the gradient of the loss with respect to Z[l]: (n[l], m)
 * @param cache what linearForward kept: `{ A, W, b }` = A[l-1] (n[l-1], m), W[l] (n[l], n[l-1]),
 *   b[l] (n[l], 1)
 * @returns `[dAprev, dW, db]`: dA[l-1] (n[l-1], m), the shape of A[l-1]; dW[l] (n[l], n[l-1]), the
 *   shape of W[l]; db[l] (n[l], 1), the shape of b[l]
 *
 * Example: dZ (3, 4), A (5, 4), W (3, 5), b (3, 1) → dA_prev (5, 4), dW (3, 5), db (3, 1). With the
 * course's `np.random.seed(1)` inputs, db = `array([[-0.14713786], [-0.11313155], [-0.13209101]])`
 * and dW starts `[[ 0.07313866, -0.0976715 , -0.87585828,  0.73763362,  0.00785716], …`.
 */
export function linearBackward(dZ: NDArray, cache: LinearCache): [NDArray, NDArray, NDArray] {
  // BEGIN SOLUTION: with m = A.shape[1] (the number of examples): dW = (1/m)·dZ·Aᵀ, db = (1/m)·(the sum of dZ over its columns, axis 1, keepdims: true), dAprev = Wᵀ·dZ; return [dAprev, dW, db]. e.g. dZ (3, 4), A (5, 4), W (3, 5) → dAprev (5, 4), dW (3, 5), db (3, 1)
  // The cost averages the m examples' losses, so dW and db average too; dA[l-1] only routes dZ back through the same weights.
  const { A: Aprev, W } = cache;
  const m = Aprev.shape[1]!;
  const dW = np.multiply(1 / m, np.dot(dZ, Aprev.T));
  const db = np.multiply(1 / m, np.sum(dZ, { axis: 1, keepdims: true }));
  const dAprev = np.dot(W.T, dZ);
  return [dAprev, dW, db];
  // END SOLUTION
}
