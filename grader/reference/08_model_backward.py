"""Reference outputs of exercise 08: the course's L_model_backward case (seed 3: random caches, so
AL is not sigmoid(Z[L])) and a three-layer network whose caches come from a real forward pass."""
import numpy as np

from dnn import L_model_backward, L_model_forward, arr, compute_cost, write


def cache_json(caches):
    return [{"A": arr(A), "W": arr(W), "b": arr(b), "Z": arr(Z)} for (A, W, b), Z in caches]


def grads_json(grads):
    return {k: arr(v) for k, v in sorted(grads.items())}


cases = []

np.random.seed(3)
AL = np.random.randn(1, 2)
Y = np.array([[1, 0]])
A1 = np.random.randn(4, 2)
W1 = np.random.randn(3, 4)
b1 = np.random.randn(3, 1)
Z1 = np.random.randn(3, 2)
A2 = np.random.randn(3, 2)
W2 = np.random.randn(1, 3)
b2 = np.random.randn(1, 1)
Z2 = np.random.randn(1, 2)
caches = [((A1, W1, b1), Z1), ((A2, W2, b2), Z2)]
grads = L_model_backward(AL, Y, caches)
cases.append({"name": "the course's case (seed 3)", "AL": arr(AL), "Y": arr(Y), "caches": cache_json(caches), "grads": grads_json(grads)})

# A network [4, 5, 3, 1] on 6 examples: the caches of an actual forward pass, for the gradient check too.
np.random.seed(11)
dims = [4, 5, 3, 1]
m = 6
X = np.random.randn(dims[0], m)
params = {}
for l in range(1, len(dims)):
    params["W" + str(l)] = np.random.randn(dims[l], dims[l - 1]) / np.sqrt(dims[l - 1])
    params["b" + str(l)] = np.random.randn(dims[l], 1) * 0.1
Y = (np.random.rand(1, m) > 0.5).astype(float)
AL, caches = L_model_forward(X, params)
assert min(np.abs(Z).min() for _, Z in caches) > 1e-3  # no ReLU kink within reach of the numerical gradient
grads = L_model_backward(AL, Y, caches)
cases.append({
    "name": "a three-layer network [4, 5, 3, 1], m = 6, from a forward pass (seed 11)",
    "AL": arr(AL), "Y": arr(Y), "caches": cache_json(caches), "grads": grads_json(grads),
    "X": arr(X), "params": {k: arr(v) for k, v in params.items()}, "cost": compute_cost(AL, Y),
})
write("08_model_backward", {"cases": cases})
