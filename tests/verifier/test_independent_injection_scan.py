"""The generic site scan of bench/independent_injection.py, on synthetic strings (no ../shared)."""

import importlib.util
import random
import re
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "independent_injection.py"


@pytest.fixture(scope="module")
def ii():
    spec = importlib.util.spec_from_file_location("independent_injection", BENCH)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses look their module up
    spec.loader.exec_module(mod)
    return mod


def kinds(ii, text, note=""):
    return [(text[s.start : s.end], s.kind) for s in ii.scan(text, note)]


def test_site_chooser_does_not_use_verifier_internals():
    src = BENCH.read_text(encoding="utf-8")
    imports = re.findall(r"^\s*(?:from|import)\s+(clinverify\.verifier[\w.]*)", src, re.M)
    assert set(imports) <= {"clinverify.verifier", "clinverify.datasets.explanations"}
    assert "claims" not in " ".join(imports)


def test_arithmetic_results_and_rewritten_intermediates(ii):
    text = "Anion Gap = 140 - (90 + 15) = 140 - 105 = 35 mEq/L. Then 0.464 ≈ 0.46 is noted."
    got = kinds(ii, text, note="Na 140, Cl 90, HCO3 15")
    assert ("105", "arithmetic") in got and ("35", "arithmetic") in got
    assert ("140", "patient_value") in got  # the stated value, not the copy inside "140 - 105"
    assert sum(k == "arithmetic" for _, k in got) == 2
    chain = kinds(ii, "x = 29 / 100 × 1.6 = 0.464 ≈ 0.46 mEq/L and more.")
    assert ("0.464", "arithmetic") in chain and ("0.46", "arithmetic") in chain


def test_result_must_stand_alone_and_follow_an_expression(ii):
    # "is" after a name is not a derivation; "= 21625 / 3600" after a name is not a result either
    got = kinds(ii, "The sodium is 140 mEq/L. BSA = sqrt(21625 / 3600).", note="sodium 140")
    assert ("140", "patient_value") in got
    assert not [k for _, k in got if k == "arithmetic"]


def test_unit_conversions(ii):
    got = kinds(ii, "The weight is 150 lbs * 0.453592 kg/lbs = 68.039 kg. Creatinine 1.2 mg/dL (106.1 µmol/L) today.",
                note="weight 150 lbs, creatinine 1.2")
    assert ("68.039", "unit_conversion") in got and ("106.1", "unit_conversion") in got
    assert ("0.453592", "coefficient") in got
    # the result's unit already stands on the left: arithmetic, not a conversion
    got = kinds(ii, "Correction: 29 mg/dL ÷ 100 mg/dL × 1.6 mEq/L = 0.464 mEq/L, added.")
    assert ("0.464", "arithmetic") in got
    assert ii.convertible("mg/dL", "µmol/L") and ii.convertible("lb", "kg") and not ii.convertible("kg", "kg")
    assert not ii.convertible("years", "points") and not ii.convertible("mL/min", "mg/dL")


def test_coefficients(ii):
    text = "GFR = 142 x (Scr/A)**B x 0.9938**age. Gender coefficient = 1.0; κ = 0.7. BSA = sqrt(w * h / 3600)."
    got = kinds(ii, text)
    for c in ("142", "0.9938", "1.0", "0.7", "3600"):
        assert (c, "coefficient") in got, c
    # a named "fraction" with a unit that the note states is a patient value
    got = kinds(ii, "The ejection fraction is 35 % today.\nThe total is 4.", note="EF 35%")
    assert got == [("35", "patient_value"), ("4", "final_answer")]


def test_points(ii):
    got = kinds(ii, "Hypertension: +1. Age ≥75: +2. CHF present, one point is added, making the total 0 + 1 = 1. "
                "BUN is 21 mg/dL, so 1 point. The score is increased by 1.5 today.\nThe total is 4.5.", note="BUN 21, age 80")
    assert [t for t, k in got if k == "points"] == ["1", "2", "one", "1", "1.5"]
    assert ("75", "points") not in got and ("75", "patient_value") not in got  # a threshold
    assert got[-1] == ("4.5", "final_answer")


def test_patient_values_thresholds_markers_and_dates(ii):
    text = "Criteria:\\n1. Urea >20 mg/dL – BUN is 21 mg/dL.\\n2. Age ≥65 – patient is 41. Seen on 03/15/2020 at 10:30 by CHA2DS2 staff."
    got = kinds(ii, text, note="41 year old, BUN 21, 2020, 10, 30, 1, 2, 3, 15")
    assert got == [("21", "patient_value"), ("41", "patient_value")]
    nums = ii.tokenise("eGFR 60 mL/min/1.73 m² and 1st visit")
    assert [(n.text, n.unit) for n in nums] == [("60", "mL/min/1.73 m²")]


def test_final_answer(ii):
    got = kinds(ii, '{"step_by_step_thinking": "x = 3 + 4 = 7", "answer": "7"}')
    assert got[-1] == ("7", "final_answer") and ("7", "arithmetic") in got
    assert kinds(ii, "Sum 1 + 2 = 3. Final answer: **3**")[-1] == ("3", "final_answer")
    assert kinds(ii, "So the total is 1 + 2 = 3.\nBased on the data, the HEART Score is 3.")[-1] == ("3", "final_answer")
    assert not [k for _, k in kinds(ii, "The due date is 08/13/2021.") if k == "final_answer"]


def test_perturb_changes_the_written_value_and_keeps_precision(ii):
    rng = random.Random(0)
    for old, kind in [("1", "arithmetic"), ("0", "arithmetic"), ("27.0", "patient_value"), ("0.000158", "unit_conversion"),
                      ("21,625", "arithmetic"), ("1e-06", "coefficient"), ("0.00", "final_answer")]:
        for _ in range(30):
            new = ii.perturb(old, kind, rng)
            assert new != old and float(new.replace(",", "")) != float(old.replace(",", ""))
            assert ii._decimals(new) == ii._decimals(old)
            assert ("," in new) == ("," in old) and ("e" in new) == ("e" in old)
    for _ in range(30):
        assert int(ii.perturb("2", "points", rng)) in (3, 4)
        assert ii.perturb("one", "points", rng) in ("two", "three")
    a = [ii.perturb("12.5", "arithmetic", random.Random(7)) for _ in range(3)]
    assert len(set(a)) == 1  # seeded


def test_scan_never_raises_and_spans_are_numbers(ii):
    rng = random.Random(1)
    alphabet = "0123456789 .,+-*/=≈→()xX:;\n\\nabc mg/dL kg points answer is gives \"{}"
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 120)))
        for s in ii.scan(text, note="12 3.5 7"):
            assert text[s.start : s.end] == s.text
            assert s.kind in ii.TYPES
