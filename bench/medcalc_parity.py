"""MedCalc-Bench parity: per calculator, agreement with v1.0 and physician-corrected labels.

    python bench/medcalc_parity.py [--calc ID ...] [--show]

--show lists every row that disagrees with v1.0, marking those not yet in the errata.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict

from clinverify.calculators import CalculatorError, get, list_calculators
from clinverify.calculators.model import format_value
from clinverify.datasets.medcalc_bench import agrees, load_corrected, load_errata, load_rows


def evaluate(calc_filter=None):
    rows = load_rows()
    corrected = load_corrected()
    errata = load_errata()
    covered = {c.medcalc_id for c in list_calculators() if c.medcalc_id is not None}
    out = []
    for r in rows:
        if r.calculator_id not in covered or (calc_filter and r.calculator_id not in calc_filter):
            continue
        calc = get(r.calculator_id)
        try:
            res = calc.compute(calc.parse(r.entities))
            value, err = res.value, None
        except CalculatorError as exc:
            value, err = None, str(exc)
        v1 = agrees(calc, value, r.label, r.lower, r.upper) if err is None else False
        corr = corrected.get(r.row)
        c_ok = None  # None: no comparable corrected label
        if corr is not None and corr[0].strip().upper() != "N/A":
            c_ok = False if err else agrees(calc, value, *corr)
        out.append(
            dict(row=r.row, calc=calc, value=value, error=err, v1=v1, label=r.label, corrected=corr, corrected_ok=c_ok, erratum=errata.get(r.row))
        )
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--calc", action="append", default=[])
    ap.add_argument("--show", action="store_true")
    a = ap.parse_args(argv)
    flt = {get(c).medcalc_id for c in a.calc} or None
    res = evaluate(flt)
    per = defaultdict(list)
    for r in res:
        per[r["calc"].id].append(r)
    tot = defaultdict(int)
    print(f"{'calculator':28} {'mc':>3} {'rows':>4} {'err':>3} {'v1':>6} {'corr':>9} {'unlisted':>8}")
    for cid, rs in per.items():
        n = len(rs)
        errs = sum(1 for r in rs if r["error"])
        v1 = sum(1 for r in rs if r["v1"])
        cn = [r for r in rs if r["corrected_ok"] is not None]
        cok = sum(1 for r in cn if r["corrected_ok"])
        unlisted = sum(1 for r in rs if not r["v1"] and r["erratum"] is None)
        print(f"{cid:28} {rs[0]['calc'].medcalc_id:>3} {n:>4} {errs:>3} {v1:>3}/{n:<3} {cok:>4}/{len(cn):<4} {unlisted:>8}")
        for k, v in (("n", n), ("err", errs), ("v1", v1), ("cn", len(cn)), ("cok", cok), ("unlisted", unlisted)):
            tot[k] += v
        if a.show:
            for r in rs:
                if not r["v1"]:
                    c = r["calc"]
                    val = format_value(c, r["value"]) if r["error"] is None else "ERROR " + r["error"]
                    mark = "" if r["erratum"] else "  <-- not in errata"
                    print(f"    row {r['row']}: ours {val} | v1 {r['label']} | corrected {r['corrected'][0] if r['corrected'] else '-'}{mark}")
    if tot["n"]:
        print(f"TOTAL rows {tot['n']}, errors {tot['err']}, v1 agreement {tot['v1']/tot['n']:.1%}, "
              f"corrected agreement {tot['cok']}/{tot['cn']} = {tot['cok']/max(tot['cn'],1):.1%}, unlisted disagreements {tot['unlisted']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
