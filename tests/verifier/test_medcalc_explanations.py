"""The verifier on MedCalc-Bench's Ground Truth Explanations and on injected errors (issue targets)."""

import random

import pytest

from clinverify.datasets.explanations import clean_rows, explanation_errata, rows_with_calculator, verify_kwargs
from clinverify.verifier import verify


@pytest.fixture(scope="module")
def clean(medcalc_rows):
    return list(clean_rows())


def test_correct_explanations_have_no_incorrect_step(clean):
    """Target: >= 98 % of rows whose labels agree and whose explanation text is not itself wrong."""
    bad = [r.row for r, _ in clean if verify(r.explanation, **verify_kwargs(r)).first_error is not None]
    assert len(bad) / len(clean) <= 0.02, bad


def test_every_listed_wrong_explanation_is_flagged(medcalc_rows):
    templates, rows = explanation_errata()
    missed = []
    for r, calc in rows_with_calculator():
        if calc.id in templates or r.row in rows:
            res = verify(r.explanation, **verify_kwargs(r))
            if not any(s.verdict == "incorrect" and s.first_failure.kind != "answer" for s in res.steps):
                missed.append(r.row)
    assert not missed


@pytest.mark.parametrize(("kind", "target"), [("arithmetic", 0.95), ("unit_conversion", 0.95), ("answer", 0.95), ("extraction", 0.85), ("formula", 0.85), ("criterion", 0.85)])
def test_injected_errors_are_localised(clean, kind, target):
    import importlib.util
    from pathlib import Path

    spec = importlib.util.spec_from_file_location("error_injection", Path(__file__).resolve().parents[2] / "bench" / "error_injection.py")
    inj = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(inj)
    rng = random.Random(1)
    n = hit = 0
    for r, calc in clean:
        if n >= 60:
            break
        out = inj.inject(kind, r.explanation, calc, rng)
        if out is None:
            continue
        trace, off = out
        n += 1
        first = next((s for s in verify(trace, **verify_kwargs(r)).steps if s.verdict == "incorrect"), None)
        hit += first is not None and first.start <= off < first.end
    assert n >= 20 and hit / n >= target, f"{hit}/{n}"
