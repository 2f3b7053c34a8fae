/**
 * Exercise 05 — the cost
 *
 * How wrong are the predictions AL = Ŷ for the labels Y? The cross-entropy cost averages the loss
 * of the m examples:
 *
 *     J = -(1/m) Σᵢ ( y⁽ⁱ⁾ log a⁽ⁱ⁾ + (1 - y⁽ⁱ⁾) log(1 - a⁽ⁱ⁾) )
 *
 * It is one number; gradient descent makes it smaller. The derivative of one example's loss with
 * respect to its prediction, dA[L] = -y/a + (1-y)/(1-a), starts the backward pass.
 *
 * Read: lessons/en/02_forward_propagation.md#cost  ·  Grade: npm run grade -- 05
 * numpy → lib/np, every idiom side by side: lib/np/CHEATSHEET.md
 */
import { np } from "../lib/np/index.ts";
import type { NDArray } from "../lib/np/index.ts";
import { notImplemented } from "../lib/workbook.ts";

/**
 * Course name: `compute_cost(AL, Y)`.
 *
 * @param AL A[L] = Ŷ, the predicted probabilities, every value in (0, 1): (1, m)
 * @param Y the true labels, 0 or 1: (1, m)
 * @returns the cost J, a plain number (what numpy's `np.squeeze(cost)` gives; np.sum without an axis
 *   is already one, and np.squeeze(cost) or np.item(cost) turn a (1, 1) array into one)
 *
 * Example: AL = `[[0.8, 0.9, 0.4]]`, Y = `[[1, 1, 0]]` (m = 3) → `0.2797765635793422`
 * (the course prints `cost = 0.2797765635793422`).
 */
export function computeCost(AL: NDArray, Y: NDArray): number {
  // TODO: J = -(1/m) · Σ (Y·log(AL) + (1 - Y)·log(1 - AL)) with element-wise products (np.multiply), np.log and np.sum; m = Y.shape[1].
  //       e.g. AL [[0.8, 0.9, 0.4]], Y [[1, 1, 0]] → 0.2797765635793422
  return notImplemented("computeCost");
}
