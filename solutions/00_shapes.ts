/**
 * Exercise 00 — the matrix dimensions of every layer
 *
 * Before writing any forward or backward step, know the shape of every matrix. For a network with
 * layer sizes n[0] (the input), n[1], …, n[L] (the output) and m examples:
 *
 *     W[l], dW[l]:         (n[l], n[l-1])
 *     b[l], db[l]:         (n[l], 1)         (also when m > 1: broadcast across the columns)
 *     Z[l], A[l], dZ[l], dA[l]:  (n[l], m)   (one column per example; m = 1 for one example)
 *
 * Checking these shapes is the first thing to do when a layer's code fails.
 *
 * Read: lessons/en/03_matrix_dimensions.md#running-example  ·  Grade: npm run grade -- 00
 * numpy → lib/np, every idiom side by side: lib/np/CHEATSHEET.md
 */

/** A matrix shape `[rows, cols]`, as numpy's `A.shape` for a 2-D array. */
export type Shape = [rows: number, cols: number];

/** The shapes of layer l's matrices; `l` says which layer (1 … L). */
export type LayerShapes = {
  l: number;
  W: Shape;
  b: Shape;
  Z: Shape;
  A: Shape;
  dW: Shape;
  db: Shape;
  dZ: Shape;
  dA: Shape;
};

/**
 * The dimension table of a network, one entry per layer: entry `l - 1` is layer l (so `[0]` is
 * layer 1, and the input layer 0, which has no W or b, has no entry). With `m = 1` it is the
 * one-example table (z[l], a[l] are columns (n[l], 1)); with m examples it is the vectorized one.
 * (The course has no such function: it is the lecture's "getting your matrix dimensions right".)
 *
 * @param layerDims `[n[0], n[1], …, n[L]]`, the number of units of each layer (n[0] = n_x)
 * @param m the number of examples (columns of X = A[0], which is (n[0], m))
 * @returns L entries `{ l, W, b, Z, A, dW, db, dZ, dA }` with every shape as `[rows, cols]`
 *
 * Example: `layerShapes([2, 3, 5, 4, 2, 1], 1)` (the lecture's L = 5 network) →
 * `[{ l: 1, W: [3, 2], b: [3, 1], Z: [3, 1], A: [3, 1], dW: [3, 2], db: [3, 1], dZ: [3, 1], dA: [3, 1] },
 *   { l: 2, W: [5, 3], … }, …, { l: 5, W: [1, 2], b: [1, 1], Z: [1, 1], … }]`;
 * `layerShapes([2, 3, 5, 4, 2, 1], 10)[0].Z` → `[3, 10]`.
 */
export function layerShapes(layerDims: number[], m: number): LayerShapes[] {
  // BEGIN SOLUTION: for every layer l = 1 … L (L = layerDims.length - 1), push { l, W, b, Z, A, dW, db, dZ, dA } with each matrix's [rows, cols] written with n[l] = layerDims[l], n[l-1] and m. e.g. ([2, 3, 5, 4, 2, 1], 1)[0] → { l: 1, W: [3, 2], b: [3, 1], Z: [3, 1], … }
  // W[l] maps the n[l-1] values of the layer below to the n[l] units of layer l; a gradient has the shape of what it differentiates.
  const table: LayerShapes[] = [];
  for (let l = 1; l < layerDims.length; l++) {
    const [n, nPrev] = [layerDims[l]!, layerDims[l - 1]!];
    table.push({
      l,
      W: [n, nPrev],
      b: [n, 1],
      Z: [n, m],
      A: [n, m],
      dW: [n, nPrev],
      db: [n, 1],
      dZ: [n, m],
      dA: [n, m],
    });
  }
  return table;
  // END SOLUTION
}
