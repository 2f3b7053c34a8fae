/**
 * Exercise 07 — the activation part of a layer's backward step
 *
 * Going backward through A[l] = g(Z[l]) multiplies, element by element, by the slope of g at Z[l]:
 *
 *     dZ[l] = dA[l] * g'(Z[l])          (* is the element-wise product)
 *
 * ReLU's slope is 1 where Z > 0 and 0 elsewhere (the course takes 0 at Z = 0); the sigmoid's is
 * σ(Z)·(1 − σ(Z)). Then the linear backward step (exercise 06) turns dZ[l] into dA[l-1], dW[l], db[l].
 *
 * Read: lessons/en/05_backward_propagation.md#activation-derivatives  ·  Grade: npm run grade -- 07
 * numpy → lib/np, every idiom side by side: lib/np/CHEATSHEET.md
 */
import { np } from "../lib/np/index.ts";
import type { NDArray } from "../lib/np/index.ts";
import { sigmoid } from "./03_activation_forward.ts";
import type { Activation, LayerCache } from "./03_activation_forward.ts";
import { linearBackward } from "./06_linear_backward.ts";
import { notImplemented } from "../lib/workbook.ts";

/**
 * The backward step of ReLU: dZ = dA where Z > 0, and 0 where Z ≤ 0.
 * Course name: `relu_backward(dA, cache)` (its cache is Z).
 *
 * @param dA dA[l], each example's loss differentiated with respect to the layer's output A[l]
 *   (one column per example): (n[l], m)
 * @param Z Z[l], what the forward step kept (the activation cache): (n[l], m)
 * @returns dZ[l]: (n[l], m), the shape of Z
 *
 * Example: dA `[[0.5, -2, 3]]`, Z `[[1.2, -0.4, 0]]` → `[[0.5, 0, 0]]` (Z = 0 counts as "off", like
 * the course's `dZ[Z <= 0] = 0`).
 */
export function reluBackward(dA: NDArray, Z: NDArray): NDArray {
  // TODO: dZ = dA where Z > 0 and 0 where Z <= 0 (np.where with np.less_equal, or dA times the 0/1 mask np.greater(Z, 0)).
  //       e.g. dA [[0.5, -2, 3]], Z [[1.2, -0.4, 0]] → [[0.5, 0, 0]]
  return notImplemented("reluBackward");
}

/**
 * The backward step of the sigmoid: dZ = dA · σ(Z) · (1 − σ(Z)).
 * Course name: `sigmoid_backward(dA, cache)` (its cache is Z).
 *
 * @param dA dA[l], each example's loss differentiated with respect to the layer's output A[l]
 *   (one column per example): (n[l], m)
 * @param Z Z[l], what the forward step kept (the activation cache): (n[l], m)
 * @returns dZ[l]: (n[l], m), the shape of Z
 *
 * Example: dA `[[1, 2]]`, Z `[[0, 0]]` → `[[0.25, 0.5]]` (σ(0) = 0.5, so the slope there is 0.25).
 */
export function sigmoidBackward(dA: NDArray, Z: NDArray): NDArray {
  // TODO: s = σ(Z) = sigmoid(Z) (exercise 03's, imported above), then dZ = dA · s · (1 − s), all element-wise (np.multiply).
  //       e.g. dA [[1, 2]], Z [[0, 0]] → [[0.25, 0.5]]
  return notImplemented("sigmoidBackward");
}

/**
 * One layer's backward step: through the activation, then through the linear part.
 * Course name: `linear_activation_backward(dA, cache, activation)`.
 *
 * @param dA dA[l], each example's loss differentiated with respect to this layer's output A[l]
 *   (one column per example): (n[l], m)
 * @param cache what linearActivationForward kept: `{ linearCache: { A, W, b }, activationCache: Z }`
 *   with A[l-1] (n[l-1], m), W[l] (n[l], n[l-1]), b[l] (n[l], 1), Z[l] (n[l], m)
 * @param activation the layer's activation, `"sigmoid"` or `"relu"`
 * @returns `[dAprev, dW, db]`: dA[l-1] (n[l-1], m), dW[l] (n[l], n[l-1]), db[l] (n[l], 1)
 *
 * Example: dA (1, 2), A (3, 2), W (1, 3), b (1, 1), Z (1, 2) → dA_prev (3, 2), dW (1, 3), db (1, 1).
 * With the course's `np.random.seed(2)` inputs, sigmoid gives
 * dW = `array([[ 0.10266786,  0.09778551, -0.01968084]])`, db = `array([[-0.05729622]])`, and relu
 * gives dW = `array([[ 0.44513824,  0.37371418, -0.10478989]])`, db = `array([[-0.20837892]])`.
 */
export function linearActivationBackward(dA: NDArray, cache: LayerCache, activation: Activation): [NDArray, NDArray, NDArray] {
  // TODO: dZ = reluBackward(dA, Z) or sigmoidBackward(dA, Z) as activation says (Z is cache.activationCache), then return linearBackward(dZ, cache.linearCache).
  //       e.g. dA (1, 2), Z (1, 2), A (3, 2), W (1, 3) → dAprev (3, 2), dW (1, 3), db (1, 1)
  return notImplemented("linearActivationBackward");
}
