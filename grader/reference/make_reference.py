#!/usr/bin/env python3
"""Rewrites every reference output: runs grader/reference/NN_name.py for each exercise.

    python3 grader/reference/make_reference.py

Dev-only. Tests never run Python; tests/reference.test.ts checks that the TypeScript solutions
agree with the JSON these scripts write to 1e-12.
"""
import glob
import os
import re
import runpy
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
for script in sorted(glob.glob(os.path.join(HERE, "[0-9][0-9]_*.py"))):
    runpy.run_path(script, run_name="__main__")
    print("wrote", re.sub(r"\.py$", ".json", os.path.basename(script)))
