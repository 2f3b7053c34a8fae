"""Reference outputs of exercise 09: the course's update_parameters case (seeds 2 and 3, learning
rate 0.1) and a three-layer network with another learning rate."""
import numpy as np

from dnn import arr, update_parameters, write


def as_json(d):
    return {k: arr(v) for k, v in d.items()}


cases = []
np.random.seed(2)
params = {"W1": np.random.randn(3, 4), "b1": np.random.randn(3, 1), "W2": np.random.randn(1, 3), "b2": np.random.randn(1, 1)}
np.random.seed(3)
grads = {"dW1": np.random.randn(3, 4), "db1": np.random.randn(3, 1), "dW2": np.random.randn(1, 3), "db2": np.random.randn(1, 1)}
cases.append({"name": "the course's case (seeds 2 and 3, learning rate 0.1)", "params": as_json(params), "grads": as_json(grads),
              "learningRate": 0.1, "updated": as_json(update_parameters(params, grads, 0.1))})

np.random.seed(9)
dims = [3, 4, 2, 1]
params, grads = {}, {}
for l in range(1, len(dims)):
    params["W" + str(l)] = np.random.randn(dims[l], dims[l - 1])
    params["b" + str(l)] = np.random.randn(dims[l], 1)
for l in range(1, len(dims)):
    grads["dA" + str(l - 1)] = np.random.randn(dims[l - 1], 5)
    grads["dW" + str(l)] = np.random.randn(dims[l], dims[l - 1])
    grads["db" + str(l)] = np.random.randn(dims[l], 1)
cases.append({"name": "a three-layer network [3, 4, 2, 1], learning rate 0.05 (seed 9)", "params": as_json(params), "grads": as_json(grads),
              "learningRate": 0.05, "updated": as_json(update_parameters(params, grads, 0.05))})
write("09_update", {"cases": cases})
