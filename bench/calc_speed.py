"""Calculator speed on the MedCalc-Bench test rows, with medcalc-bench (PyPI) timed side by side.

    python bench/calc_speed.py [--calc ID ...] [--repeat 200]

Per calculator, over the same rows in the same run, median and p99 µs per call for:
  prepared  calc.compute(prepared inputs)            (pure compute, units already converted)
  e2e       compute(id, raw MedCalc-Bench entities)  (parse + convert + compute)
  e2e+expl  e2e plus the generated explanation       (what medcalc-bench's functions do)
  peer      medcalc-bench 1.7.0's function on the same raw entities (value + explanation)
and the ratio peer / ours. The peer's functions take snake_case parameter names, so its entities
are renamed with the table below (bench-only glue); rows it cannot run are reported as '-'.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import inspect
import io
import platform
import statistics
import sys
import time

from clinverify.calculators import compute, get, list_calculators
from clinverify.datasets.medcalc_bench import load_rows

PEER_MODULES = {
    2: "creatinine_clearance", 3: "ckd_epi_2021_creatinine", 4: "cha2ds2_vasc_score", 5: "mean_arterial_pressure",
    6: "bmi_calculator", 7: "calcium_correction", 8: "wells_criteria_pe", 9: "mdrd_gfr", 10: "ideal_body_weight",
    11: "qt_calculator_bazett", 13: "estimated_due_date", 15: "child_pugh_score", 16: "wells_criteria_dvt",
    17: "cardiac_risk_index", 18: "heart_score", 19: "fibrosis_4", 20: "centor_score", 21: "glasgow_coma_score",
    22: "maintenance_fluid_calc", 23: "meldna", 24: "steroid_conversion", 25: "has_bled_score", 26: "sch",
    27: "glasgow_bleeding_score", 28: "apache_ii", 29: "psi_score", 30: "sOsm", 31: "homa_ir", 32: "cci",
    33: "feverpain", 36: "caprini_score", 38: "free_water_deficit", 39: "anion_gap", 40: "compute_fena", 43: "sofa",
    44: "ldl_calculated", 45: "curb_65", 46: "framingham_risk_score", 48: "perc_rule", 49: "mme", 51: "sirs_criteria",
    56: "qt_calculator_fredericia", 57: "qt_calculator_framingham", 58: "qt_calculator_hodges",
    59: "qt_calculator_rautaharju", 60: "bsa_calculator", 61: "target_weight", 62: "adjusted_body_weight",
    63: "delta_gap", 64: "delta_ratio", 65: "albumin_corrected_anion", 66: "albumin_corrected_delta_gap",
    67: "albumin_delta_ratio", 68: "conception_date", 69: "gestational_age",
}

# MedCalc-Bench entity names -> the parameter names medcalc-bench's functions read.
PEER_KEYS = {
    "Systolic Blood Pressure": "sys_bp", "Diastolic Blood Pressure": "dia_bp", "Heart Rate or Pulse": "heart_rate",
    "QT interval": "qt_interval", "Last menstrual date": "menstrual_date", "cycle length": "cycle_length",
    "Current Date": "current_date", "Blood Urea Nitrogen (BUN)": "bun", "Urine sodium": "urine_sodium",
    "Urine creatinine": "urine_creatinine", "Total cholesterol": "total_cholestrol",
    "high-density lipoprotein cholesterol": "hdl_cholestrol", "Aspartate aminotransferase": "ast",
    "Alanine aminotransferase": "alt", "Platelet count": "platelet_count", "international normalized ratio": "inr",
    "Dialysis at least twice in the past week": "dialysis_twice",
    "Continuous veno-venous hemodialysis for ≥24 hours in the past week": "cvvhd",
    "Blood pressure being treated with medicines": "bp_medicine", "Body Mass Index (BMI)": "body_mass_index",
    "Pre-operative creatinine": "creatinine", "Temperature": "temperature", "Respiratory Rate": "respiratory_rate",
    "White blood cell count": "wbc", "Glasgow Coma Score": "gcs", "O₂ saturation percentage": "oxygen_sat",
    "Best eye response": "best_eye_response", "Best verbal response": "best_verbal_response", "Best motor response": "best_motor_response",
    "Confusion": "confusion", "Blood Urea Nitrogen": "bun", "Sodium": "sodium", "Chloride": "chloride",
    "Bicarbonate": "bicarbonate", "Albumin": "albumin", "Glucose": "glucose", "Insulin": "insulin", "Calcium": "calcium",
    "Hemoglobin": "hemoglobin", "Triglycerides": "triglycerides",
}


def peer_entities(entities: dict) -> dict:
    out = {}
    for k, v in entities.items():
        key = PEER_KEYS.get(k, k.lower() if k[:1].isupper() and " " not in k else k)
        out[key] = tuple(v) if isinstance(v, list) and len(v) == 2 else v
    return out


def peer_function(cid: int):
    name = PEER_MODULES.get(cid)
    if name is None:
        return None
    try:
        mod = importlib.import_module(f"medcalc.{name}")
    except Exception:  # noqa: BLE001 - a broken peer module is reported as '-'
        return None
    fns = [f for n, f in inspect.getmembers(mod, inspect.isfunction) if f.__module__ == mod.__name__ and "expla" in n]
    return fns[0] if fns else None


def timeit(fn, args_list, repeat: int) -> list[float]:
    """Per-call times in µs: each of ``repeat`` rounds calls fn once per row, timed per call."""
    clock = time.perf_counter_ns
    empty = []
    for _ in range(2000):
        t0 = clock()
        empty.append(clock() - t0)
    overhead = statistics.median(empty)
    out = []
    for _ in range(repeat):
        for a in args_list:
            t0 = clock()
            fn(a)
            out.append((clock() - t0 - overhead) / 1000.0)
    return out


def pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(q * len(xs)))]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--calc", action="append", default=[])
    ap.add_argument("--repeat", type=int, default=200)
    a = ap.parse_args(argv)
    rows = load_rows()
    wanted = {get(c).medcalc_id for c in a.calc} or {c.medcalc_id for c in list_calculators() if c.medcalc_id}
    print(f"# python {platform.python_version()} on {platform.machine()}, {a.repeat} rounds over each calculator's rows")
    print(f"{'calculator':30} {'rows':>4} | {'prepared µs':>13} | {'e2e µs':>13} | {'e2e+expl µs':>13} | {'peer µs':>13} | {'peer÷prep':>9} {'peer÷e2e':>9} {'peer÷e2e+expl':>13}")
    print(f"{'':30} {'':>4} | {'med':>6} {'p99':>6} | {'med':>6} {'p99':>6} | {'med':>6} {'p99':>6} | {'med':>6} {'p99':>6} |")
    allp, alle, allx, allpeer, ratios = [], [], [], [], []
    for cid in sorted(wanted):
        calc = get(cid)
        rs = [r for r in rows if r.calculator_id == cid]
        prepared = [calc.parse(r.entities) for r in rs]
        ents = [r.entities for r in rs]
        tp = timeit(calc.compute, prepared, a.repeat)
        te = timeit(lambda e, c=calc: compute(c, e), ents, a.repeat)
        tx = timeit(lambda e, c=calc: compute(c, e).explanation(), ents, max(1, a.repeat // 4))
        allp += tp
        alle += te
        allx += tx
        peer_cell = f"{'-':>6} {'-':>6} | {'-':>9} {'-':>9} {'-':>13}"
        fn = peer_function(cid)
        if fn is not None:
            pents = [peer_entities(e) for e in ents]
            try:
                with contextlib.redirect_stdout(io.StringIO()):
                    for e in pents:
                        fn(e)
                    tq = timeit(fn, pents, max(1, a.repeat // 4))
            except Exception:  # noqa: BLE001 - peer cannot run these rows
                tq = None
            if tq:
                allpeer += tq
                mq = statistics.median(tq)
                r = (mq / statistics.median(tp), mq / statistics.median(te), mq / statistics.median(tx))
                ratios.append(r)
                peer_cell = f"{mq:6.1f} {pct(tq, .99):6.1f} | {r[0]:8.1f}x {r[1]:8.1f}x {r[2]:12.1f}x"
        print(
            f"{calc.id:30} {len(rs):>4} | {statistics.median(tp):6.2f} {pct(tp, .99):6.2f} | "
            f"{statistics.median(te):6.2f} {pct(te, .99):6.2f} | {statistics.median(tx):6.1f} {pct(tx, .99):6.1f} | {peer_cell}"
        )
    print(
        f"{'ALL':30} {'':>4} | {statistics.median(allp):6.2f} {pct(allp, .99):6.2f} | {statistics.median(alle):6.2f} {pct(alle, .99):6.2f} | "
        f"{statistics.median(allx):6.1f} {pct(allx, .99):6.1f} | "
        + (f"{statistics.median(allpeer):6.1f} {pct(allpeer, .99):6.1f} | {statistics.median(x[0] for x in ratios):8.1f}x {statistics.median(x[1] for x in ratios):8.1f}x {statistics.median(x[2] for x in ratios):12.1f}x (medians of per-calculator ratios, {len(ratios)} calculators)" if allpeer else "")
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
