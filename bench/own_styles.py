"""The verifier on short traces written in the styles of model families that are not in
``../shared/`` (numbered lists with arrows, prose thinking, "= …" continuation lines, LaTeX display
math), each as a right version and a version with one error of a known kind.

    python bench/own_styles.py [--note-only]

The traces (``bench/data/own_styles/``) were written for this project by hand, never copied from
any model output, on MedCalc-Bench test rows (``index.tsv``: name, row, and a piece of text that
only the wrong step of the error version contains). They were written at the end of stop 37,
after that stop's development, and measured once as they were written: a small check of the
styles, apart from the traces the readers were developed on. Prints, per pair, whether the right
version has an `incorrect` step (a false alarm, the final-answer check aside) and whether the
first `incorrect` step of the error version is the wrong step; then the totals.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from clinverify.datasets.medcalc_bench import load_rows
from clinverify.verifier import verify

DATA = Path(__file__).parent / "data" / "own_styles"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--note-only", action="store_true", help="verify without the rows' entities")
    a = ap.parse_args(argv)
    rows = {r.row: r for r in load_rows()}
    alarms = found = first = pairs = 0
    for line in (DATA / "index.tsv").read_text(encoding="utf-8").splitlines():
        name, row, marker = line.split("\t")
        r = rows[int(row)]
        kw = dict(calculator=r.calculator_id, question=r.question, patient_note=r.note, entities=None if a.note_only else r.entities)
        ok = verify((DATA / f"{name}.ok.txt").read_text(encoding="utf-8"), **kw).to_dict()["steps"]
        err = verify((DATA / f"{name}.err.txt").read_text(encoding="utf-8"), **kw).to_dict()["steps"]
        alarm = any(s["verdict"] == "incorrect" and s["error"] != "answer" for s in ok)
        bad = [s for s in err if s["verdict"] == "incorrect"]
        hit = any(marker in s["text"] for s in bad)
        at_first = bool(bad) and marker in bad[0]["text"]
        pairs += 1
        alarms += alarm
        found += hit
        first += at_first
        print(f"{name:6} row {row:>5}  right version: {'FALSE ALARM' if alarm else 'clean':11}  error: {'found' if hit else 'missed':6} "
              f"{'(first flag)' if at_first else ''}")
    print(f"{pairs} pairs{' (note only)' if a.note_only else ''}: false alarms on right versions {alarms}/{pairs}; "
          f"errors found at their step {found}/{pairs}, as the first flag {first}/{pairs}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
