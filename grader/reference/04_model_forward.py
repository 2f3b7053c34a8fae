"""Reference outputs of exercise 04: L_model_forward on the course's case (seed 6), on a network
whose layers all have the same width (so a layer fed the wrong input still runs, and the grader can
name the mistake), and on a deeper one. Each case keeps every layer's A[l-1] and Z[l]."""
import numpy as np

from dnn import L_model_forward, arr, write


def case(name, X, params):
    AL, caches = L_model_forward(X, params)
    layers = [{"A_prev": arr(A_prev), "Z": arr(Z)} for (A_prev, _, _), Z in caches]
    return {"name": name, "X": arr(X), "params": {k: arr(v) for k, v in params.items()}, "AL": arr(AL), "layers": layers}


def random_case(name, seed, dims, m):
    np.random.seed(seed)
    X = np.random.randn(dims[0], m)
    params = {}
    for l in range(1, len(dims)):
        params["W" + str(l)] = np.random.randn(dims[l], dims[l - 1]) / np.sqrt(dims[l - 1])
        params["b" + str(l)] = np.random.randn(dims[l], 1) * 0.5
    return case(name, X, params)


# The course's L_model_forward_test_case_2hidden: the draws in this exact order.
np.random.seed(6)
X = np.random.randn(5, 4)
W1 = np.random.randn(4, 5)
b1 = np.random.randn(4, 1)
W2 = np.random.randn(3, 4)
b2 = np.random.randn(3, 1)
W3 = np.random.randn(1, 3)
b3 = np.random.randn(1, 1)
course = case("the course's case (seed 6)", X, {"W1": W1, "b1": b1, "W2": W2, "b2": b2, "W3": W3, "b3": b3})

write(
    "04_model_forward",
    {
        "course": course,
        "equalWidths": random_case("layers of equal width [3, 3, 3, 3] (seed 11)", 11, [3, 3, 3, 3], 4),
        "more": [
            random_case("one layer: logistic regression [4, 1] (seed 12)", 12, [4, 1], 3),
            random_case("five layers [6, 5, 4, 4, 3, 2] (seed 13)", 13, [6, 5, 4, 4, 3, 2], 5),
        ],
    },
)
