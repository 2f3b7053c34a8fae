"""Reference outputs of exercise 03: sigmoid and relu on a few Z, and the course's
linear_activation_forward case (seed 2) with both activations, plus a wider one."""
import numpy as np

from dnn import arr, linear_activation_forward, relu, sigmoid, write

# Z values with both signs, zeros, and large magnitudes (σ saturates; exp(-Z) overflows to inf for Z = -800).
np.random.seed(3)
activations = []
for name, Z in [
    ("a (3, 4) Z (seed 3)", np.random.randn(3, 4) * 2),
    ("zeros and extremes", np.array([[0.0, -0.0, 1.0, -1.0, 30.0, -30.0, 800.0, -800.0]])),
]:
    with np.errstate(over="ignore"):
        activations.append({"name": name, "Z": arr(Z), "sigmoid": arr(sigmoid(Z)[0]), "relu": arr(relu(Z)[0])})

cases = []
for name, seed, (n0, n1, m) in [("the course's case (seed 2)", 2, (3, 1, 2)), ("four units, five examples (seed 7)", 7, (3, 4, 5))]:
    np.random.seed(seed)
    A_prev = np.random.randn(n0, m)
    W = np.random.randn(n1, n0)
    b = np.random.randn(n1, 1)
    case = {"name": name, "A_prev": arr(A_prev), "W": arr(W), "b": arr(b)}
    for activation in ("sigmoid", "relu"):
        A, (_, Z) = linear_activation_forward(A_prev, W, b, activation)
        case[activation] = arr(A)
        case["Z"] = arr(Z)
    cases.append(case)
write("03_activation_forward", {"activations": activations, "cases": cases})
