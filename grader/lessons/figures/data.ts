// The numbers behind the lessons' generated figures, computed with the workbook's own code (the
// reference solutions, lib/np and the digits of `npm run train`). Pure functions of their inputs
// except the timings, which measure this machine.
import { loadDigits } from "../../../lib/datasets/digits.ts";
import { NDArray, np } from "../../../lib/np/index.ts";
import { linearForward } from "../../../solutions/02_linear_forward.ts";
import { relu, sigmoid } from "../../../solutions/03_activation_forward.ts";
import { modelForward } from "../../../solutions/04_model_forward.ts";
import { computeCost } from "../../../solutions/05_cost.ts";
import { reluBackward, sigmoidBackward } from "../../../solutions/07_activation_backward.ts";
import { modelBackward } from "../../../solutions/08_model_backward.ts";
import { trainModel } from "../../../solutions/10_train.ts";
import { DEFAULTS } from "../../train/args.ts";
import { heInitialization, sliceColumns } from "../../train/init.ts";

export type Curve = [number, number][];

/** σ, ReLU and their slopes on [-6, 6], from exercise 03's forward and exercise 07's backward functions (dA = 1). */
export function activationCurves(step = 0.05): { sigmoid: Curve; sigmoidSlope: Curve; relu: Curve; reluSlope: Curve } {
  const zs: number[] = [];
  for (let z = -6; z <= 6 + 1e-9; z += step) zs.push(Number(z.toFixed(6)));
  const Z = np.array([zs]);
  const ones = np.ones([1, zs.length]);
  const pair = (A: NDArray): Curve => zs.map((z, i) => [z, A.data[i]!]);
  return { sigmoid: pair(sigmoid(Z)), sigmoidSlope: pair(sigmoidBackward(ones, Z)), relu: pair(relu(Z)), reluSlope: pair(reluBackward(ones, Z)) };
}

/** Cost curves of `npm run train`'s network for several learning rates (full-batch gradient descent, seed 1). */
export function learningRateCurves(rates: readonly number[] = DEFAULTS.sweep, iterations: number = DEFAULTS.iterations): { lr: number; costs: Curve }[] {
  const data = loadDigits({ digits: DEFAULTS.digits, seed: DEFAULTS.seed });
  return rates.map((lr) => {
    const costs: Curve = [];
    trainModel(data.Xtrain, data.Ytrain, [...DEFAULTS.layers], {
      learningRate: lr,
      iterations,
      params: heInitialization(DEFAULTS.layers, DEFAULTS.seed),
      costEvery: 1,
      onIteration: (i: number, cost: number) => costs.push([i, cost]),
    });
    return { lr, costs };
  });
}

