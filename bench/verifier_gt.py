"""The verifier on MedCalc-Bench's Ground Truth Explanations (mostly correct reasoning).

    python bench/verifier_gt.py [--show N] [--calc ID]

Among rows whose v1.0 label agrees with the physician-corrected label: the share with no
incorrect step, over all of them and over those whose explanation text is not itself listed as
wrong in datasets/data/explanation_errata.csv; then every flagged step of the listed
explanations (each must be flagged); and verification speed.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter

from clinverify.calculators import get
from clinverify.datasets.explanations import clean_rows, explanation_errata, verify_kwargs
from clinverify.verifier import verify


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--show", type=int, default=0, help="print flagged steps of this many rows")
    ap.add_argument("--calc", action="append", default=[])
    a = ap.parse_args(argv)
    flt = {get(c).id for c in a.calc}
    templates, bad_rows = explanation_errata()
    times = []
    n = clean = listed = listed_flagged = 0
    bad = Counter()
    shown = 0
    for r, calc in clean_rows(exclude_errata=False):
        if flt and calc.id not in flt:
            continue
        t0 = time.perf_counter()
        v = verify(r.explanation, **verify_kwargs(r))
        times.append(time.perf_counter() - t0)
        wrong = [s for s in v.steps if s.verdict == "incorrect"]
        is_listed = calc.id in templates or r.row in bad_rows
        if is_listed:
            listed += 1
            listed_flagged += bool(wrong)
            continue
        n += 1
        if not wrong:
            clean += 1
            continue
        bad[calc.id] += 1
        if shown < a.show:
            shown += 1
            for s in wrong:
                d = s.to_dict()
                print(f"row {r.row} {calc.id} step {s.index} [{d['error']}] {d['detail'][:160]}\n    {s.text[:220]!r}")
    print(f"labels agree, explanation not listed as wrong: {n} rows; no incorrect step: {clean} ({clean / max(n, 1):.1%})")
    print(f"labels agree, explanation listed as wrong: {listed} rows; flagged: {listed_flagged}")
    for c, k in bad.most_common():
        print(f"  false alarms in {c}: {k}")
    us = sorted(t * 1e6 for t in times)
    if us:
        print(f"verify: median {statistics.median(us):.0f} µs, p99 {us[int(0.99 * len(us))]:.0f} µs per trace ({len(us)} traces)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
