"""MELD-Na per OPTN Policy 9.1 (2016) with Kim WR et al., N Engl J Med 2008;359:1018-26:
MELD(i) = 0.957 ln Cr + 0.378 ln bili + 1.120 ln INR + 0.643, rounded to the tenth and x 10; if > 11,
MELD = MELD(i) + 1.32 (137 - Na) - 0.033 MELD(i) (137 - Na); bounds 1.0 (labs), 4.0 (Cr), 125-137 (Na), cap 40."""

import pytest

from clinverify.calculators import InputError, compute


def test_worked_example_with_sodium_term():
    # Cr 2.7, bili 1.5, INR 1.1, Na 135: MELD(i) raw 1.854 -> 1.9 -> 19; 19 + 2.64 - 1.254 = 20.39 -> 20.
    r = compute("meld_na", {"creatinine": 2.7, "bilirubin": 1.5, "inr": 1.1, "sodium": 135})
    assert r.intermediates["meld_i"] == 19
    assert r.intermediates["meld_na_unrounded"] == pytest.approx(20.386)
    assert r.value == 20


def test_meld_i_rounded_to_tenth_not_integer():
    # 1.826 -> 1.8 -> 18 (MedCalc-Bench v1.0 rounded to 2 -> 20).
    r = compute("meld_na", {"creatinine": [2.0, "mg/dL"], "Bilirubin": [0.7, "mg/dL"], "international normalized ratio": 1.59, "Sodium": [142, "mEq/L"]})
    assert r.value == 18


def test_low_meld_i_has_no_sodium_term():
    r = compute("meld_na", {"creatinine": 1.0, "bilirubin": 1.0, "inr": 1.0, "sodium": 120})
    assert r.intermediates["meld_i"] == 6 and r.value == 6


def test_lower_bounds_of_one():
    r = compute("meld_na", {"creatinine": 0.5, "bilirubin": 0.3, "inr": 0.9, "sodium": 140})
    assert (r.intermediates["creatinine_used"], r.intermediates["bilirubin_used"], r.intermediates["inr_used"]) == (1.0, 1.0, 1.0)
    assert r.value == 6


def test_dialysis_sets_creatinine_to_4_even_when_low():
    r = compute("meld_na", {"creatinine": 0.8, "bilirubin": 1.0, "inr": 1.0, "sodium": 137, "Dialysis at least twice in the past week": True})
    assert r.intermediates["creatinine_used"] == 4.0
    r = compute("meld_na", {"creatinine": 0.8, "bilirubin": 1.0, "inr": 1.0, "sodium": 137, "Continuous veno-venous hemodialysis for ≥24 hours in the past week": True})
    assert r.intermediates["creatinine_used"] == 4.0


def test_creatinine_cap_sodium_bounds_and_score_cap():
    r = compute("meld_na", {"creatinine": 6.0, "bilirubin": 40, "inr": 8, "sodium": 118})
    assert r.intermediates["creatinine_used"] == 4.0 and r.intermediates["sodium_used"] == 125
    assert r.value == 40


def test_bad_input():
    with pytest.raises(InputError) as ei:
        compute("meld_na", {"creatinine": 1.0, "bilirubin": 1.0, "sodium": 137})
    assert ei.value.field == "inr"
    with pytest.raises(InputError) as ei:
        compute("meld_na", {"creatinine": 1.0, "bilirubin": 1.0, "inr": 1.0, "sodium": 137, "dialysis_twice": "maybe"})
    assert ei.value.field == "dialysis_twice"
