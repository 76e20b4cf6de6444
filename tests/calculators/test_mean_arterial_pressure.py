"""MAP = DBP + (SBP - DBP)/3, the one-third form factor (reviewed by Meaney E et al., Heart 2000;84:64)."""

import pytest

from clinverify.calculators import InputError, compute


def test_textbook_example():
    # 120/80 mmHg: 80 + 40/3 = 93.33 mmHg.
    r = compute("mean_arterial_pressure", {"Systolic Blood Pressure": [120.0, "mm hg"], "Diastolic Blood Pressure": [80.0, "mm hg"]})
    assert r.value == pytest.approx(93.333, abs=1e-3)
    assert r.intermediates["pulse_pressure"] == 40


def test_equals_two_thirds_diastolic_plus_one_third_systolic():
    r = compute("mean_arterial_pressure", {"systolic_bp": 150, "diastolic_bp": 60})
    assert r.value == pytest.approx((150 + 2 * 60) / 3)


def test_units_and_equal_pressures():
    assert compute("mean_arterial_pressure", {"sbp": [16.0, "kPa"], "dbp": [16.0, "kPa"]}).value == pytest.approx(16.0 * 7.50062, rel=1e-4)
    assert compute("mean_arterial_pressure", {"sbp": "110 mmhg", "dbp": "70 mmHg"}).value == pytest.approx(250 / 3)


def test_bad_input():
    with pytest.raises(InputError) as ei:
        compute("mean_arterial_pressure", {"sbp": 80, "dbp": 120})  # swapped
    assert ei.value.field == "diastolic_bp"
    with pytest.raises(InputError) as ei:
        compute("mean_arterial_pressure", {"sbp": [120, "mg/dL"], "dbp": 80})
    assert ei.value.field == "systolic_bp"
