"""Fit and measure the trace risk (clinverify.verifier.risk) on the real corpus.

    python bench/fit_risk.py            # fit on development rows, report dev and check rows
    python bench/fit_risk.py --write    # also write the fitted block into verifier/risk.py
    python bench/fit_risk.py --current  # measure the coefficients in verifier/risk.py, no fit

Data: the 826 real traces of ``../shared/real-traces-dev/`` (gpt-oss-20b with its thinking;
gpt-4o, gpt-4o-mini, gpt-3.5-turbo). Each is verified as a user would send it: the thinking
(when the model has one) and the explanation as one trace, the question, the patient note, and
- setting ``entities``: the row's Relevant Entities where the row has them (test split);
- setting ``note``: no entities and no reference (the note only).
No reference answer is given in either. The label is whether the final answer is wrong
(physician-corrected label where one exists, else the benchmark's v1.0 label).

Rows are split into development and check as in ``bench/gold_tool.py`` (by MedCalc-Bench row); the
model is fitted on development rows only (both settings together) by L2-regularised logistic
regression (Newton's method), the penalty chosen by 5-fold cross-validation on the development rows
(folds by MedCalc-Bench row; the penalty with the lowest held-out log-loss), and reported on both: AUROC between wrong-answer and right-answer
traces, expected calibration error (10 equal-width bins) beside its floor (the ECE a perfectly
calibrated risk would show on the same number of traces: outcomes drawn from the risks themselves),
Brier score, per model and per setting, with a reliability table for the check rows.
"""

from __future__ import annotations

import argparse
import math
import random
import re
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from gold_tool import load_traces, set_of  # noqa: E402

from clinverify.datasets.medcalc_bench import load_rows  # noqa: E402
from clinverify.verifier import risk, verify  # noqa: E402
from clinverify.verifier.thinking import with_reasoning  # noqa: E402

RISK_PY = Path(__file__).resolve().parent.parent / "verifier" / "risk.py"
L2_CHOICES = (0.3, 1.0, 3.0, 10.0, 30.0)  # ridge penalties on the coefficients (not the bias), chosen by cross-validation
FOLDS = 5


def label_wrong(row: dict) -> bool:
    lab = row.get("result_vs_physician_corrected") or row["result_recomputed"]
    return lab != "Correct"


def samples() -> list[dict]:
    """One sample per trace and setting: features, label, model, set."""
    entities = {r.row: r.entities for r in load_rows()}
    out = []
    for row in load_traces().values():
        text = with_reasoning(row.get("llm_thinking"), row.get("llm_explanation") or "")
        ents = entities.get(int(row["row_number"])) if row["split"] == "test" else None
        for setting, e in (("entities", ents), ("note", None)):
            v = verify(text, calculator=row["calculator_id"], question=row["question"], patient_note=row["patient_note"],
                       entities=e, answer=row.get("llm_answer") or None)
            out.append({"f": risk.features(v.steps, v.answer), "y": label_wrong(row), "model": row["model"], "set": set_of(row),
                        "setting": setting, "risk": v.scores["risk"], "row": int(row["row_number"])})
    return out


def _solve(a: list[list[float]], b: list[float]) -> list[float]:
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(m[r][c]))
        m[c], m[p] = m[p], m[c]
        if abs(m[c][c]) < 1e-12:
            continue
        for r in range(n):
            if r != c and m[r][c]:
                k = m[r][c] / m[c][c]
                m[r] = [x - k * y for x, y in zip(m[r], m[c], strict=True)]
    return [m[i][n] / m[i][i] if abs(m[i][i]) > 1e-12 else 0.0 for i in range(n)]


def choose_l2(data: list[dict]) -> float:
    """The penalty with the lowest mean held-out log-loss over FOLDS folds of the rows given
    (a MedCalc-Bench row's traces stay in one fold); prints each candidate's figures."""
    print(f"cross-validation on development rows ({FOLDS} folds by row): L2  log-loss  ECE")
    best, best_loss = L2_CHOICES[0], math.inf
    for l2 in L2_CHOICES:
        held: list[tuple[float, bool]] = []
        for k in range(FOLDS):
            train = [d for d in data if d["row"] % FOLDS != k]
            bias, coef = fit(train, l2=l2)
            held += [(risk.from_features(d["f"], bias, coef), d["y"]) for d in data if d["row"] % FOLDS == k]
        loss = -sum(math.log(max(1e-9, r if y else 1 - r)) for r, y in held) / len(held)
        ece, _ = risk.reliability([r for r, _ in held], [y for _, y in held])
        print(f"  {l2:5.1f}  {loss:.4f}  {ece:.3f}")
        if loss < best_loss:
            best, best_loss = l2, loss
    print(f"chosen L2 = {best}")
    return best


