/**
 * Exercise 10 — train the network, then predict
 *
 * Gradient descent puts the pieces together. Starting from initial parameters, each iteration runs
 * the forward pass, measures the cost, runs the backward pass and updates the parameters:
 *
 *     AL, caches = forward(X, params);  J = cost(AL, Y);  grads = backward(AL, Y, caches);
 *     params = update(params, grads, α)
 *
 * The cost, recorded every few iterations, should go down. A trained network predicts 1 where its
 * output probability A[L] is above 0.5.
 *
 * Read: lessons/en/04_building_blocks.md#one-iteration  ·  Grade: npm run grade -- 10  ·  Then: npm run train
 * numpy → lib/np, every idiom side by side: lib/np/CHEATSHEET.md
 */
import { np } from "../lib/np/index.ts";
import type { NDArray } from "../lib/np/index.ts";
import { initializeParametersDeep } from "./01_initialize.ts";
import type { Parameters } from "./01_initialize.ts";
import { modelForward } from "./04_model_forward.ts";
import { computeCost } from "./05_cost.ts";
import { modelBackward } from "./08_model_backward.ts";
import { updateParameters } from "./09_update.ts";
import { notImplemented } from "../lib/workbook.ts";

/** The hyperparameters of a training run; every one has a default. */
export type TrainOptions = {
  /** α, the step size of gradient descent. Default 0.0075. */
  learningRate?: number;
  /** How many steps of gradient descent. Default 3000. */
  iterations?: number;
  /** Parameters to start from. Default: initializeParametersDeep(layerDims). */
  params?: Parameters;
  /** Called after every iteration with its number (from 0) and the cost before its update. */
  onIteration?: (i: number, cost: number) => void;
  /** Record the cost every `costEvery` iterations (and at the last one). Default 100. */
  costEvery?: number;
};

/** What training gives back: the learned parameters and the recorded costs. */
export type TrainResult = { params: Parameters; costs: number[] };

/**
 * An L-layer network [LINEAR → RELU] × (L-1) → LINEAR → SIGMOID, trained by gradient descent.
 * Course name: `L_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False)`.
 *
 * @param X the training examples, one per column: (n[0], m)
 * @param Y their labels, 0 or 1: (1, m)
 * @param layerDims [n[0], n[1], …, n[L]], the units of every layer (n[0] = the number of features)
 * @param options learningRate (0.0075), iterations (3000), params (initializeParametersDeep(layerDims)),
 *   onIteration, costEvery (100)
 * @returns `{ params, costs }`: the parameters after the last update, and the costs of iterations
 *   0, costEvery, 2·costEvery, … and of the last iteration
 *
 * Example: X (2, 40), Y (1, 40), layerDims [2, 8, 4, 1], `{ iterations: 300, costEvery: 25 }` →
 * params W1 (8, 2) … b3 (1, 1) and 13 costs (iterations 0, 25, …, 275 and 299), going down.
 */
export function trainModel(X: NDArray, Y: NDArray, layerDims: number[], options: TrainOptions = {}): TrainResult {
  const { learningRate = 0.0075, iterations = 3000, onIteration, costEvery = 100 } = options;
  // TODO: params = options.params or initializeParametersDeep(layerDims); for i = 0 … iterations-1: [AL, caches] = modelForward(X, params), cost = computeCost(AL, Y), grads = modelBackward(AL, Y, caches), params = updateParameters(params, grads, learningRate); push the cost when i % costEvery === 0 or i is the last; call onIteration?.(i, cost).
  //       e.g. 300 iterations, costEvery 25 → 13 costs
  return notImplemented("trainModel");
}

/**
 * Predictions of a trained network: 1 where A[L] > 0.5, else 0.
 * Course name: `predict(X, y, parameters)` (this one returns the predictions; compare them with Y yourself).
 *
 * @param X examples, one per column: (n[0], m)
 * @param params the trained parameters
 * @returns the predictions, a row of 0s and 1s: (1, m)
 *
 * Example: a network whose A[L] is `[[0.8, 0.3, 0.51]]` → `[[1, 0, 1]]`. The accuracy on labels Y is
 * `np.mean(np.equal(predict(X, params), Y))`.
 */
export function predict(X: NDArray, params: Parameters): NDArray {
  // TODO: [AL] = modelForward(X, params), then 1 where AL > 0.5 and 0 elsewhere (np.where, np.greater).
  //       e.g. AL [[0.8, 0.3, 0.51]] → [[1, 0, 1]]
  return notImplemented("predict");
}
