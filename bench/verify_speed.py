"""Verifier speed on MedCalc-style traces (the Ground Truth Explanations), one core.

    python bench/verify_speed.py [--rounds 3]

One warm-up pass (fills the per-calculator caches: constants, phrase -> input, and the caches of
recurring sentences: formula statements, criterion points), timed separately as the "first
pass", then timed passes over every row of a registered calculator. Prints median and p99 µs per trace and
traces/s. For scale (not run here): HuggingFace math-verify takes about 800 µs to check one
final answer; a 7B process reward model on one H100 scores about 40-75 such traces per second.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

from clinverify.datasets.explanations import rows_with_calculator, verify_kwargs
from clinverify.verifier import verify


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    a = ap.parse_args(argv)
    rows = [(r.explanation, verify_kwargs(r)) for r, _ in rows_with_calculator()]
    t_cold = time.perf_counter()
    for trace, kw in rows:
        verify(trace, **kw)
    cold = time.perf_counter() - t_cold
    times = []
    t_all = time.perf_counter()
    for _ in range(a.rounds):
        for trace, kw in rows:
            t0 = time.perf_counter()
            verify(trace, **kw)
            times.append(time.perf_counter() - t0)
    wall = time.perf_counter() - t_all
    us = sorted(t * 1e6 for t in times)
    chars = statistics.median(len(t) for t, _ in rows)
    print(f"{len(rows)} traces (median {chars:.0f} characters) x {a.rounds} rounds, one core")
    print(f"verify: median {statistics.median(us):.0f} µs, p99 {us[int(0.99 * len(us))]:.0f} µs per trace, {len(times) / wall:.0f} traces/s")
    print(f"first pass (every sentence new to the caches, lazy tables built): {len(rows) / cold:.0f} traces/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
