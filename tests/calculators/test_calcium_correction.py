"""Calcium corrected for albumin: Ca + 0.8 x (4.0 - albumin), mg/dL and g/dL.
Payne RB et al., Br Med J 1973;4:643-6 (adjustment on albumin, normal albumin 4.0 g/dL); 0.8 mg/dL per g/dL is the
conventional slope (0.02 mmol/L per g/L)."""

import pytest

from clinverify.calculators import InputError, compute


def test_worked_example():
    # Ca 8.0 mg/dL, albumin 2.5 g/dL: 8.0 + 0.8 x 1.5 = 9.2 mg/dL.
    r = compute("calcium_correction", {"Calcium": [8.0, "mg/dL"], "Albumin": [2.5, "g/dL"]})
    assert r.value == pytest.approx(9.2)
    assert r.intermediates["adjustment"] == pytest.approx(1.2)


def test_normal_albumin_no_change_and_high_albumin_lowers():
    assert compute("calcium_correction", {"calcium": 9.5, "albumin": 4.0}).value == pytest.approx(9.5)
    assert compute("calcium_correction", {"calcium": 9.5, "albumin": 5.0}).value == pytest.approx(8.7)


def test_si_units():
    # 2.26 mmol/L = 9.058 mg/dL; 28 g/L = 2.8 g/dL -> 9.058 + 0.96 = 10.018 mg/dL.
    r = compute("calcium_correction", {"Calcium": [2.26, "mmol/L"], "Albumin": [28, "g/L"]})
    assert r.value == pytest.approx(2.26 * 4.0078 + 0.8 * 1.2)


def test_custom_normal_albumin():
    r = compute("calcium_correction", {"calcium": 8.0, "albumin": 2.5, "normal_albumin": 3.5})
    assert r.value == pytest.approx(8.8)


def test_bad_input():
    with pytest.raises(InputError) as ei:
        compute("calcium_correction", {"calcium": 8.0, "albumin": [2.5, "mmHg"]})
    assert ei.value.field == "albumin"
