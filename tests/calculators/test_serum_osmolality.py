"""Calculated osmolality = 2 Na + glucose/18 + BUN/2.8 (Gennari FJ, NEJM 1984;310:102-5)."""

import pytest

from clinverify.calculators import InputError, compute


def test_normal_values():
    # Na 140, glucose 90, BUN 14: 280 + 5 + 5 = 290 mOsm/kg.
    r = compute("serum_osmolality", {"Sodium": [140, "mEq/L"], "Glucose": [90, "mg/dL"], "Blood Urea Nitrogen (BUN)": [14, "mg/dL"]})
    assert r.value == pytest.approx(290.0)
    assert r.intermediates == pytest.approx({"sodium_term": 280.0, "glucose_term": 5.0, "bun_term": 5.0})


def test_si_inputs():
    # Glucose and urea in mmol/L count roughly one for one (2 x 140 + 10 + 5 ~ 295).
    r = compute("serum_osmolality", {"sodium": 140, "glucose": [10.0, "mmol/L"], "bun": [5.0, "mmol/L"]})
    assert r.value == pytest.approx(280 + 10 * 18.016 / 18 + 5 * 2.8014 / 2.8, rel=1e-4)


def test_hyperglycaemic_crisis():
    r = compute("serum_osmolality", {"sodium": 139, "glucose": 599, "bun": 20})
    assert r.value == pytest.approx(278 + 599 / 18 + 20 / 2.8)


def test_bad_input():
    with pytest.raises(InputError) as ei:
        compute("serum_osmolality", {"sodium": 140, "glucose": 90})
    assert ei.value.field == "bun"
