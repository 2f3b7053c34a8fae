"""Reference outputs of exercise 11: a batch-first dense layer with given weights, inputs·w + b,
which must equal the course's linear_forward transposed: (W·Xᵀ + bᵀ)ᵀ with W = wᵀ."""
import numpy as np

from dnn import arr, linear_forward, write

cases = []
for name, seed, (m, n, units) in [
    ("4 examples, 3 inputs, 2 units (seed 21)", 21, (4, 3, 2)),
    ("one example, 5 inputs, 3 units (seed 22)", 22, (1, 5, 3)),
    ("6 examples, 2 inputs, 1 unit (seed 23)", 23, (6, 2, 1)),
]:
    np.random.seed(seed)
    X = np.random.randn(m, n)
    w = np.random.randn(n, units)
    b = np.random.randn(1, units)
    out = np.dot(X, w) + b
    Z, _ = linear_forward(X.T, w.T, b.T)
    assert np.allclose(out, Z.T, rtol=1e-13, atol=0), name
    cases.append({"name": name, "units": units, "X": arr(X), "w": arr(w), "b": arr(b), "out": arr(out)})
write("11_dense_layer", {"cases": cases})
