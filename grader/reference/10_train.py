"""Reference outputs of exercise 10: gradient descent on a small two-feature dataset whose classes
are split by a circle (not a line), with the course's functions; then predictions and accuracy."""
import numpy as np

from dnn import L_model_backward, L_model_forward, arr, compute_cost, initialize_parameters_deep, update_parameters, write


def L_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, parameters=None, cost_every=100, every_cost=None):
    """The course's L_layer_model; it also records the last iteration's cost, and every iteration's
    cost in every_cost when given (what onIteration receives)."""
    parameters = initialize_parameters_deep(layers_dims) if parameters is None else parameters
    costs = []
    for i in range(num_iterations):
        AL, caches = L_model_forward(X, parameters)
        cost = compute_cost(AL, Y)
        grads = L_model_backward(AL, Y, caches)
        parameters = update_parameters(parameters, grads, learning_rate)
        if every_cost is not None:
            every_cost.append(cost)
        if i % cost_every == 0 or i == num_iterations - 1:
            costs.append(cost)
    return parameters, costs


def predict(X, parameters):
    AL, _ = L_model_forward(X, parameters)
    return (AL > 0.5).astype(float)


def circle(seed, m):
    """m points of the plane; label 1 inside the circle of radius √1.2."""
    np.random.seed(seed)
    X = np.random.randn(2, m)
    return X, (np.sum(X ** 2, axis=0, keepdims=True) < 1.2).astype(float)


def as_json(d):
    return {k: arr(v) for k, v in d.items()}


X, Y = circle(1, 40)
X_test, Y_test = circle(4, 20)

# Initial parameters scaled by 1/√n[l-1] (as the capstone passes them): a deep net learns quickly.
dims = [2, 8, 4, 1]
np.random.seed(2)
initial = {}
for l in range(1, len(dims)):
    initial["W" + str(l)] = np.random.randn(dims[l], dims[l - 1]) / np.sqrt(dims[l - 1])
    initial["b" + str(l)] = np.zeros((dims[l], 1))

runs = []
# The run the grader compares with, from the given parameters. 40 iterations prove the loop as well
# as 300 would (each iteration is the same four calls) and cost the learner's code an eighth.
params, costs = L_layer_model(X, Y, dims, learning_rate=0.1, num_iterations=40, parameters=initial, cost_every=5)
assert all(a > b for a, b in zip(costs, costs[1:]))
runs.append({"name": "[2, 8, 4, 1] from given parameters, learning rate 0.1, 40 iterations, a cost every 5",
             "layerDims": dims, "options": {"learningRate": 0.1, "iterations": 40, "costEvery": 5}, "initial": as_json(initial),
             "costs": costs, "params": as_json(params)})

params, costs = L_layer_model(X, Y, [2, 4, 1], learning_rate=0.0075, num_iterations=10, cost_every=3)
runs.append({"name": "[2, 4, 1] from initializeParametersDeep, learning rate 0.0075, 10 iterations, a cost every 3",
             "layerDims": [2, 4, 1], "options": {"learningRate": 0.0075, "iterations": 10, "costEvery": 3},
             "costs": costs, "params": as_json(params)})

# The default costEvery (100) shows only past 100 iterations: a one-layer network keeps them cheap.
# The counting check's runs keep every iteration's cost, to compare what onIteration receives.
np.random.seed(5)
small = {"W1": np.random.randn(1, 2) * 0.5, "b1": np.zeros((1, 1))}
every = []
params, costs = L_layer_model(X, Y, [2, 1], learning_rate=0.5, num_iterations=101, parameters=small, every_cost=every)
runs.append({"name": "[2, 1] from given parameters, learning rate 0.5, 101 iterations, the default costEvery (100)",
             "layerDims": [2, 1], "options": {"learningRate": 0.5, "iterations": 101}, "initial": as_json(small),
             "costs": costs, "params": as_json(params), "everyCost": every})

every = []
params, costs = L_layer_model(X, Y, dims, learning_rate=0.1, num_iterations=8, parameters=initial, cost_every=3, every_cost=every)
runs.append({"name": "[2, 8, 4, 1] from given parameters, learning rate 0.1, 8 iterations, a cost every 3",
             "layerDims": dims, "options": {"learningRate": 0.1, "iterations": 8, "costEvery": 3}, "initial": as_json(initial),
             "costs": costs, "params": as_json(params), "everyCost": every})

# The trained network whose predictions the grader checks: 300 iterations of the first run.
trained, costs = L_layer_model(X, Y, dims, learning_rate=0.1, num_iterations=300, parameters=initial, cost_every=25)
assert all(a > b for a, b in zip(costs, costs[1:]))

predictions = []
for name, Xp, Yp, p in [
    ("the given initial parameters on the training set (A[L] near 0.5, Z[L] near 0)", X, Y, initial),
    ("the trained parameters on the training set", X, Y, trained),
    ("the trained parameters on 20 new points (seed 4)", X_test, Y_test, trained),
]:
    AL, caches = L_model_forward(Xp, p)
    pred = predict(Xp, p)
    predictions.append({"name": name, "X": arr(Xp), "Y": arr(Yp), "params": as_json(p), "ZL": arr(caches[-1][1]),
                        "predictions": arr(pred), "accuracy": float(np.mean(pred == Yp))})

write("10_train", {"X": arr(X), "Y": arr(Y), "runs": runs, "predictions": predictions})
