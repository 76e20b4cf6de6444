"""Reward-batch speed: one GRPO batch (default 1,024 completions) scored in-process
(``clinverify.services.reward_scoring.Scorer``, the scorer behind every reward adapter).

    python bench/reward_speed.py [--batch 1024] [--workers N] [--rounds 3]

Two batches, both of distinct traces:
- ``medcalc``: MedCalc-Bench Ground Truth Explanations with their patient notes, entities and
  references (needs the MedCalc-Bench data; see clinverify.datasets.medcalc_bench), shuffled;
- ``synthetic``: 128 patients x 8 completions over three calculators (right, slipped, wrong).

For each: the first batch after ``warmup()`` (worker processes started, caches cold for these
texts), then later batches: the same MedCalc-Bench rows again (the verifier's phrase caches warm),
or a second synthetic batch of different traces. The result cache is off, so repeated rows are
not what is measured.
"""

from __future__ import annotations

import argparse
import random
import sys
import time


def medcalc_rows(n: int) -> list[dict] | None:
    try:
        from clinverify.datasets.explanations import rows_with_calculator
        from clinverify.datasets.medcalc_bench import data_dir
    except ImportError:
        return None
    if data_dir() is None:
        return None
    rows = [
        {"calculator": r.calculator_id, "patient_note": r.note, "entities": r.entities, "trace": r.explanation, "reference": {"answer": r.label, "lower": r.lower, "upper": r.upper}}
        for r, _ in rows_with_calculator()
    ]
    random.Random(0).shuffle(rows)
    return (rows * (n // len(rows) + 1))[:n]


def synthetic_rows(n: int, seed: int) -> list[dict]:
    from clinverify.verifier.rewards import make_row

    rnd = random.Random(seed)
    rows = []
    while len(rows) < n:
        wt, ht = rnd.randint(45, 120), rnd.randint(150, 200)
        sbp, dbp = rnd.randint(95, 190), rnd.randint(50, 110)
        bmi, mapv = wt / (ht / 100) ** 2, 2 / 3 * dbp + 1 / 3 * sbp
        for j in range(8):
            f = 1.0 if j % 2 == 0 else 1.3
            if len(rows) % 2:
                t = f"Attempt {j}. The patient weighs {wt} kg and is {ht} cm tall.\nBMI = {wt} / ({ht / 100} * {ht / 100}) = {bmi * f:.2f} kg/m^2.\nAnswer: {bmi * f:.2f}"
                rows.append(make_row(t, round(bmi, 2), {"calculator": 6, "patient_note": f"Weight {wt} kg, height {ht} cm."}))
            else:
                t = f"Attempt {j}. Blood pressure is {sbp}/{dbp} mm Hg.\nMAP = 2/3 * {dbp} + 1/3 * {sbp} = {mapv * f:.2f} mm Hg.\nAnswer: {mapv * f:.2f}"
                rows.append(make_row(t, round(mapv, 2), {"calculator": 5, "patient_note": f"Blood pressure {sbp}/{dbp} mm Hg."}))
    return rows[:n]


def main(argv=None) -> int:
    from clinverify.services.reward_scoring import Scorer

    ap = argparse.ArgumentParser()
    ap.add_argument("--batch", type=int, default=1024)
    ap.add_argument("--workers", type=int, default=None, help="worker processes (default: usable CPUs, at most 8; 0 = in-process)")
    ap.add_argument("--rounds", type=int, default=3)
    a = ap.parse_args(argv)
    batches = {"synthetic": (synthetic_rows(a.batch, 1), synthetic_rows(a.batch, 2))}
    mc = medcalc_rows(a.batch)
    if mc is not None:
        batches["medcalc"] = (mc, mc)
    else:
        print("(MedCalc-Bench data not found: synthetic batch only)", file=sys.stderr)
    for name, (first, later) in batches.items():
        with Scorer(workers=a.workers, cache_size=0) as s:
            t0 = time.perf_counter()
            s.warmup()
            start = time.perf_counter() - t0
            t0 = time.perf_counter()
            s.rewards(first)
            cold = time.perf_counter() - t0
            times = []
            for _ in range(a.rounds):
                t0 = time.perf_counter()
                s.rewards(later)
                times.append(time.perf_counter() - t0)
            chars = sorted(len(r["trace"]) for r in first)[len(first) // 2]
            print(
                f"{name}: {a.batch} traces (median {chars} chars), {s.workers} worker process(es): "
                f"start {start:.2f} s, first batch {cold:.3f} s, then {min(times):.3f}-{max(times):.3f} s per batch "
                f"({a.batch / min(times):.0f} traces/s)"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
