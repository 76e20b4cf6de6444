"""The verifier on MedCalc-Bench's Ground Truth Explanations (mostly correct reasoning).

    python bench/verifier_gt.py [--show N] [--calc ID]

Counts rows with no incorrect step among rows whose v1.0 label agrees with the physician-
corrected label (the explanation should then be correct unless its text is itself wrong), and
prints the flagged steps so each can be reviewed (a real error in the explanation, or a false
alarm of the verifier).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter

from clinverify.calculators import get
from clinverify.calculators.medcalc_bench import agrees, load_corrected, load_rows
from clinverify.verifier import verify


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--show", type=int, default=0)
    ap.add_argument("--calc", action="append", default=[])
    a = ap.parse_args(argv)
    corrected = load_corrected()
    flt = {get(c).medcalc_id for c in a.calc}
    n = clean = 0
    per = Counter()
    bad = Counter()
    shown = 0
    t0 = time.perf_counter()
    for r in load_rows():
        if flt and r.calculator_id not in flt:
            continue
        try:
            calc = get(r.calculator_id)
        except LookupError:
            continue
        corr = corrected.get(r.row)
        if corr is None or corr[0].strip().upper() == "N/A":
            continue
        try:
            from clinverify.verifier.check import _answer_as_calc_value  # noqa: PLC0415

            lab = _answer_as_calc_value(calc, r.label if calc.output.type != "duration" else None)
        except Exception:  # noqa: BLE001
            lab = None
        if calc.output.type == "duration":
            import re

            w, d = (int(x) for x in re.findall(r"\d+", r.label)[:2])
            lab = (w, d)
        if lab is None or not agrees(calc, lab, *corr):
            continue
        n += 1
        v = verify(r.explanation, calculator=r.calculator_id, entities=r.entities, patient_note=r.note,
                   reference={"answer": r.label, "lower": r.lower, "upper": r.upper}).to_dict()
        wrong = [s for s in v["steps"] if s["verdict"] == "incorrect"]
        per[calc.id] += 1
        if not wrong:
            clean += 1
            continue
        bad[calc.id] += 1
        if shown < a.show:
            shown += 1
            for s in wrong:
                print(f"row {r.row} {calc.id} step {s['index']} [{s['error']}] {s['detail'][:160]}\n    {s['text'][:220]!r}")
    dt = time.perf_counter() - t0
    print(f"rows where v1 and corrected labels agree: {n}; no incorrect step: {clean} ({clean / max(n, 1):.1%}); {dt / max(n, 1) * 1e6:.0f} µs/trace")
    for c, k in bad.most_common():
        print(f"  {c}: {k}/{per[c]} flagged")
    return 0


if __name__ == "__main__":
    sys.exit(main())
