/**
 * Exercise 11 (bonus) — a framework-style dense layer
 *
 * Frameworks package one layer's forward step as an object. The notes' TensorFlow slide:
 *
 *     class LinearBuild(Layer):
 *         def build(self, input_shape):
 *             self.w = self.add_weight(shape=(input_shape[-1], self.units), initializer='random_normal')
 *             self.b = self.add_weight(shape=(self.units,), initializer='random_normal')
 *         def call(self, inputs):
 *             return tf.matmul(inputs, self.w) + self.b
 *
 * Two differences from the course's own code: a framework puts the batch first (inputs are
 * (m, n), one example per ROW), so the kernel w is (n, units) and the product is inputs·w; and the
 * weights are created lazily, on the first call, when the layer learns n from its inputs. The
 * layer computes the same thing as linearForward, transposed: call(X) = (W·Xᵀ + bᵀ)ᵀ with W = wᵀ.
 *
 * Read: lessons/en/09_from_scratch_to_framework.md#dense  ·  Grade: npm run grade -- 11
 * numpy → lib/np, every idiom side by side: lib/np/CHEATSHEET.md
 */
import { np } from "../lib/np/index.ts";
import type { NDArray } from "../lib/np/index.ts";

/** Standard deviation of the initial weights (Keras's `random_normal` initializer uses 0.05). */
export const INIT_STDDEV = 0.05;

/**
 * A fully connected layer in the batch-first convention.
 * Course counterpart: `linear_forward(A, W, b)` with A = inputsᵀ, W = wᵀ, b = bᵀ.
 *
 * - `new Dense(units)`: no weights yet (`w` and `b` are undefined), the input size is not known;
 * - `build(inputShape)`: creates `w` (n, units) and `b` (1, units), n = the last entry of inputShape;
 * - `call(inputs)`: builds on the first call only, then returns inputs·w + b.
 *
 * Example: `const layer = new Dense(2); layer.call(X)` with X (4, 3) → w (3, 2), b (1, 2), and the
 * result is (4, 2): one row of 2 outputs per example. A second call reuses the same w and b.
 */
export class Dense {
  /** The number of units (outputs) of the layer: n[l] in lecture notation. */
  readonly units: number;
  /** The kernel, (n, units): column j holds unit j's weights. Undefined until built. */
  w?: NDArray;
  /** The bias row, (1, units): broadcast down the m rows. Undefined until built. */
  b?: NDArray;

  constructor(units: number) {
    this.units = units;
  }

  /**
   * Creates the weights for inputs of shape `inputShape` = (m, n).
   * TensorFlow name: `build(self, input_shape)`.
   *
   * @param inputShape the shape of the inputs, `[m, n]`: only its last entry, n, matters
   *
   * Example: `new Dense(2).build([4, 3])` → `w` (3, 2) and `b` (1, 2), small normal random numbers.
   */
  build(inputShape: readonly number[]): void {
    // BEGIN SOLUTION: set this.w to np.random.randn(n, units)·INIT_STDDEV and this.b to np.random.randn(1, units)·INIT_STDDEV, with n = the last entry of inputShape. e.g. units 2, inputShape [4, 3] → w (3, 2), b (1, 2)
    // n comes from the inputs (the notes' input_shape[-1]): the batch size m is not part of the layer.
    const n = inputShape[inputShape.length - 1]!;
    this.w = np.multiply(np.random.randn(n, this.units), INIT_STDDEV);
    this.b = np.multiply(np.random.randn(1, this.units), INIT_STDDEV);
    // END SOLUTION
  }

  /**
   * The layer's forward step for a batch.
   * TensorFlow name: `call(self, inputs)` (TensorFlow's `__call__` builds first; here `call` does).
   *
   * @param inputs the batch, one example per row: (m, n)
   * @returns inputs·w + b, one row of `units` outputs per example: (m, units)
   *
   * Example: inputs (4, 3) on a `Dense(2)` → (4, 2). The first call creates w (3, 2) and b (1, 2);
   * later calls use the same ones.
   */
  call(inputs: NDArray): NDArray {
    // BEGIN SOLUTION: build from inputs.shape if the layer has no weights yet, then return inputs·w + b (np.dot, np.add). e.g. Dense(2), inputs (4, 3) → (4, 2)
    // Build only once: the weights are the layer's state, the very numbers training will update.
    if (this.w === undefined || this.b === undefined) this.build(inputs.shape);
    return np.add(np.dot(inputs, this.w!), this.b!);
    // END SOLUTION
  }
}
