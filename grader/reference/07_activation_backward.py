"""Reference outputs of exercise 07: the course's linear_activation_backward case (seed 2, both
activations), another layer, and relu_backward / sigmoid_backward alone, with a Z holding exact zeros."""
import numpy as np

from dnn import arr, linear_activation_backward, relu_backward, sigmoid_backward, write

cases = []
for name, seed, (n0, n1, m) in [
    ("the course's case (seed 2)", 2, (3, 1, 2)),
    ("a square layer, n[l-1] = n[l] = m = 3 (seed 6)", 6, (3, 3, 3)),
]:
    np.random.seed(seed)
    dA = np.random.randn(n1, m)
    A = np.random.randn(n0, m)
    W = np.random.randn(n1, n0)
    b = np.random.randn(n1, 1)
    Z = np.random.randn(n1, m)
    case = {"name": name, "dA": arr(dA), "A": arr(A), "W": arr(W), "b": arr(b), "Z": arr(Z)}
    for activation in ("sigmoid", "relu"):
        dA_prev, dW, db = linear_activation_backward(dA, ((A, W, b), Z), activation)
        case[activation] = {"dA_prev": arr(dA_prev), "dW": arr(dW), "db": arr(db)}
    cases.append(case)

# dZ = dA * g'(Z) alone. The second Z has exact zeros: the course's relu_backward sets dZ = 0
# where Z <= 0, so those entries are 0 (a `Z < 0` test would keep dA there).
np.random.seed(2)
dA = np.random.randn(1, 2)
np.random.randn(3, 2), np.random.randn(1, 3), np.random.randn(1, 1)
Z = np.random.randn(1, 2)
np.random.seed(7)
dA2 = np.random.randn(2, 4)
Z2 = np.array([[0.0, 1.5, -0.7, 0.0], [2.1, 0.0, -1.3, 0.4]])
dz = []
for name, dA_, Z_ in [("the course's dA and Z (seed 2)", dA, Z), ("a Z with exact zeros (seed 7)", dA2, Z2)]:
    dz.append({"name": name, "dA": arr(dA_), "Z": arr(Z_), "relu": arr(relu_backward(dA_, Z_)), "sigmoid": arr(sigmoid_backward(dA_, Z_))})
write("07_activation_backward", {"cases": cases, "dZ": dz})
