/**
 * Exercise 09 — one step of gradient descent
 *
 * With the gradients of every layer in hand, each parameter takes a small step downhill, against
 * its gradient; the learning rate α (a hyperparameter) sets the step's size:
 *
 *     W[l] = W[l] − α·dW[l]        b[l] = b[l] − α·db[l]        for l = 1 … L
 *
 * Read: lessons/en/04_building_blocks.md#network  ·  Grade: npm run grade -- 09
 * numpy → lib/np, every idiom side by side: lib/np/CHEATSHEET.md
 */
import { np } from "../lib/np/index.ts";
import type { Parameters } from "./01_initialize.ts";
import type { Grads } from "./08_model_backward.ts";

/**
 * Course name: `update_parameters(parameters, grads, learning_rate)`.
 *
 * @param params `W1, b1, …, WL, bL`: W[l] (n[l], n[l-1]), b[l] (n[l], 1); L is half the number of keys
 * @param grads modelBackward's gradients: dW[l] (n[l], n[l-1]) and db[l] (n[l], 1) for l = 1 … L
 *   (the `dA…` keys are not used)
 * @param learningRate α, the size of the step, e.g. 0.0075
 * @returns NEW parameters `W1, b1, …, WL, bL` of the same shapes; `params` itself is left as it was
 *
 * Example: W1 (3, 4), b1 (3, 1), W2 (1, 3), b2 (1, 1) with their gradients and α = 0.1 → the same
 * shapes. With the course's inputs (`np.random.seed(2)` parameters, `np.random.seed(3)` gradients),
 * b1 = `[[-0.04659241], [-1.28888275], [0.53405496]]` and W2 = `[[-0.55569196, 0.0354055, 1.32964895]]`.
 */
export function updateParameters(params: Parameters, grads: Grads, learningRate: number): Parameters {
  // BEGIN SOLUTION: L = (number of keys of params) / 2; for l = 1 … L: W[l] − α·dW[l] and b[l] − α·db[l] (np.subtract, np.multiply), into a new object. e.g. { W1, b1, W2, b2 } → { W1, b1, W2, b2 }, each moved against its gradient
  // Stepping against the gradient lowers the cost; a new object leaves the caller's parameters intact.
  const L = Object.keys(params).length / 2;
  const updated: Parameters = {};
  for (let l = 1; l <= L; l++) {
    updated[`W${l}`] = np.subtract(params[`W${l}`]!, np.multiply(learningRate, grads[`dW${l}`]!));
    updated[`b${l}`] = np.subtract(params[`b${l}`]!, np.multiply(learningRate, grads[`db${l}`]!));
  }
  return updated;
  // END SOLUTION
}
