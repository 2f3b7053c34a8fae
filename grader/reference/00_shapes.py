"""Reference outputs of exercise 00: the dimension tables, read off real numpy arrays.

The shapes are not written down from the formulas: a random network of the given sizes runs
L_model_forward and L_model_backward on m examples, and each table entry is the .shape of the
array numpy produced (W, b from the parameters; Z, A from the caches; dW, db, dA from the
gradients; dZ from relu_backward / sigmoid_backward).
"""
import numpy as np

from dnn import L_model_backward, L_model_forward, relu_backward, sigmoid_backward, write


def table(layer_dims, m, seed=0):
    rng = np.random.RandomState(seed)
    L = len(layer_dims) - 1
    params = {}
    for l in range(1, L + 1):
        params["W" + str(l)] = rng.randn(layer_dims[l], layer_dims[l - 1]) * 0.1
        params["b" + str(l)] = rng.randn(layer_dims[l], 1) * 0.1
    X = rng.randn(layer_dims[0], m)
    Y = (rng.rand(layer_dims[L], m) > 0.5).astype(float)
    AL, caches = L_model_forward(X, params)
    grads = L_model_backward(AL, Y, caches)
    grads["dA" + str(L)] = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))
    rows = []
    for l in range(1, L + 1):
        (A_prev, W, b), Z = caches[l - 1]
        A = AL if l == L else caches[l][0][0]
        dA = grads["dA" + str(l)]
        dZ = sigmoid_backward(dA, Z) if l == L else relu_backward(dA, Z)
        shapes = {"W": W, "b": b, "Z": Z, "A": A, "dW": grads["dW" + str(l)], "db": grads["db" + str(l)], "dZ": dZ, "dA": dA}
        rows.append({"l": l, **{k: list(v.shape) for k, v in shapes.items()}})
    return rows


cases = []
for name, dims, m in [
    ("the lecture's L = 5 network, one example", [2, 3, 5, 4, 2, 1], 1),
    ("the lecture's L = 5 network, m = 10 examples", [2, 3, 5, 4, 2, 1], 10),
    ("the notation lecture's L = 4 network, m = 7", [3, 5, 5, 3, 1], 7),
    ("the course's cat classifier, m = 209 pictures", [12288, 20, 7, 5, 1], 209),
    ("one layer (logistic regression), m = 4", [4, 1], 4),
    ("wide then narrow, two outputs, m = 3", [6, 8, 2], 3),
]:
    cases.append({"name": name, "layerDims": dims, "m": m, "table": table(dims, m)})
write("00_shapes", {"cases": cases})
