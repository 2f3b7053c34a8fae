/**
 * Exercise 03 — the activation step of a layer's forward pass
 *
 * After the linear part Z[l] = W[l]·A[l-1] + b[l], each layer applies its activation function
 * g[l] element by element: A[l] = g[l](Z[l]). The hidden layers use ReLU, the output layer uses
 * sigmoid (its values, between 0 and 1, read as probabilities). The cache keeps what the backward
 * pass of this layer will need: the linear inputs (A[l-1], W[l], b[l]) and Z[l].
 *
 * Read: lessons/en/02_forward_propagation.md#one-example  ·  Grade: npm run grade -- 03
 * numpy → lib/np, every idiom side by side: lib/np/CHEATSHEET.md
 */
import { np } from "../lib/np/index.ts";
import type { NDArray } from "../lib/np/index.ts";
import { linearForward } from "./02_linear_forward.ts";
import type { LinearCache } from "./02_linear_forward.ts";
import { notImplemented } from "../lib/workbook.ts";

/** The two activations of the course: `"relu"` for hidden layers, `"sigmoid"` for the output layer. */
export type Activation = "sigmoid" | "relu";

/**
 * What the backward step of layer l needs: the linear cache `{ A, W, b }` (A[l-1], W[l], b[l]) and
 * the activation cache Z[l]. `caches[l - 1]` of the model's forward pass is layer l's.
 */
export type LayerCache = { linearCache: LinearCache; activationCache: NDArray };

/**
 * The sigmoid σ(z) = 1 / (1 + e^(-z)), element by element.
 * Course name: `sigmoid(Z)` (the course's also returns Z as a cache; this one returns A only).
 *
 * @param Z Z[l], any shape, usually (n[l], m)
 * @returns A[l] = σ(Z[l]), the same shape as Z, every value in (0, 1)
 *
 * Example: `sigmoid(np.array([[0, 2]]))` → `array([[0.5       , 0.88079708]])`.
 */
export function sigmoid(Z: NDArray): NDArray {
  // TODO: compute 1 / (1 + e^(-Z)) element by element, with np.exp, np.negative, np.add, np.divide.
  //       e.g. [[0, 2]] → [[0.5, 0.88079708]]
  return notImplemented("sigmoid");
}

/**
 * The rectified linear unit relu(z) = max(0, z), element by element.
 * Course name: `relu(Z)` (the course's also returns Z as a cache; this one returns A only).
 *
 * @param Z Z[l], any shape, usually (n[l], m)
 * @returns A[l] = max(0, Z[l]), the same shape as Z
 *
 * Example: `relu(np.array([[-1.5, 0, 2]]))` → `array([[0., 0., 2.]])`.
 */
export function relu(Z: NDArray): NDArray {
  // TODO: keep the positive values of Z and set the negative ones to 0, with np.maximum.
  //       e.g. [[-1.5, 0, 2]] → [[0, 0, 2]]
  return notImplemented("relu");
}

/**
 * One layer's forward step: the linear part, then the activation.
 * Course name: `linear_activation_forward(A_prev, W, b, activation)`.
 *
 * @param Aprev A[l-1], activations of the previous layer (or the input X): (n[l-1], m)
 * @param W W[l], weights: (n[l], n[l-1])
 * @param b b[l], bias column: (n[l], 1)
 * @param activation `"sigmoid"` or `"relu"`
 * @returns `[A, cache]`: A[l] = g(Z[l]) of shape (n[l], m), and
 *   `cache = { linearCache: { A: Aprev, W, b }, activationCache: Z }`
 *
 * Example: Aprev (3, 2), W (1, 3), b (1, 1) → A (1, 2). With the course's `np.random.seed(2)`
 * inputs, sigmoid gives A = `array([[0.96890023, 0.11013289]])` and relu gives
 * A = `array([[3.43896131, 0.        ]])`.
 */
export function linearActivationForward(Aprev: NDArray, W: NDArray, b: NDArray, activation: Activation): [NDArray, LayerCache] {
  // TODO: [Z, linearCache] = linearForward(Aprev, W, b); A = sigmoid(Z) or relu(Z) as activation says; return [A, { linearCache, activationCache: Z }].
  //       e.g. Aprev (3, 2), W (1, 3), b (1, 1), "relu" → A (1, 2)
  return notImplemented("linearActivationForward");
}
