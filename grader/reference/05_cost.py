"""Reference outputs of exercise 05: compute_cost on the course's case and a few more."""
import numpy as np

from dnn import arr, compute_cost, write

cases = [{"name": "the course's case", "AL": [[0.8, 0.9, 0.4]], "Y": [[1, 1, 0]]}]
np.random.seed(4)
AL = np.random.rand(1, 8) * 0.98 + 0.01
Y = (np.random.rand(1, 8) > 0.5).astype(float)
cases.append({"name": "m = 8 examples (seed 4)", "AL": arr(AL), "Y": arr(Y)})
cases.append({"name": "confident and right (m = 4)", "AL": [[0.999, 0.001, 0.98, 0.02]], "Y": [[1, 0, 1, 0]]})
cases.append({"name": "confident and wrong (m = 4)", "AL": [[0.001, 0.999, 0.02, 0.98]], "Y": [[1, 0, 1, 0]]})
cases.append({"name": "one example (m = 1)", "AL": [[0.3]], "Y": [[0]]})
for c in cases:
    c["cost"] = compute_cost(np.array(c["AL"], dtype=float), np.array(c["Y"], dtype=float))
    c["AL"], c["Y"] = arr(c["AL"]), arr(c["Y"])
write("05_cost", {"cases": cases})