/** The median of `reps` timings of `f`, in milliseconds. */
export function timeMs(f: () => unknown, reps = 5): number {
  const times: number[] = [];
  for (let k = 0; k < reps; k++) {
    const t0 = performance.now();
    f();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[times.length >> 1]!;
}

/**
 * Layer 1 of `npm run train`'s network, Z = W·X + b for m digits: once per example in a loop
 * (linearForward on one column at a time) against one matrix product for all of them. The two
 * results are checked equal before anything is timed.
 */
export function vectorization(ms: readonly number[] = [10, 100, 1380]): { m: number; loopMs: number; matrixMs: number }[] {
  const data = loadDigits({ digits: DEFAULTS.digits, seed: DEFAULTS.seed });
  const { W1, b1 } = heInitialization(DEFAULTS.layers, DEFAULTS.seed) as Record<string, NDArray>;
  return ms.map((m) => {
    const X = sliceColumns(data.Xtrain, 0, m);
    const columns = Array.from({ length: m }, (_, i) => sliceColumns(X, i, i + 1));
    const loop = (): NDArray => {
      const Z = np.zeros([W1!.shape[0]!, m]);
      columns.forEach((x, i) => {
        const [z] = linearForward(x, W1!, b1!);
        for (let r = 0; r < z.shape[0]!; r++) Z.data[r * m + i] = z.data[r]!;
      });
      return Z;
    };
    const matrix = (): NDArray => linearForward(X, W1!, b1!)[0];
    // The first calls check the two agree and warm both paths up (JIT, the WebAssembly kernel).
    const a = loop();
    const b = matrix();
    if (a.data.some((v, i) => Math.abs(v - b.data[i]!) > 1e-9)) throw new Error("the loop and the matrix product disagree");
    return { m, loopMs: timeMs(loop, 9), matrixMs: timeMs(matrix, 9) };
  });
}

/** The number of parameters of a network. */
export function parameterCount(layerDims: readonly number[]): number {
  let n = 0;
  for (let l = 1; l < layerDims.length; l++) n += layerDims[l]! * layerDims[l - 1]! + layerDims[l]!;
  return n;
}

/**
 * The gradient of the cost by central differences (two forward passes per parameter) and by
 * backpropagation (one forward and one backward pass), on m digits, timed; and the largest
 * relative difference between the two, to show they agree.
 */
export function backpropVsFiniteDifferences(layerDims: readonly number[], m = 32, eps = 1e-5): { layerDims: number[]; parameters: number; forwardPasses: number; finiteMs: number; backpropMs: number; relativeDifference: number } {
  const data = loadDigits({ digits: DEFAULTS.digits, seed: DEFAULTS.seed });
  const X = sliceColumns(data.Xtrain, 0, m);
  const Y = sliceColumns(data.Ytrain, 0, m);
  const params = heInitialization(layerDims, DEFAULTS.seed) as Record<string, NDArray>;
  const cost = (): number => computeCost(modelForward(X, params)[0], Y);
  const names = Object.keys(params).filter((k) => /^[Wb]\d+$/.test(k));
  let forwardPasses = 0;
  const numeric: Record<string, Float64Array> = {};
  const t0 = performance.now();
  for (const name of names) {
    const p = params[name]!.data;
    const g = new Float64Array(p.length);
    for (let i = 0; i < p.length; i++) {
      const keep = p[i]!;
      p[i] = keep + eps;
      const plus = cost();
      p[i] = keep - eps;
      const minus = cost();
      p[i] = keep;
      forwardPasses += 2;
      g[i] = (plus - minus) / (2 * eps);
    }
    numeric[name] = g;
  }
  const finiteMs = performance.now() - t0;
  let grads: Record<string, NDArray> = {};
  const backpropMs = timeMs(() => {
    const [AL, caches] = modelForward(X, params);
    grads = modelBackward(AL, Y, caches);
  });
  let diff = 0;
  let normA = 0;
  let normB = 0;
  for (const name of names) {
    const a = numeric[name]!;
    const b = grads[`d${name}`]!.data;
    for (let i = 0; i < a.length; i++) {
      diff += (a[i]! - b[i]!) ** 2;
      normA += a[i]! ** 2;
      normB += b[i]! ** 2;
    }
  }
  return { layerDims: [...layerDims], parameters: parameterCount(layerDims), forwardPasses, finiteMs, backpropMs, relativeDifference: Math.sqrt(diff) / (Math.sqrt(normA) + Math.sqrt(normB)) };
}

/** Lesson 02's worked example: X, Y and the parameters of `layerDims = [2, 3, 1]`. */
export function workedExample(): { X: NDArray; Y: NDArray; params: Record<string, NDArray> } {
  return {
    X: np.array([[1, 2], [0, -1]]),
    Y: np.array([[0, 1]]),
    params: { W1: np.array([[1, -1], [0.5, 0], [-1, 2]]), b1: np.array([[0], [1], [0.5]]), W2: np.array([[1, -1, 2]]), b2: np.array([[-0.5]]) },
  };
}

/** The worked example's whole network for its first example: every forward value and gradient, layer by layer. */
export function networkGraph(): { x: number[]; z1: number[]; a1: number[]; z2: number; a2: number; loss: number; dz2: number; dW2: number[]; da1: number[]; dz1: number[]; dW1: number[][]; db1: number[]; da0: number[] } {
  const { X, Y, params } = workedExample();
  const x = sliceColumns(X, 0, 1);
  const y = sliceColumns(Y, 0, 1);
  const [AL, caches] = modelForward(x, params);
  const g = modelBackward(AL, y, caches);
  const rows = (A: NDArray): number[][] => Array.from({ length: A.shape[0]! }, (_, r) => [...A.data.slice(r * A.shape[1]!, (r + 1) * A.shape[1]!)]);
  const dz1 = np.multiply(g.dA1!, np.greater(caches[0]!.activationCache, 0));
  return {
    x: [...x.data], z1: [...caches[0]!.activationCache.data], a1: [...caches[1]!.linearCache.A.data],
    z2: caches[1]!.activationCache.data[0]!, a2: AL.data[0]!, loss: computeCost(AL, y),
    dz2: AL.data[0]! - y.data[0]!, dW2: [...g.dW2!.data], da1: [...g.dA1!.data], dz1: [...dz1.data],
    dW1: rows(g.dW1!), db1: [...g.db1!.data], da0: [...g.dA0!.data],
  };
}

/**
 * The computational graph of the worked example's layer 2 for its first example (m = 1): every
 * forward value and every gradient, as modelForward and modelBackward compute them, and the
 * local derivative of each node.
 */
export function layerGraph(): {
  aPrev: number[]; W: number[]; b: number; u: number; z: number; a: number; y: number; loss: number;
  da: number; localSigma: number; dz: number; dW: number[]; db: number; daPrev: number[];
} {
  const { X, Y, params } = workedExample();
  const x = sliceColumns(X, 0, 1);
  const y = sliceColumns(Y, 0, 1);
  const [AL, caches] = modelForward(x, params);
  const grads = modelBackward(AL, y, caches);
  const aPrev = [...caches[1]!.linearCache.A.data];
  const W = [...params.W2!.data];
  const b = params.b2!.data[0]!;
  const z = caches[1]!.activationCache.data[0]!;
  const a = AL.data[0]!;
  const yy = y.data[0]!;
  const da = -(yy / a) + (1 - yy) / (1 - a);
  return {
    aPrev, W, b, u: z - b, z, a, y: yy, loss: computeCost(AL, y),
    da, localSigma: a * (1 - a), dz: da * a * (1 - a),
    dW: [...grads.dW2!.data], db: grads.db2!.data[0]!, daPrev: [...grads.dA1!.data],
  };
}
