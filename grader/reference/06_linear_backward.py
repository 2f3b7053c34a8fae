"""Reference outputs of exercise 06: the course's linear_backward case (seed 1) and two more."""
import numpy as np

from dnn import arr, linear_backward, write

cases = []
for name, seed, (n0, n1, m) in [
    ("the course's case (seed 1)", 1, (5, 3, 4)),
    ("a square layer, n[l-1] = n[l] = m = 3 (seed 4)", 4, (3, 3, 3)),
    ("one output unit, six examples (seed 5)", 5, (2, 1, 6)),
]:
    np.random.seed(seed)
    dZ = np.random.randn(n1, m)
    A = np.random.randn(n0, m)
    W = np.random.randn(n1, n0)
    b = np.random.randn(n1, 1)
    dA_prev, dW, db = linear_backward(dZ, (A, W, b))
    cases.append({"name": name, "dZ": arr(dZ), "A": arr(A), "W": arr(W), "b": arr(b), "dA_prev": arr(dA_prev), "dW": arr(dW), "db": arr(db)})
write("06_linear_backward", {"cases": cases})
