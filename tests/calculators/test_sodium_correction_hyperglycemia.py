"""Corrected Na = Na + k (glucose - 100)/100: Katz MA, NEJM 1973;289:843-4 (k = 1.6 mEq/L per 100 mg/dL);
Hillier TA et al., Am J Med 1999;106:399-403 (k = 2.4)."""

import pytest

from clinverify.calculators import InputError, compute


def test_katz_default():
    # Glucose 600 mg/dL: 5 x 100 mg/dL above normal -> + 8 mEq/L (Katz).
    r = compute("sodium_correction_hyperglycemia", {"Sodium": [125.0, "mEq/L"], "Glucose": [600.0, "mg/dL"]})
    assert r.value == pytest.approx(133.0)
    assert r.intermediates["factor"] == 1.6


def test_hillier_option():
    r = compute("sodium_correction_hyperglycemia", {"sodium": 125, "glucose": 600, "factor": "hillier"})
    assert r.value == pytest.approx(137.0)
    assert compute("sodium_correction_hyperglycemia", {"sodium": 125, "glucose": 600, "factor": "2.4"}).value == pytest.approx(137.0)


def test_glucose_in_mmol_per_litre():
    # 36.8 mmol/L = 663 mg/dL: 126 + 1.6 x 5.63 = 135.0.
    r = compute("sodium_correction_hyperglycemia", {"Sodium": [126.0, "mmol/L"], "Glucose": [36.8, "mmol/L"]})
    assert r.value == pytest.approx(126 + 0.016 * (36.8 * 18.016 - 100), rel=1e-4)


def test_no_correction_without_hyperglycaemia():
    r = compute("sodium_correction_hyperglycemia", {"sodium": 140, "glucose": 70})
    assert r.value == 140
    assert r.intermediates["adjustment"] == 0


def test_bad_input():
    with pytest.raises(InputError) as ei:
        compute("sodium_correction_hyperglycemia", {"sodium": 140, "glucose": 300, "factor": "3.0"})
    assert ei.value.field == "factor"
