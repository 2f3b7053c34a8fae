"""The bare-pytest anchor of `npm run bench` (section 3): the course's 12 exercises checked with
numpy and pytest alone, the way a Python course's autograder would, to compare the grader's wall
time with.

Each test runs one exercise's reference script (grader/reference/NN_name.py: the course's
functions in numpy on the grader's inputs) and compares what it computes with the expected values
the grader uses (grader/reference/NN_name.json), to 1e-9. Nothing else needs Python: bench/index.ts
runs this file only when python3 with numpy and pytest is present, as

    PYTEST_DISABLE_PLUGIN_AUTOLOAD=1 python3 -m pytest -q -p no:cacheprovider bench/test_numpy_anchor.py
"""
import glob
import json
import os
import runpy
import sys

import numpy as np
import pytest

REFERENCE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "grader", "reference")
sys.path.insert(0, REFERENCE)
import dnn  # noqa: E402

SCRIPTS = sorted(glob.glob(os.path.join(REFERENCE, "[0-9][0-9]_*.py")))


def assert_close(actual, expected, where):
    if isinstance(expected, dict):
        assert isinstance(actual, dict) and set(actual) == set(expected), where
        for k in expected:
            assert_close(actual[k], expected[k], f"{where}.{k}")
    elif isinstance(expected, list) and expected and isinstance(expected[0], (dict, str)):
        assert len(actual) == len(expected), where
        for i, (a, e) in enumerate(zip(actual, expected)):
            assert_close(a, e, f"{where}[{i}]")
    elif isinstance(expected, (int, float, list)) and not isinstance(expected, bool):
        np.testing.assert_allclose(np.asarray(actual, dtype=float), np.asarray(expected, dtype=float), rtol=1e-9, atol=1e-12, err_msg=where)
    else:
        assert actual == expected, where


@pytest.mark.parametrize("script", SCRIPTS, ids=[os.path.basename(s)[:-3] for s in SCRIPTS])
def test_exercise(script, monkeypatch):
    written = {}
    monkeypatch.setattr(dnn, "write", lambda slug, data: written.update({slug: json.loads(json.dumps(data))}))
    runpy.run_path(script, run_name="__main__")
    assert written, f"{script} wrote nothing"
    for slug, data in written.items():
        with open(os.path.join(REFERENCE, f"{slug}.json")) as f:
            assert_close(data, json.load(f), slug)
