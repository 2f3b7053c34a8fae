/**
 * Exercise 02 — the linear part of a layer's forward step
 *
 * Every layer first computes a weighted sum of the previous layer's activations, for all m
 * examples at once: Z[l] = W[l]·A[l-1] + b[l].
 *
 * Read: lessons/en/02_forward_propagation.md#vectorized  ·  Grade: npm run grade -- 02
 * numpy → lib/np, every idiom side by side: lib/np/CHEATSHEET.md
 */
import { np } from "../lib/np/index.ts";
import type { NDArray } from "../lib/np/index.ts";

/** What the backward step of this layer will need: the inputs of the forward step. */
export type LinearCache = { A: NDArray; W: NDArray; b: NDArray };

/**
 * Course name: `linear_forward(A, W, b)`.
 *
 * @param A A[l-1], activations of the previous layer: (n[l-1], m)
 * @param W W[l], weights: (n[l], n[l-1])
 * @param b b[l], bias column: (n[l], 1)
 * @returns `[Z, cache]`: Z[l] of shape (n[l], m), and `cache = { A, W, b }` (the very inputs)
 *
 * Example: A (3, 2), W (1, 3), b (1, 1) → Z (1, 2). With the course's `np.random.seed(1)` inputs,
 * Z = `array([[ 3.26295337, -1.23429987]])`.
 */
export function linearForward(A: NDArray, W: NDArray, b: NDArray): [NDArray, LinearCache] {
  // BEGIN SOLUTION: compute Z = W·A + b with np.dot and np.add, then return [Z, cache] with cache = { A, W, b }. e.g. A (3, 2), W (1, 3), b (1, 1) → Z (1, 2)
  // W comes first: row i of W holds unit i's weights over the n[l-1] inputs; b (n[l], 1) broadcasts over the m columns.
  const Z = np.add(np.dot(W, A), b);
  return [Z, { A, W, b }];
  // END SOLUTION
}
