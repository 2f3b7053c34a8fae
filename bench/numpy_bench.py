"""numpy's side of `npm run bench`: the same products and the same training iteration, timed the
same way (warm-up, then the median of several samples), printed as one JSON object.

Run by bench/index.ts as `python3 bench/numpy_bench.py '<json spec>'`, single-threaded (the
caller sets OPENBLAS_NUM_THREADS=1 and friends). Not a test, and nothing else needs Python.
"""
import json
import os
import platform
import sys
import time

import numpy as np


def time_it(f, warmup, samples, min_sample_ms, clock="wall"):
    """Median milliseconds per call: `samples` batches of calls, each batch at least min_sample_ms long.
    clock "cpu": this process's CPU time (user + system), as bench/measure.ts's timeIt."""
    now = time.process_time if clock == "cpu" else time.perf_counter
    for _ in range(warmup):
        f()
    t = now()
    f()
    once = (now() - t) * 1000
    reps = max(1, int(np.ceil(min_sample_ms / max(once, 1e-3))))
    per_call = []
    for _ in range(samples):
        t = now()
        for _ in range(reps):
            f()
        per_call.append((now() - t) * 1000 / reps)
    return float(np.median(per_call))


def operand(rows, cols, transposed, rng):
    """A (rows, cols) matrix; transposed: stored as its transpose, like lib/np's lazy A.T view."""
    if transposed:
        return rng.standard_normal((cols, rows)).T
    return rng.standard_normal((rows, cols))


def load_digits(mnist_dir, digits, m):
    """The first m//2 images of each digit, as a (784, m) array, labels 0/1: real pixels, like the TypeScript side."""
    cols, labels = [], []
    for y, d in enumerate(digits):
        with open(os.path.join(mnist_dir, f"{d}.json")) as f:
            data = np.asarray(json.load(f)["data"], dtype=np.float64).reshape(-1, 784)
        k = m // 2 if y == 0 else m - m // 2
        cols.append(data[:k])
        labels += [y] * k
    return np.concatenate(cols).T.copy(), np.asarray([labels], dtype=np.float64)


# The course's functions in numpy: the same module the reference outputs come from.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "grader", "reference"))
from dnn import L_model_backward, L_model_forward, compute_cost, update_parameters  # noqa: E402


def blas_name():
    try:
        cfg = np.show_config(mode="dicts")
        blas = cfg["Build Dependencies"]["blas"]
        return f"{blas.get('name', '?')} {blas.get('version', '')}".strip()
    except Exception:  # older numpy: no mode="dicts"
        return "unknown BLAS"


def blas_core():
    """OpenBLAS's kernel for this CPU (what OPENBLAS_CORETYPE would force): threadpoolctl if installed, else asked directly."""
    try:
        from threadpoolctl import threadpool_info

        for lib in threadpool_info():
            if lib.get("internal_api") == "openblas":
                return lib.get("architecture")
    except Exception:
        pass
    try:
        import ctypes

        with open("/proc/self/maps") as f:
            paths = sorted({line.split()[-1] for line in f if "openblas" in line.lower() and ".so" in line})
        for path in paths:
            lib = ctypes.CDLL(path)
            for name in ("scipy_openblas_get_corename64_", "scipy_openblas_get_corename", "openblas_get_corename64_", "openblas_get_corename"):
                f = getattr(lib, name, None)
                if f is not None:
                    f.restype = ctypes.c_char_p
                    return f().decode()
    except Exception:
        pass
    return None


def elementwise(spec, t, clock):
    """The element-wise cases of bench/index.ts (ewCases, ewEnv): same shapes, same expressions."""
    h, m, x = spec["h"], spec["m"], spec["x"]
    rng = np.random.default_rng(3)
    Z = rng.standard_normal((h, m))
    env = {
        "np": np,
        "Z": Z,
        "dA": rng.standard_normal((h, m)),
        "S": 1 / (1 + np.exp(-rng.standard_normal((h, m)))),
        "M": Z <= 0,
        "b": rng.standard_normal((h, 1)),
        "W": rng.standard_normal((h, x)),
        "db": rng.standard_normal((h, 1)),
        "dbs": rng.standard_normal((h, 1)),
    }
    out = []
    for case in spec["cases"]:
        f = eval("lambda: " + case["py"], env)
        out.append({"name": case["name"], "ms": time_it(f, t["warmup"], t["samples"], t["minSampleMs"], clock)})
    return out


def main():
    spec = json.loads(sys.argv[1])
    t = spec["timing"]
    rng = np.random.default_rng(0)
    out = {"numpy": np.__version__, "python": platform.python_version(), "blas": blas_name(), "blasCore": blas_core(), "dot": [], "iteration": None}
    for case in spec["dot"]:
        A = operand(case["m"], case["k"], case["ta"], rng)
        B = operand(case["k"], case["n"], case["tb"], rng)
        out["dot"].append({"name": case["name"], "ms": time_it(lambda: np.dot(A, B), t["warmup"], t["samples"], t["minSampleMs"], spec.get("npClock", "wall"))})
    if spec.get("elementwise"):
        out["elementwise"] = elementwise(spec["elementwise"], t, spec.get("npClock", "wall"))
    it = spec.get("iteration")
    if it:
        X, Y = load_digits(it["mnistDir"], it["digits"], it["m"])
        dims = it["layers"]
        np.random.seed(1)
        params = {}
        for l in range(1, len(dims)):
            params["W" + str(l)] = np.random.randn(dims[l], dims[l - 1]) * np.sqrt(2 / dims[l - 1])
            params["b" + str(l)] = np.zeros((dims[l], 1))

        def iteration():
            AL, caches = L_model_forward(X, params)
            compute_cost(AL, Y)
            grads = L_model_backward(AL, Y, caches)
            update_parameters(params, grads, it["lr"])

        out["iteration"] = {"ms": time_it(iteration, t["warmup"], t["samples"], t["minSampleMs"])}
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
