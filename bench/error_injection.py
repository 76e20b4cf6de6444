"""Error-injection benchmark for the step verifier.

    python bench/error_injection.py [--seed 0] [--per-type 300]

Clean traces: MedCalc-Bench Ground Truth Explanations of rows whose v1.0 label agrees with the
physician-corrected label, minus the calculators whose explanation template is itself wrong
(datasets/data/explanation_errata.csv). Into each clean trace one error is injected at a known
character offset, of one type:

  arithmetic       the stated result of an ``a = b`` step is changed
  unit_conversion  the converted value of a unit conversion is changed
  extraction       a patient value (mapped to a calculator input) is changed where it is stated
  formula          a coefficient/exponent of the calculator's formula is changed inside an expression
  criterion        the points given for a criterion are changed
  answer           the final answer is changed
  formula_statement  an operator of a stated formula is swapped ("QT / √RR" -> "QT * √RR")

Reported per type: detection (some step is incorrect), localisation (the earliest incorrect step's
span contains the injected offset, ProcessBench's first-error criterion), the error-type label
agreement, and ProcessBench F1 = harmonic mean of first-error accuracy on injected traces and
no-error accuracy on the clean traces (whose false-alarm rate is also printed).
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from collections import defaultdict

from clinverify.datasets.explanations import clean_rows, verify_kwargs
from clinverify.verifier import knowledge
from clinverify.verifier.claims import NUM_RE, extract_claims, final_answer
from clinverify.verifier.criteria_read import read as read_points
from clinverify.verifier.formula_statements import check_statement
from clinverify.verifier.pipeline import verify
from clinverify.verifier.steps import segment

TYPES = ("arithmetic", "unit_conversion", "extraction", "formula", "criterion", "answer", "formula_statement")
# A formula statement's operator swapped ("QT / √RR" -> "QT * √RR"): expected error type "formula".
_SWAP = {"+": "-", "-": "+", "*": "/", "/": "*", "×": "/", "x": "/"}


def _perturb_number(text: str, rng: random.Random) -> str:
    """A clearly different number written with the same number of decimals."""
    v = float(text.replace(",", ""))
    d = len(text.split(".")[1]) if "." in text else 0
    for _ in range(20):
        f = rng.choice((-1, 1)) * rng.uniform(0.1, 0.5)
        w = v * (1 + f) if v else rng.uniform(1, 5)
        if d == 0:
            w = round(w) if round(w) != round(v) else round(v) + rng.choice((-2, -1, 1, 2))
            s = str(int(w))
        else:
            s = f"{w:.{d}f}"
        if s != text and s.lstrip("-") != "0":
            return s
    return str(v + 1)


def _claims(trace):
    for s in segment(trace):
        yield from extract_claims(s.text, s.start)


def inject(kind: str, trace: str, calc, rng: random.Random):
    """(new trace, offset of the change) or None when the trace has no place for this error."""
    cands = []
    if kind == "answer":
        a = final_answer(trace)
        if a is None:
            return None
        m = NUM_RE.search(trace, a.start, a.end) if not isinstance(a.value, str) else re.compile(r"\d{1,2}[/-](\d{1,2})").search(trace, a.start, a.end)
        if not m:
            return None
        s, e = (m.start(), m.end()) if not isinstance(a.value, str) else (m.start(1), m.end(1))
        old = trace[s:e]
        new = _perturb_number(old, rng) if not isinstance(a.value, str) else f"{(int(old) % 27) + 1:02d}"
        return trace[:s] + new + trace[e:], s
    if kind == "formula_statement":
        for seg in segment(trace):
            st = check_statement(seg.text, calc.id)
            if st is not None and st.ok:
                a, b = seg.start + st.start, seg.start + st.end
                for i in range(a, b):
                    c, left, right = trace[i], trace[i - 1], trace[i + 1 : i + 2]
                    if c in _SWAP and not (left.isalpha() and right.isalpha()) and (c != "x" or trace[i - 1 : i + 2] == " x "):
                        cands.append((i, i + 1))  # an operator, not the "/" of "mEq/L"
        if not cands:
            return None
        s, e = rng.choice(cands)
        return trace[:s] + _SWAP[trace[s]] + trace[e:], s
    for c in _claims(trace):
        if kind == "arithmetic" and c.kind == "arithmetic" and c.decimals is not None:
            i = trace.rfind(c.value_text, c.start, c.end)
            if i != -1:
                cands.append((i, i + len(c.value_text)))
        elif kind == "unit_conversion" and c.kind == "conversion":
            # The converted value: the number in the claim equal to its right-hand side.
            for m in NUM_RE.finditer(trace, c.start, c.end):
                if m.start() > c.start and float(m.group().replace(",", "")) == c.rhs_value:
                    cands.append((m.start(), m.end()))
        elif kind == "extraction" and c.kind == "quantity" and knowledge.input_for(calc, c.name):
            cands.append((c.start, c.start + len(c.value_text)))
        elif kind == "formula" and c.kind == "arithmetic":
            consts = knowledge.constants(calc)
            for m in NUM_RE.finditer(trace, c.start, c.end):
                try:
                    x = float(m.group().replace(",", ""))
                except ValueError:
                    continue
                if x in consts and not float(x).is_integer():
                    cands.append((m.start(), m.end()))

    if kind == "criterion":  # points as the verifier's criteria reader finds them
        for s in segment(trace):
            for p in read_points(s.text, s.start):
                m = re.search(r"\d+(?:\.\d+)?|\bno\b|zero|one|two|three|four|five|six", trace[p.start : p.end], re.I)
                if m:
                    cands.append((p.start + m.start(), p.start + m.end()))
    if not cands:
        return None
    s, e = rng.choice(cands)
    old = trace[s:e]
    if kind == "criterion":
        words = {"no": 0, "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
        n = words.get(old.lower(), None)
        n = int(float(old)) if n is None else n
        new = str(n + rng.choice((1, 2)) if n < 2 else n - 1)
    elif kind == "formula":
        d = len(old.split(".")[1]) if "." in old else 0
        new = f"{float(old) * rng.choice((0.9, 1.1, 0.8, 1.2)):.{max(d, 1)}f}"
        if new == old:
            new = f"{float(old) + 10 ** -max(d, 1):.{max(d, 1)}f}"
    else:
        new = _perturb_number(old, rng)
    return trace[:s] + new + trace[e:], s


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--per-type", type=int, default=300)
    ap.add_argument("--misses", type=int, default=0, help="print this many missed injections per type")
    a = ap.parse_args(argv)
    rng = random.Random(a.seed)
    rows = list(clean_rows())
    kw = verify_kwargs
    t0 = time.perf_counter()
    clean_ok = 0
    for r, _ in rows:
        clean_ok += verify(r.explanation, **kw(r)).first_error is None
    clean_acc = clean_ok / len(rows)
    print(f"clean traces: {len(rows)}; no incorrect step: {clean_ok} ({clean_acc:.1%}); false alarms {1 - clean_acc:.1%}")
    print(f"{'error type':16} {'n':>5} {'detected':>9} {'localised':>10} {'type ok':>8} {'PB F1':>7}")
    for kind in TYPES:
        stats = defaultdict(int)
        order = rows[:]
        rng.shuffle(order)
        for r, calc in order:
            if stats["n"] >= a.per_type:
                break
            inj = inject(kind, r.explanation, calc, rng)
            if inj is None:
                continue
            trace, off = inj
            res = verify(trace, **kw(r))
            stats["n"] += 1
            wrong = [s for s in res.steps if s.verdict == "incorrect"]
            if (not wrong or not wrong[0].start <= off < wrong[0].end) and stats["shown"] < a.misses:
                stats["shown"] += 1
                st = next((s for s in res.steps if s.start <= off < s.end), None)
                print(f"  MISS {kind} row {r.row} {calc.id}: {st.text[:200] if st else '?'!r} -> {[(s.index, s.to_dict()['error'], s.to_dict()['detail'][:100]) for s in wrong][:2]}")
            if wrong:
                stats["det"] += 1
                first = wrong[0]
                if first.start <= off < first.end:
                    stats["loc"] += 1
                    fail = first.first_failure
                    stats["type"] += fail is not None and (fail.kind == kind or (kind == "formula" and fail.kind == "arithmetic") or (kind == "formula_statement" and fail.kind == "formula"))
        n = stats["n"] or 1
        acc_err = stats["loc"] / n
        f1 = 2 * acc_err * clean_acc / (acc_err + clean_acc) if acc_err + clean_acc else 0.0
        print(f"{kind:16} {stats['n']:>5} {stats['det'] / n:>9.1%} {acc_err:>10.1%} {stats['type'] / n:>8.1%} {f1:>7.3f}")
    print(f"({time.perf_counter() - t0:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
