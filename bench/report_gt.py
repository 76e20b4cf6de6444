"""The HTML report (with the trace view) for MedCalc-Bench's 1,047 Ground Truth Explanations:
file size and time to build it, apart from the time to verify.

    python bench/report_gt.py [--out report.html] [--copies K]

``--copies K`` repeats the rows K times (ids made unique) to try a larger report, e.g. 10 for
about 10,000 traces.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time

from clinverify.datasets.explanations import rows_with_calculator, verify_kwargs
from clinverify.verifier import verify
from clinverify.verifier.report import Report


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", help="where to write the report (default: a temporary file, removed)")
    ap.add_argument("--copies", type=int, default=1)
    a = ap.parse_args(argv)
    t0 = time.perf_counter()
    results = []
    for r, _calc in rows_with_calculator():
        res = verify(r.explanation, id=r.row, **verify_kwargs(r)).to_dict()
        results.append((res, {"trace": r.explanation}))
    t_verify = time.perf_counter() - t0
    t0 = time.perf_counter()
    report = Report()
    for k in range(a.copies):
        for res, row in results:
            report.add(res if k == 0 else {**res, "id": f"{res['id']}-{k}"}, row)
    t_add = time.perf_counter() - t0
    path = a.out or os.path.join(tempfile.mkdtemp(), "report.html")
    t0 = time.perf_counter()
    report.write(path)
    t_write = time.perf_counter() - t0
    size = os.path.getsize(path)
    print(f"{report.n} traces ({len(results)} explanations x {a.copies}); verify {t_verify:.1f} s (once); "
          f"report: add {t_add:.2f} s + write {t_write:.2f} s; {size / 1e6:.2f} MB -> {path}")
    if not a.out:
        os.remove(path)
        os.rmdir(os.path.dirname(path))
    return 0


if __name__ == "__main__":
    sys.exit(main())