def fit(data: list[dict], iters: int = 30, l2: float = 1.0) -> tuple[float, dict[str, float]]:
    names = risk.FEATURES
    xs = [[1.0] + [d["f"][k] for k in names] for d in data]
    ys = [1.0 if d["y"] else 0.0 for d in data]
    w = [0.0] * (len(names) + 1)
    for _ in range(iters):
        grad = [0.0] * len(w)
        hess = [[0.0] * len(w) for _ in w]
        for x, y in zip(xs, ys, strict=True):
            z = sum(a * b for a, b in zip(w, x, strict=True))
            p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
            g = p - y
            s = p * (1 - p)
            for i, xi in enumerate(x):
                if xi:
                    grad[i] += g * xi
                    row = hess[i]
                    for j, xj in enumerate(x):
                        if xj:
                            row[j] += s * xi * xj
        for i in range(1, len(w)):
            grad[i] += l2 * w[i]
            hess[i][i] += l2
        step = _solve(hess, grad)
        w = [a - b for a, b in zip(w, step, strict=True)]
        if max(abs(s) for s in step) < 1e-8:
            break
    return w[0], {k: w[i + 1] for i, k in enumerate(names)}


def ece_if_calibrated(risks: list[float], draws: int = 300, seed: int = 7) -> float:
    """The mean ECE a perfectly calibrated risk would still show on this many traces: outcomes
    drawn as Bernoulli(risk) for the same risks, ECE measured the same way (10 bins). The ECE
    measured on a sample of a few hundred traces is only as small as this floor."""
    rng = random.Random(seed)
    total = 0.0
    for _ in range(draws):
        total += risk.reliability(risks, [rng.random() < r for r in risks])[0]
    return total / draws


def report(data: list[dict], bias: float, coef: dict[str, float]) -> None:
    groups: dict[tuple, list] = defaultdict(list)
    for d in data:
        r = risk.from_features(d["f"], bias, coef)
        for key in ((d["set"], d["setting"], "all"), (d["set"], d["setting"], d["model"])):
            groups[key].append((r, d["y"]))
    print(f"\n{'rows':<6}{'setting':<10}{'model':<22}{'traces':>7}{'wrong':>7}{'AUROC':>8}{'ECE':>7}{'floor':>7}{'Brier':>7}")
    for key in sorted(groups, key=lambda k: (k[0] != "dev", k[1], k[2] != "all", k[2])):
        rs = [r for r, _ in groups[key]]
        ys = [y for _, y in groups[key]]
        a = risk.auroc(rs, ys)
        e, _ = risk.reliability(rs, ys)
        brier = sum((r - y) ** 2 for r, y in zip(rs, ys, strict=True)) / len(rs)
        print(f"{key[0]:<6}{key[1]:<10}{key[2]:<22}{len(rs):>7}{sum(ys):>7}{(f'{a:.3f}' if a is not None else '-'):>8}{e:>7.3f}{ece_if_calibrated(rs):>7.3f}{brier:>7.3f}")
    for setting in ("entities", "note"):
        rs = [r for r, _ in groups[("check", setting, "all")]]
        ys = [y for _, y in groups[("check", setting, "all")]]
        _, table = risk.reliability(rs, ys)
        print(f"\nreliability, check rows, {setting}: bin  mean risk  share wrong  traces")
        for b, n, conf, acc in table:
            print(f"  {b / 10:.1f}-{(b + 1) / 10:.1f}  {conf:9.3f}  {acc:11.3f}  {n:6d}")


def block(bias: float, coef: dict[str, float]) -> str:
    lines = ["# --- fitted by bench/fit_risk.py (do not edit by hand) ---", f"BIAS = {bias:.4f}", "COEFFICIENTS = {"]
    lines += [f'    "{k}": {v:.4f},' for k, v in coef.items()]
    lines += ["}", "# --- end of fitted block ---"]
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--write", action="store_true", help="write the fitted coefficients into verifier/risk.py")
    ap.add_argument("--current", action="store_true", help="measure the coefficients in verifier/risk.py (no fit)")
    a = ap.parse_args(argv)
    data = samples()
    if a.current:
        bias, coef = risk.BIAS, dict(risk.COEFFICIENTS)
    else:
        dev = [d for d in data if d["set"] == "dev"]
        bias, coef = fit(dev, l2=choose_l2(dev))
    print(block(bias, coef))
    report(data, bias, coef)
    if a.write and not a.current:
        src = RISK_PY.read_text(encoding="utf-8")
        new = re.sub(r"# --- fitted by bench/fit_risk.py.*?# --- end of fitted block ---", lambda _: block(bias, coef), src, flags=re.S)
        RISK_PY.write_text(new, encoding="utf-8")
        print(f"\nwrote {RISK_PY}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
